import Foundation
import Hummingbird
import PlugboardCore
import PlugboardTestSupport
import Synchronization

/// An OpenWeather double on an `UpstreamServer`, answering as OpenWeather's API documents do: the key as `appid` in
/// the query (401 `{"cod":401,"message":"Invalid API key…"}` otherwise), `cod` a number in some answers and a string
/// in others, 404 `{"cod":"404","message":"city not found"}`, 400 `Nothing to geocode`, and 429 with OpenWeather's
/// body (no Retry-After) the first time the city `Busy` is asked for.
final class OpenWeatherDouble: Sendable {
    static let key = "0123456789abcdef0123456789abcdef"
    private let busy = Mutex(false)

    var routes: UpstreamServer.Routes {
        { router, _ in
            for path in ["/data/2.5/weather", "/data/2.5/forecast", "/geo/1.0/direct", "/geo/1.0/zip", "/geo/1.0/reverse", "/data/2.5/air_pollution", "/data/2.5/air_pollution/forecast"] {
                router.get(RouterPath(path)) { request, _ in self.answer(path, request.uri.queryParameters) }
            }
        }
    }

    private func answer(_ path: String, _ query: Hummingbird.Parameters) -> Response {
        guard query["appid"].map(String.init) == Self.key else {
            return Self.json(["cod": 401, "message": "Invalid API key. Please see https://openweathermap.org/faq#error401 for more info."], status: 401)
        }
        let q = query["q"].map(String.init)
        if q == "Busy", busy.withLock({ done in defer { done = true }; return !done }) {
            return Self.json([
                "cod": 429,
                "message": "Your account is temporary blocked due to exceeding of requests limitation of your subscription type. Please choose the proper subscription https://openweathermap.org/price",
            ], status: 429)
        }
        let units = query["units"].map(String.init) ?? "standard"
        let language = query["lang"].map(String.init) ?? "en"
        switch path {
        case "/geo/1.0/direct":
            guard let q, !q.trimmingCharacters(in: .whitespaces).isEmpty else { return Self.json(["cod": "400", "message": "Nothing to geocode"], status: 400) }
            let limit = Int(query["limit"].map(String.init) ?? "5") ?? 5
            let found: [JSONValue] = q.hasPrefix("London") ? [Self.london, ["name": "London", "lat": 42.98, "lon": -81.25, "country": "CA", "state": "Ontario"]] : []
            return Self.json(.array(Array(found.prefix(limit))))
        case "/geo/1.0/zip":
            guard query["zip"].map(String.init) == "E14,GB" else { return Self.json(["cod": "404", "message": "not found"], status: 404) }
            return Self.json(["zip": "E14", "name": "London", "lat": 51.5074, "lon": -0.0166, "country": "GB"])
        case "/geo/1.0/reverse":
            return Self.json([Self.london])
        case "/data/2.5/air_pollution", "/data/2.5/air_pollution/forecast":
            let hours = path.hasSuffix("forecast") ? 4 : 1
            let list: [JSONValue] = (0..<hours).map { hour in
                ["dt": .integer(1_733_300_000 + Int64(hour) * 3600), "main": ["aqi": 2],
                 "components": ["co": 201.94, "no": 0.02, "no2": 0.77, "o3": 68.66, "so2": 0.64, "pm2_5": 0.5, "pm10": 0.54, "nh3": 0.12]]
            }
            return Self.json(["coord": ["lon": 50.0, "lat": 50.0], "list": .array(list)])
        default:
            break
        }
        // Weather: one way of naming the place.
        let place: JSONValue
        if let q {
            guard q.hasPrefix("London") || q == "Busy" else { return Self.json(["cod": "404", "message": "city not found"], status: 404) }
            place = ["id": 2_643_743, "name": .string(q == "Busy" ? "Busy" : "London"), "country": "GB"]
        } else if let lat = query["lat"], let lon = query["lon"] {
            guard let latitude = Double(String(lat)), abs(latitude) <= 90 else { return Self.json(["cod": "400", "message": "wrong latitude"], status: 400) }
            place = ["id": 0, "name": "", "coord": ["lat": .number(latitude), "lon": .number(Double(String(lon)) ?? 0)]]
        } else if query["zip"].map(String.init) == "E14,GB" || query["id"].map(String.init) == "2643743" {
            place = ["id": 2_643_743, "name": "London", "country": "GB"]
        } else {
            return Self.json(["cod": "400", "message": "Nothing to geocode"], status: 400)
        }
        let temperature: Double = units == "metric" ? 11.2 : units == "imperial" ? 52.16 : 284.35
        let description = language == "de" ? "Leichter Regen" : "light rain"
        let weather: JSONObject = ["main": ["temp": .number(temperature), "humidity": 81], "weather": [["id": 500, "main": "Rain", "description": .string(description)]]]
        if path == "/data/2.5/forecast" {
            let count = Int(query["cnt"].map(String.init) ?? "40") ?? 40
            let list: [JSONValue] = (0..<count).map { step in
                var entry = weather
                entry["dt"] = .integer(1_733_310_000 + Int64(step) * 10_800)
                return .object(entry)
            }
            return Self.json(["cod": "200", "message": 0, "cnt": .integer(Int64(count)), "list": .array(list), "city": place])
        }
        var current = weather
        current["name"] = place["name"] ?? ""
        current["id"] = place["id"] ?? 0
        current["cod"] = 200
        return Self.json(.object(current))
    }

    static let london: JSONValue = [
        "name": "London", "local_names": ["en": "London", "de": "London", "ru": "Лондон"], "lat": 51.5073219, "lon": -0.1276474, "country": "GB",
        "state": "England",
    ]

    static func json(_ value: JSONValue, status: Int = 200) -> Response {
        Response(status: .init(code: status), headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: value.jsonBytes())))
    }
}
