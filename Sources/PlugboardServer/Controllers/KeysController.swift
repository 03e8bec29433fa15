import Hummingbird
import NIOCore
import PlugboardCore
import PlugboardStore

/// Master keys: which is active, how many credentials each wraps, and online rotation with streamed progress.
struct KeysController {
    let instance: PlugboardInstance

    var routes: [APIRoute] {
        [
            APIRoute(
                method: .get, path: "/api/v1/keys", operationID: "getKeys", summary: "Master keys and the credentials each wraps",
                tag: "Keys", responseSchema: APISchemas.ref("Keys")
            ) { _, context in
                try context.requirePrincipal().authorizeGlobal(.admin, to: "read key status")
                let counts = try await instance.store.credentialCountsByKey()
                let ids = instance.box.keyIDs + counts.keys.filter { !instance.box.keyIDs.contains($0) }.sorted()
                let keys = ids.map { id -> JSONValue in
                    ["id": .string(id), "active": .bool(id == instance.box.activeKeyID), "available": .bool(instance.box.keyIDs.contains(id)),
                     "credentials": .integer(Int64(counts[id] ?? 0))]
                }
                let source: JSONValue = instance.keySource == .environment ? "environment" : "file"
                return .json(["activeKeyId": .string(instance.box.activeKeyID), "source": source, "keys": .array(keys)])
            },
            APIRoute(
                method: .post, path: "/api/v1/keys/rotate", operationID: "rotateKeys",
                summary: "Make a new master key and re-wrap every credential online; progress streams as NDJSON", tag: "Keys",
                responseSchema: APISchemas.ref("RotationProgress"), responseContentType: "application/x-ndjson"
            ) { _, context in
                try context.requirePrincipal().authorizeGlobal(.admin, to: "rotate keys")
                let rotation = KeyRotation(store: instance.store, box: instance.box, source: instance.keySource)
                // The rotation runs in the service group and finishes even if the caller goes away; this only reports.
                let lines = instance.keyRotations.start(rotation, logger: context.logger)
                let body = ResponseBody { writer in
                    for await line in lines {
                        var bytes = line.jsonBytes()
                        bytes.append(UInt8(ascii: "\n"))
                        try await writer.write(ByteBuffer(bytes: bytes))
                    }
                    try await writer.finish(nil)
                }
                return Response(status: .ok, headers: [.contentType: "application/x-ndjson"], body: body)
            },
        ]
    }

    static func progressLine(_ event: KeyRotation.Event) -> JSONValue {
        switch event {
        case .started(let total): return ["phase": "started", "total": .integer(Int64(total))]
        case .rewrapped(let done, let total): return ["phase": "rewrapping", "done": .integer(Int64(done)), "total": .integer(Int64(total))]
        case .completed(let keyID, let total): return ["phase": "completed", "keyId": .string(keyID), "total": .integer(Int64(total))]
        }
    }
}
