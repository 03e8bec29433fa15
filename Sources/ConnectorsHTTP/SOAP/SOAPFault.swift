import PlugboardCore

/// A SOAP fault read from 1.1 (`faultcode`, `faultstring`, `faultactor`, `detail`) or 1.2 (`Code/Value`,
/// `Subcode`, `Reason/Text`, `Role`, `Detail`).
public struct SOAPFault: Sendable {
    public var code: String
    public var subcode: String?
    public var reason: String
    public var actor: String?
    /// The `detail` element as JSON (no schema: attributes and children by local name).
    public var detail: JSONValue?
    /// The code and subcode with prefixes resolved, for classification.
    var expandedCodes: [XMLName]

    public init(_ fault: XMLTreeElement, envelopeNamespace: String) {
        if envelopeNamespace == SOAPVersion.envelope12 {
            let codeElement = fault.element(named: "Code")
            let value = codeElement?.element(named: "Value")
            let sub = codeElement?.element(named: "Subcode")?.element(named: "Value")
            code = value?.text.trimmingXMLWhitespace() ?? ""
            subcode = sub?.text.trimmingXMLWhitespace()
            reason = fault.element(named: "Reason")?.elements(named: "Text").first?.text ?? ""
            actor = fault.element(named: "Role")?.text ?? fault.element(named: "Node")?.text
            detail = fault.element(named: "Detail").map { XSDDecoder.generic($0, depth: 0) }
            expandedCodes = [value, sub].compactMap { node in node.flatMap { $0.scope.resolve($0.text) } }
        } else {
            let codeElement = fault.element(named: "faultcode")
            code = codeElement?.text.trimmingXMLWhitespace() ?? ""
            reason = fault.element(named: "faultstring")?.text ?? ""
            actor = fault.element(named: "faultactor")?.text
            detail = fault.element(named: "detail").map { XSDDecoder.generic($0, depth: 0) }
            expandedCodes = codeElement.flatMap { $0.scope.resolve($0.text) }.map { [$0] } ?? []
        }
    }

    /// Whether the fault says the credential was refused (WS-Security failure codes).
    var isAuthenticationFailure: Bool {
        let securityCodes: Set<String> = ["FailedAuthentication", "InvalidSecurityToken", "InvalidSecurity", "FailedCheck"]
        return expandedCodes.contains { $0.namespace == WSSecurityUsernameToken.securityNamespace || securityCodes.contains($0.localName) }
            && expandedCodes.contains { securityCodes.contains($0.localName) }
    }

    /// Whether the fault blames the receiver (Server in 1.1, Receiver in 1.2), so a retry may help.
    var isReceiverFault: Bool {
        expandedCodes.first.map { $0.localName == "Server" || $0.localName == "Receiver" } ?? false
    }

    /// The fault as a `ConnectorError` carrying faultcode and faultstring in its details.
    func error(service: String, status: Int) -> ConnectorError {
        var details: JSONObject = ["faultcode": .string(code), "faultstring": .string(reason), "status": .integer(Int64(status))]
        if let subcode { details["faultsubcode"] = .string(subcode) }
        if let actor { details["faultactor"] = .string(actor) }
        if let detail { details["detail"] = detail }
        let message = "\(service) answered with a SOAP fault \(code)\(subcode.map { " (\($0))" } ?? ""): \(reason)"
        if isAuthenticationFailure {
            return ConnectorError(
                .authenticationFailed, message: message, cause: "The service refused the WS-Security credential.",
                fix: "Check the linked username and password credential, and whether the service expects PasswordText or PasswordDigest.",
                details: .object(details))
        }
        return ConnectorError(
            .upstreamError, message: message,
            cause: isReceiverFault ? "The service failed while handling the request." : "The service refused the request as sent.",
            fix: isReceiverFault ? "Retry later; if it persists, read the fault in the details." : "Read faultstring in the details and correct the input.",
            retryable: isReceiverFault, details: .object(details))
    }
}
