import ArgumentParser
import PlugboardCore

/// `plugboard credentials create --name N --kind K --field key=value ...`.
struct CredentialsCreate: APICommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create a credential.",
        discussion: """
            Kinds and their fields (see 'plugboard credentials kinds'):
              username_password   username, password
              bearer_token        token
              api_key             key, name (header or parameter name),
                                  placement (header|query)
              oauth2              grantType, tokenUrl, clientId, clientSecret,
                                  scope, accessToken, refreshToken, expiresAt
              ssh_key             username, privateKey, passphrase
              client_certificate  format (pem|pkcs12), certificate, privateKey,
                                  pkcs12, password
              custom              any fields, all secret

            Example:
              printf '%s' "$TOKEN" | plugboard credentials create -a demo \\
                  --name api-token --kind bearer_token --field-stdin token
            """
    )

    @OptionGroup var server: ServerOptions
    @OptionGroup var app: ApplicationOptions

    @Option(help: "The credential's name, unique in the application.")
    var name: String

    @Option(help: "The kind: username_password, bearer_token, api_key, oauth2, ssh_key, client_certificate, custom.")
    var kind: String

    @OptionGroup var fields: CredentialFieldOptions

    func validate() throws {
        if name.isEmpty { throw ValidationError("--name cannot be empty.") }
        guard CredentialKind(named: kind) != nil else {
            let kinds = CredentialKind.all.map(\.rawValue).joined(separator: ", ")
            throw ValidationError("Unknown credential kind '\(kind)'; expected one of: \(kinds).")
        }
    }

    func run() async throws {
        let values = try fields.values()
        let console = Console(secrets: CredentialFieldOptions.secrets(in: values, kind: kind))
        let body: JSONValue = [
            "name": .string(name), "kind": .string(kind),
            "fields": .object(JSONObject(values.map { ($0.0, JSONValue.string($0.1)) })),
        ]
        let response: APIResponse
        do {
            response = try await server.client().post("\(app.path)/credentials", body: body)
        } catch {
            throw error.redacting(console.redactor)
        }
        if server.json { return console.printJSON(response) }
        let secrets = (response.json["secretFields"]?.arrayValue ?? []).compactMap(\.stringValue)
        console.print(
            "Created credential \(Display.text(response.json["name"])) (\(Display.text(response.json["id"])))"
                + (secrets.isEmpty ? "." : "; secret fields set: \(secrets.joined(separator: ", ")).")
        )
    }
}
