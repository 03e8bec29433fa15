import PlugboardCore

extension HTTPStreamingResponse {
    /// The start of a failed answer's body (up to `HTTPStatusFailure.bodyExcerptLimit` bytes) as a whole response,
    /// for the error that reports it; a body that breaks off gives what arrived.
    public func failedHead() async -> HTTPResponseMessage {
        var excerpt: [UInt8] = []
        do {
            for try await part in body {
                excerpt += part
                if excerpt.count >= HTTPStatusFailure.bodyExcerptLimit { break }
            }
        } catch {}
        return HTTPResponseMessage(status: status, headers: headers, body: excerpt)
    }
}
