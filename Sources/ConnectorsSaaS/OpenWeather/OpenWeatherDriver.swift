import ConnectorsHTTP
import PlugboardCore

/// The `openweather` node: current weather, the 5-day forecast, geocoding and air pollution from OpenWeather,
/// answers as OpenWeather gives them.
public struct OpenWeatherDriver: ConnectorDriver {
    public static let descriptor = ConnectorTypeDescriptor(
        slug: "openweather", category: "Data", displayName: "OpenWeather",
        description: """
            Weather from OpenWeather: now or the 5-day forecast in 3-hour steps for a city, coordinates, a postal code or a \
            city id; places by name, postal code or coordinates (geocoding); air pollution now or forecast. Units and \
            language per connector or per call. The API key is the linked credential and is never shown.
            """,
        credentialKinds: [.apiKey], credentialRequired: true)

    public init() {}

    public var actions: [ConnectorAction<OpenWeatherSession>] {
        [Self.currentWeather, Self.forecast, Self.geocode, Self.geocodeZip, Self.reverseGeocode, Self.airPollution]
    }

    public func openSession(_ configuration: OpenWeatherConfiguration, context: SessionContext) async throws -> OpenWeatherSession {
        OpenWeatherSession(configuration: configuration, transport: try await context.network.makeHTTPClient(
            configuration.connection.clientOptions(maxRedirects: 2, maxConnectionsPerHost: configuration.maxConcurrency)))
    }

    /// The key works: the weather at 0°, 0°.
    public func test(_ session: OpenWeatherSession, context: CallContext) async throws -> JSONValue {
        let weather = try await session.get("/data/2.5/weather", [("lat", "0"), ("lon", "0")], context: context)
        return ["ok": .bool(weather["main"] != nil)]
    }

    static let reads = ActionAnnotations(readOnly: true, destructive: false, idempotent: true)
    static let answer = Schema.object([:], additionalProperties: true, description: "OpenWeather's answer as it gives it.")
    static let places = Schema.object(["places": Schema.array(Schema.object([:], additionalProperties: true))], required: ["places"])

    static let currentWeather = ConnectorAction<OpenWeatherSession>(
        name: "current_weather", title: "Current weather", description: "The weather now at a city, coordinates, a postal code or a city id.",
        annotations: reads, input: OpenWeatherPlaceInput.self, outputSchema: answer
    ) { session, input, context in
        try await session.get("/data/2.5/weather", try input.query(), context: context)
    }

    static let forecast = ConnectorAction<OpenWeatherSession>(
        name: "forecast", title: "5-day forecast", description: "The forecast in 3-hour steps for five days at a place.",
        annotations: reads, input: OpenWeatherPlaceInput.self, outputSchema: answer
    ) { session, input, context in
        try await session.get("/data/2.5/forecast", try input.query(), context: context)
    }

    static let geocode = ConnectorAction<OpenWeatherSession>(
        name: "geocode", title: "Find places by name", description: "Coordinates, country and local names of places with this name.",
        annotations: reads, input: OpenWeatherGeocodeInput.self, outputSchema: places
    ) { session, input, context in
        ["places": try await session.get("/geo/1.0/direct", [("q", input.query), ("limit", String(input.limit))], localized: false, context: context)]
    }

    static let geocodeZip = ConnectorAction<OpenWeatherSession>(
        name: "geocode_zip", title: "Find a place by postal code", description: "The coordinates and name of a postal code's area.",
        annotations: reads, input: OpenWeatherZipInput.self, outputSchema: answer
    ) { session, input, context in
        try await session.get("/geo/1.0/zip", [("zip", input.zip)], localized: false, context: context)
    }

    static let reverseGeocode = ConnectorAction<OpenWeatherSession>(
        name: "reverse_geocode", title: "Name a place", description: "The places at or near coordinates.",
        annotations: reads, input: OpenWeatherCoordinatesInput.self, outputSchema: places
    ) { session, input, context in
        ["places": try await session.get("/geo/1.0/reverse", input.coordinates + [("limit", String(input.limit))], localized: false, context: context)]
    }

    static let airPollution = ConnectorAction<OpenWeatherSession>(
        name: "air_pollution", title: "Air pollution", description: "The air quality index and pollutant concentrations now, or the hourly forecast.",
        annotations: reads, input: OpenWeatherCoordinatesInput.self, outputSchema: answer
    ) { session, input, context in
        try await session.get(input.forecast ? "/data/2.5/air_pollution/forecast" : "/data/2.5/air_pollution", input.coordinates, localized: false, context: context)
    }
}
