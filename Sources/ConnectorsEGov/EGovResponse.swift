import ConnectorsHTTP
import ConnectorsSigning
import PlugboardCore
import X509

/// SmartBridge's answers read: a SOAP fault (`SendMessageFault` with its `errorInfo`) or a response whose status is
/// not a success become errors in the taxonomy with the code and message kept; otherwise the response's info and its
/// data as JSON and as XML.
enum EGovResponse {
    /// SmartBridge's status code for a message handled.
    static let success = "SCSS001"

    /// The error codes the gateway answers with, by class: SCE000 the message's shape, SCE001 the sender's login,
    /// SCE002 the signature, SCE003 an unknown service or correlation id, SCE004 access, SCE005 the provider down,
    /// SCE006 no async response yet, SCE404 nothing found. Others are upstream errors, their code kept.
    static func error(code: String, message: String, details: JSONObject) -> ConnectorError {
        let text = "SmartBridge: \(message) (\(code))"
        switch code {
        case "SCE000": return ConnectorError(.invalidInput, message: text, fix: "The gateway refused the message's shape; read the message.", details: .object(details))
        case "SCE001":
            return ConnectorError(.authenticationFailed, message: text, fix: "Check the sender id and the credential's loginPassword.", details: .object(details))
        case "SCE002":
            return ConnectorError(
                .authenticationFailed, message: text, fix: "The signature was refused: check that the signing key is the one registered for this sender.",
                details: .object(details))
        case "SCE003": return ConnectorError(.notFound, message: text, fix: "Check the serviceId.", details: .object(details))
        case "SCE004": return ConnectorError(.permissionDenied, message: text, fix: "Ask for this sender's access to the service.", details: .object(details))
        case "SCE005": return ConnectorError(.unavailable, message: text, retryable: true, details: .object(details))
        case "SCE006": return ConnectorError(.notFound, message: text, fix: "The service has not answered yet; fetch again later.", retryable: true, details: .object(details))
        case "SCE404": return ConnectorError(.notFound, message: text, details: .object(details))
        default: return ConnectorError(.upstreamError, message: text, details: .object(details))
        }
    }

    /// The failure in an HTTP answer: a SOAP fault, whatever the status.
    static func failure(_ response: HTTPResponseMessage, redactor: Redactor) -> ConnectorError? {
        guard let root = try? XMLTreeParser.parse(response.body),
            let fault = root.element(named: "Body", namespace: EGovEnvelope.soap)?.element(named: "Fault", namespace: EGovEnvelope.soap)
        else { return nil }
        let read = SOAPFault(fault, envelopeNamespace: EGovEnvelope.soap)
        let info = fault.element(named: "detail")?.elements.first?.element(named: "errorInfo")
        let code = info?.element(named: "errorCode")?.text ?? read.code
        let message = redactor.redact(info?.element(named: "errorMessage")?.text ?? read.reason)
        var details: JSONObject = ["faultcode": .string(read.code), "faultstring": .string(redactor.redact(read.reason)), "errorCode": .string(code)]
        if let detail = read.detail { details["detail"] = detail }
        return error(code: code, message: message, details: details)
    }

    /// Refuses an answer that is not signed by the gateway over its Body (WS-Security, the Body by its `wsu:Id`).
    static func checkSignature(_ root: XMLTreeElement, by gateway: Certificate) async throws(ConnectorError) {
        let bodyID = root.element(named: "Body", namespace: EGovEnvelope.soap)?.attribute("Id", namespace: EGovEnvelope.wsu)
        let reason: String
        do {
            let result = try await XMLSignatureVerification.verify(root, roots: [], mustCover: bodyID ?? "", signers: [gateway])
            guard !result.valid else { return }
            reason = result.reason ?? "its signature is invalid"
        } catch {
            reason = error.message
        }
        throw ConnectorError(
            .upstreamError, message: "SmartBridge's answer is not signed by the gateway's certificate: \(reason)",
            cause: "The answer was changed on its way, or came from elsewhere, or the gateway's certificate has changed.",
            fix: "Check the connector's gatewayCertificate against the one SmartBridge publishes.")
    }

    /// A successful answer, parsed.
    static func parse(_ body: [UInt8]) throws(ConnectorError) -> XMLTreeElement {
        do {
            return try XMLTreeParser.parse(body)
        } catch {
            throw ConnectorError(.upstreamError, message: "SmartBridge answered something that is not XML: \(error)")
        }
    }

    /// A successful answer's info and data.
    static func read(_ root: XMLTreeElement, channel: EGovChannel) throws(ConnectorError) -> JSONValue {
        guard let response = root.element(named: "Body", namespace: EGovEnvelope.soap)?.elements.first?.element(named: "response") else {
            throw ConnectorError(.upstreamError, message: "SmartBridge's answer has no SendMessageResponse/response.")
        }
        let info = response.element(named: channel == .sync ? "responseInfo" : "messageInfo")
        let status = info?.element(named: "status")
        let code = status?.element(named: "code")?.text.trimmingXMLWhitespace() ?? ""
        let message = status?.element(named: "message")?.text ?? ""
        guard code == success else {
            throw error(code: code.isEmpty ? "no status" : code, message: message.isEmpty ? "the message was not handled" : message,
                        details: ["status": ["code": .string(code), "message": .string(message)]])
        }
        var answer: JSONObject = ["info": info?.genericJSON ?? .null]
        if let data = response.element(named: channel == .sync ? "responseData" : "messageData")?.element(named: "data") {
            answer["data"] = data.genericJSON
            answer["xml"] = .string(String(decoding: ExclusiveCanonicalization().canonicalize(data), as: UTF8.self))
        }
        return .object(answer)
    }
}
