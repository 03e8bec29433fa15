import Foundation
import PlugboardCore
import PlugboardStore

/// How records read in the API. Credentials show which secret fields are set, never their values.
extension ApplicationRecord {
    var json: JSONValue {
        ["id": .string(id), "name": .string(name), "createdAt": .string(ISO8601.string(from: createdAt))]
    }
}

extension CredentialRecord {
    var json: JSONValue {
        var object: JSONObject = [
            "id": .string(id), "applicationId": .string(applicationID), "name": .string(name), "kind": .string(kind.rawValue),
            "fields": .object(JSONObject(publicFields.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            "secretFields": .array(secretFieldNames.map { .string($0) }),
        ]
        object["expiresAt"] = expiresAt.map { .string(ISO8601.string(from: $0)) } ?? .null
        object["version"] = .integer(Int64(version))
        object["createdAt"] = .string(ISO8601.string(from: createdAt))
        object["updatedAt"] = .string(ISO8601.string(from: updatedAt))
        return .object(object)
    }
}

extension ConnectorRecord {
    func json(credentialName: String?) -> JSONValue {
        [
            "id": .string(id), "applicationId": .string(applicationID), "name": .string(name), "description": .string(description),
            "type": .string(type), "resource": .string(type), "options": .object(options), "credentialId": credentialID.map(JSONValue.string) ?? .null,
            "credentialName": credentialName.map(JSONValue.string) ?? .null, "version": .integer(Int64(version)),
            "createdAt": .string(ISO8601.string(from: createdAt)), "updatedAt": .string(ISO8601.string(from: updatedAt)),
        ]
    }
}

extension DependentRecord {
    var json: JSONValue {
        ["id": .string(id), "kind": .string(kind), "name": .string(name), "createdAt": .string(ISO8601.string(from: createdAt))]
    }
}

extension TokenRecord {
    func json(applicationName: String?) -> JSONValue {
        [
            "id": .string(id), "name": .string(name), "applicationId": applicationID.map(JSONValue.string) ?? .null,
            "applicationName": applicationName.map(JSONValue.string) ?? .null, "role": .string(role.rawValue),
            "createdAt": .string(ISO8601.string(from: createdAt)),
            "lastUsedAt": lastUsedAt.map { .string(ISO8601.string(from: $0)) } ?? .null,
        ]
    }
}

extension ExecutionRecord {
    var json: JSONValue {
        [
            "id": .string(id), "startedAt": .string(ISO8601.string(from: startedAt)), "tokenName": .string(tokenName),
            "connectorId": .string(connectorID), "connectorName": .string(connectorName), "action": .string(action),
            "status": .string(status), "errorCode": errorCode.map(JSONValue.string) ?? .null,
            "durationMs": .number((durationMs * 1000).rounded() / 1000), "inputBytes": .integer(Int64(inputBytes)),
            "outputBytes": .integer(Int64(outputBytes)), "runId": runID.map(JSONValue.string) ?? .null,
            "tokens": tokens.map(\.json) ?? .null,
        ]
    }
}

extension Page {
    /// `{items, total, limit, offset}`.
    func json(_ render: (Item) -> JSONValue) -> JSONValue {
        ["items": .array(items.map(render)), "total": .integer(Int64(total)), "limit": .integer(Int64(limit)), "offset": .integer(Int64(offset))]
    }
}

extension Duration {
    /// Milliseconds rounded to microseconds, as JSON.
    var millisecondsValue: JSONValue { .number((milliseconds * 1000).rounded() / 1000) }
}
