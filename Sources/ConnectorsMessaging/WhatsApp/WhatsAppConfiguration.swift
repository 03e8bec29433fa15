import ConnectorsHTTP
import PlugboardCore

/// The `whatsapp` connector's fields: which provider's API (Meta's Cloud API or 360dialog, which share the message
/// body), and for Meta the Graph API version and the sending phone number's id.
public struct WhatsAppConfiguration: HTTPConnectionConfiguration {
    public enum Provider: String, FieldChoice {
        case meta
        case dialog360 = "360dialog"
    }

    public var provider = Provider.meta
    /// Meta's Graph API version, such as v21.0.
    public var apiVersion = "v21.0"
    /// Meta's id of the sending phone number (not the number itself).
    public var phoneNumberID = ""
    /// The API's root; empty means the provider's.
    public var baseURL = ""
    public var connection = HTTPConnectionOptions()
    public var maxConcurrency = 16

    public init() {}

    public static let fields = FieldList<Self> {
        Field("provider", \.provider, title: "Provider", description: "meta for the WhatsApp Cloud API, 360dialog for its hosted API.")
        Field("apiVersion", \.apiVersion, title: "Graph API version", description: "Meta only, such as v21.0.", minLength: 2)
        Field("phoneNumberId", \.phoneNumberID, title: "Phone number id", description: "Meta only: the id WhatsApp Manager shows for the sending number.")
        Field("baseUrl", \.baseURL, title: "Base URL", description: "Empty: https://graph.facebook.com (Meta) or https://waba-v2.360dialog.io (360dialog).")
        FieldGroup(\.connection)
        Field("maxConcurrency", \.maxConcurrency, title: "Maximum concurrent requests", minimum: 1, maximum: 256)
    }

    public func validate() throws(ConnectorError) {
        if !baseURL.isEmpty { try HTTPConnectionOptions.checkURL(baseURL, field: "baseUrl", what: "The base URL") }
        if provider == .meta {
            guard !phoneNumberID.isEmpty, phoneNumberID.allSatisfy(\.isNumber) else {
                throw .invalidConfiguration("Meta's Cloud API needs the phone number id (digits), from WhatsApp Manager.", field: "phoneNumberId")
            }
            guard apiVersion.hasPrefix("v"), !apiVersion.contains("/") else {
                throw .invalidConfiguration("The Graph API version looks like v21.0.", field: "apiVersion")
            }
        }
    }

    public var pooling: PoolSettings { .shared(maxConcurrency) }

    /// Where `messages` and `media` live: `<root>/<version>/<phone-number-id>` for Meta, the root for 360dialog.
    var endpoint: String {
        switch provider {
        case .meta: return (baseURL.isEmpty ? "https://graph.facebook.com" : trimmed(baseURL)) + "/\(apiVersion)/\(phoneNumberID)"
        case .dialog360: return baseURL.isEmpty ? "https://waba-v2.360dialog.io" : trimmed(baseURL)
        }
    }

    private func trimmed(_ url: String) -> String { url.hasSuffix("/") ? String(url.dropLast()) : url }
}
