/// SOAP 1.1 or 1.2: the envelope namespace and how the action travels.
enum SOAPVersion: String, Sendable, Hashable {
    case v11 = "1.1"
    case v12 = "1.2"

    static let envelope11 = "http://schemas.xmlsoap.org/soap/envelope/"
    static let envelope12 = "http://www.w3.org/2003/05/soap-envelope"

    /// The envelope's namespace.
    var envelopeNamespace: String { self == .v11 ? Self.envelope11 : Self.envelope12 }

    /// The request's HTTP headers: 1.1 sends `text/xml` and a quoted `SOAPAction` header; 1.2 puts the action in
    /// the `application/soap+xml` media type.
    func headers(action: String?) -> [(String, String)] {
        switch self {
        case .v11:
            return [("Content-Type", "text/xml; charset=utf-8"), ("SOAPAction", "\"\(action ?? "")\"")]
        case .v12:
            var type = "application/soap+xml; charset=utf-8"
            if let action, !action.isEmpty { type += "; action=\"\(action)\"" }
            return [("Content-Type", type)]
        }
    }

    /// The value `mustUnderstand` takes in this version.
    var mustUnderstandValue: String { self == .v11 ? "1" : "true" }
}
