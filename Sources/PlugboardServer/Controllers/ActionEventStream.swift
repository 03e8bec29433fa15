import Hummingbird
import PlugboardCore
import PlugboardRuntime

/// An execution answered as server-sent events, for a caller that sent `Accept: text/event-stream`: each piece the
/// action streams as `event: delta`, then `event: result` with `{executionId, durationMs, output}` (the body a plain
/// call answers with) or `event: error` with `{error}`. What fails before the action runs (no such connector, input
/// that does not match) is answered with its error status instead, since no stream has begun.
enum ActionEventStream {
    /// Whether the request asks for an event stream.
    static func isRequested(by request: Request) -> Bool {
        request.headers[.accept]?.contains("text/event-stream") ?? false
    }

    private enum Item: Sendable {
        case delta(JSONValue)
        case result(Runtime.Outcome)
        case failure(ConnectorError)
    }

    /// The streamed response for `prepared`. The execution runs while the body is written; a caller that goes away
    /// cancels it.
    static func response(running prepared: Runtime.PreparedExecution, on runtime: Runtime) -> Response {
        let body = ResponseBody { writer in
            let (items, continuation) = AsyncStream.makeStream(of: Item.self, bufferingPolicy: .unbounded)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    let sink = ActionEventSink { continuation.yield(.delta($0)) }
                    do {
                        continuation.yield(.result(try await runtime.run(prepared, events: sink)))
                    } catch let error as ConnectorError {
                        continuation.yield(.failure(error))
                    } catch {
                        continuation.yield(.failure(ConnectorError(.internalError, message: "The execution failed unexpectedly.")))
                    }
                    continuation.finish()
                }
                // A write that fails (the caller went away) leaves the group with its error, which cancels the execution.
                for await item in items {
                    try await writer.write(ByteBuffer(bytes: event(item)))
                }
                try await writer.finish(nil)
            }
        }
        return Response(
            status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache, no-transform"], body: body)
    }

    private static func event(_ item: Item) -> [UInt8] {
        let (name, data): (String, [UInt8])
        switch item {
        case .delta(let delta):
            (name, data) = ("delta", delta.jsonBytes())
        case .result(let outcome):
            (name, data) = ("result", outcome.resultBody)
        case .failure(let error):
            (name, data) = ("error", (["error": error.json] as JSONValue).jsonBytes())
        }
        // JSON text has no raw newlines, so each event is one data line.
        return Array("event: \(name)\ndata: ".utf8) + data + Array("\n\n".utf8)
    }
}

extension Runtime.Outcome {
    /// `{executionId, durationMs, output}`, written around the output's bytes without parsing them again.
    var resultBody: [UInt8] {
        var bytes: [UInt8] = Array(#"{"executionId":"#.utf8)
        JSONValue.string(executionID).write(into: &bytes)
        bytes.append(contentsOf: #","durationMs":"#.utf8)
        duration.millisecondsValue.write(into: &bytes)
        bytes.append(contentsOf: #","output":"#.utf8)
        bytes.append(contentsOf: outputBytes)
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }
}
