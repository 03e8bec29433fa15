import PlugboardCore

/// Where the weather is asked for: one of a city name, coordinates, a postal code or a city id.
struct OpenWeatherPlaceInput: FieldSet {
    var city: String?
    var latitude: Double?
    var longitude: Double?
    var zip: String?
    var cityId: Int?
    var units: OpenWeatherConfiguration.Units?
    var language: String?
    var count: Int?

    init() {}

    static let fields = FieldList<Self> {
        Field("city", \.city, title: "City", description: "A name, with a country code when it matters: London,GB or Almaty,KZ.")
        Field("latitude", \.latitude, title: "Latitude", minimum: -90, maximum: 90)
        Field("longitude", \.longitude, title: "Longitude", minimum: -180, maximum: 180)
        Field("zip", \.zip, title: "Postal code", description: "With a country code: 10001,US or E14,GB.")
        Field("cityId", \.cityId, title: "City id", description: "OpenWeather's id of the city.", minimum: 1)
        Field("units", \.units, title: "Units", description: "Instead of the connector's.")
        Field("language", \.language, title: "Language", description: "Instead of the connector's.", minLength: 2, maxLength: 5)
        Field("count", \.count, title: "Time steps", description: "For the forecast: how many 3-hour steps (all 40 when left out).", minimum: 1, maximum: 40)
    }

    /// The place as query parameters; exactly one way of naming it.
    func query() throws(ConnectorError) -> [(String, String)] {
        var given: [[(String, String)]] = []
        if let city { given.append([("q", city)]) }
        if latitude != nil || longitude != nil {
            guard let latitude, let longitude else { throw .invalidInput("Give both latitude and longitude.", field: latitude == nil ? "latitude" : "longitude") }
            given.append([("lat", String(latitude)), ("lon", String(longitude))])
        }
        if let zip { given.append([("zip", zip)]) }
        if let cityId { given.append([("id", String(cityId))]) }
        guard given.count == 1, var query = given.first else {
            throw .invalidInput(given.isEmpty ? "Say where: a city, coordinates, a postal code or a city id." : "Say where one way only.", field: "city")
        }
        if let units { query.append(("units", units.rawValue)) }
        if let language { query.append(("lang", language)) }
        if let count { query.append(("cnt", String(count))) }
        return query
    }
}

struct OpenWeatherGeocodeInput: FieldSet {
    var query = ""
    var limit = 5

    init() {}

    static let fields = FieldList<Self> {
        Field("query", \.query, title: "Place", description: "City name, with state and country codes when it matters: Springfield,IL,US.", minLength: 1, required: true)
        Field("limit", \.limit, title: "Places at most", minimum: 1, maximum: 5)
    }
}

struct OpenWeatherZipInput: FieldSet {
    var zip = ""

    init() {}

    static let fields = FieldList<Self> {
        Field("zip", \.zip, title: "Postal code", description: "With a country code: 10001,US or E14,GB.", minLength: 1, required: true)
    }
}

struct OpenWeatherCoordinatesInput: FieldSet {
    var latitude = 0.0
    var longitude = 0.0
    var limit = 5
    var forecast = false

    init() {}

    static let fields = FieldList<Self> {
        Field("latitude", \.latitude, title: "Latitude", minimum: -90, maximum: 90, required: true)
        Field("longitude", \.longitude, title: "Longitude", minimum: -180, maximum: 180, required: true)
        Field("limit", \.limit, title: "Places at most", description: "For reverse geocoding.", minimum: 1, maximum: 5)
        Field("forecast", \.forecast, title: "Forecast", description: "For air pollution: the hourly forecast instead of now.")
    }

    var coordinates: [(String, String)] { [("lat", String(latitude)), ("lon", String(longitude))] }
}
