import ConnectorsHTTP
import PlugboardCore

/// The `openweather` connector's fields: where the API is, the units and language answers come in, and the common
/// HTTP options. The API key is the linked credential; it travels as `appid` in the query, so it is masked wherever a
/// URL could be shown.
public struct OpenWeatherConfiguration: HTTPConnectionConfiguration {
    public enum Units: String, FieldChoice {
        /// Kelvin, metres per second.
        case standard
        /// Celsius, metres per second.
        case metric
        /// Fahrenheit, miles per hour.
        case imperial
    }

    public var baseURL = "https://api.openweathermap.org"
    public var connection = HTTPConnectionOptions()
    public var units = Units.metric
    /// Descriptions' language, such as en, de, ru, kk, zh_cn.
    public var language = "en"
    /// Further attempts after a 429 or a 5xx.
    public var retries = 2
    public var maxConcurrency = 16

    public init() {}

    public static let fields = FieldList<Self> {
        Field("baseUrl", \.baseURL, title: "API URL", description: "https://api.openweathermap.org, or a proxy or test server.", format: "uri")
        Field("units", \.units, title: "Units", description: "metric (°C, m/s), imperial (°F, mph) or standard (K, m/s); an action may choose others.")
        Field("language", \.language, title: "Language", description: "Of weather descriptions and place names, such as en, de, ru, kk.", minLength: 2, maxLength: 5)
        FieldGroup(\.connection)
        Field("retries", \.retries, title: "Retries", description: "Further attempts after 429 (too many requests) and 5xx.", minimum: 0, maximum: 10)
        Field("maxConcurrency", \.maxConcurrency, title: "Maximum concurrent requests", minimum: 1, maximum: 256)
    }

    public func validate() throws(ConnectorError) {
        try HTTPConnectionOptions.checkURL(baseURL, field: "baseUrl", what: "The API URL")
    }

    public var pooling: PoolSettings { .shared(maxConcurrency) }

    var root: String { baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL }
}
