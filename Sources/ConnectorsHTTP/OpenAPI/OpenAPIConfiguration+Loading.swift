import PlugboardCore

extension OpenAPIConfiguration {
    /// The document's spec: the inline one, or the one fetched from `documentURL` through the egress guard.
    func loadSpec(network: any NetworkAccess, deadline: ContinuousClock.Instant) async throws -> OpenAPISpec {
        if let spec = try inlineSpec() { return spec }
        guard let documentURL else { throw ConnectorError.invalidConfiguration("The document URL is missing.", field: "documentUrl") }
        let text = try await fetchDocument(documentURL, network: network, deadline: deadline)
        return try OpenAPISpecLoader.load(text, field: "documentUrl", source: documentURL)
    }

    /// GETs the document; a non-2xx answer or a failed connection is `invalid_configuration` (egress refusals keep their code).
    private func fetchDocument(_ url: String, network: any NetworkAccess, deadline: ContinuousClock.Instant) async throws -> String {
        let transport = try await network.makeHTTPClient(clientOptions(clientCertificate: nil))
        let request = HTTPRequestMessage(
            method: "GET", url: url,
            headers: [("Accept", "application/json, application/yaml;q=0.9, text/yaml;q=0.9, */*;q=0.5"), ("User-Agent", HeaderList.defaultUserAgent)])
        let response: HTTPResponseMessage
        do {
            response = try await transport.send(request, deadline: min(deadline, .now + connection.timeout))
            await transport.shutdown()
        } catch let error as ConnectorError {
            await transport.shutdown()
            if error.code == .egressDenied { throw error }
            throw OpenAPISpecLoader.refusal(
                "The OpenAPI document could not be fetched from \(url): \(error.message)", field: "documentUrl",
                fix: "Check that the document URL is right and its server is reachable from Plugboard.")
        } catch {
            await transport.shutdown()
            throw error
        }
        guard (200...299).contains(response.status) else {
            throw OpenAPISpecLoader.refusal(
                "Fetching the OpenAPI document from \(url) answered HTTP \(response.status).", field: "documentUrl",
                fix: "Check the document URL; it must serve the document itself without a login.")
        }
        return String(decoding: response.body, as: UTF8.self)
    }
}
