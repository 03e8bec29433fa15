import Foundation
import PlugboardAPITestSupport
import PlugboardCore
import PlugboardTestSupport
import Testing

/// The `openweather` node through Plugboard's API against an OpenWeather double.
@Suite struct OpenWeatherNodeTests {
    private func connector(_ api: APIClient, _ upstream: UpstreamServer, key: String = OpenWeatherDouble.key, name: String = "weather") async throws {
        let credential = try await api.makeCredential("data", name: "key-\(name)", kind: "api_key", fields: ["key": .string(key)])
        let reply = try await api.makeConnector("data", type: "openweather", name: name, options: ["baseUrl": .string(upstream.baseURL), "retries": 2], credential: credential)
        #expect(reply.status == .created, "\(reply.text)")
    }

    @Test func everyOperationAnswersAsOpenWeatherDoes() async throws {
        let double = OpenWeatherDouble()
        try await withUpstreamServer(routes: double.routes) { upstream in
            try await APIFixture().run { api in
                try await api.makeApplication("data")
                try await connector(api, upstream)
                let test = try await api.call(.post, "/api/v1/applications/data/connectors/weather/test")
                #expect(test.json["ok"] == true, "\(test.text)")

                let now = try await api.run("data", "weather", "current_weather", ["city": "London,GB"])
                #expect(now.output["main"]?["temp"] == 11.2 && now.output["weather"]?.arrayValue?.first?["description"] == "light rain", "\(now.text)")
                let request = try #require(upstream.requests.last)
                #expect(request.query.contains { $0 == ("units", "metric") } && request.query.contains { $0 == ("lang", "en") }, "the connector's units and language")
                let imperial = try await api.run("data", "weather", "current_weather", ["latitude": 51.5, "longitude": -0.12, "units": "imperial", "language": "de"])
                #expect(imperial.output["main"]?["temp"] == 52.16 && imperial.output["weather"]?.arrayValue?.first?["description"] == "Leichter Regen")
                #expect(try await api.run("data", "weather", "current_weather", ["zip": "E14,GB"]).output["name"] == "London")
                #expect(try await api.run("data", "weather", "current_weather", ["cityId": 2_643_743]).output["id"] == 2_643_743)

                let forecast = try await api.run("data", "weather", "forecast", ["city": "London", "count": 8])
                #expect(forecast.output["cod"] == "200" && forecast.output["list"]?.arrayValue?.count == 8, "\(forecast.text.prefix(300))")
                #expect(try await api.run("data", "weather", "forecast", ["city": "London"]).output["cnt"] == 40)

                let places = try await api.run("data", "weather", "geocode", ["query": "London", "limit": 1])
                #expect(places.output["places"]?.arrayValue?.count == 1 && places.output["places"]?.arrayValue?.first?["local_names"]?["ru"] == "Лондон")
                #expect(try await api.run("data", "weather", "geocode", ["query": "Atlantis"]).output["places"] == [])
                #expect(try await api.run("data", "weather", "geocode_zip", ["zip": "E14,GB"]).output["lat"] == 51.5074)
                let reverse = try await api.run("data", "weather", "reverse_geocode", ["latitude": 51.5, "longitude": -0.12, "limit": 1])
                #expect(reverse.output["places"]?.arrayValue?.first?["name"] == "London")
                let reverseRequest = try #require(upstream.requests.last)
                #expect(!reverseRequest.query.contains { $0.0 == "units" }, "geocoding takes no units")
                let air = try await api.run("data", "weather", "air_pollution", ["latitude": 50, "longitude": 50])
                #expect(air.output["list"]?.arrayValue?.first?["main"]?["aqi"] == 2 && air.output["list"]?.arrayValue?.count == 1)
                #expect(try await api.run("data", "weather", "air_pollution", ["latitude": 50, "longitude": 50, "forecast": true]).output["list"]?.arrayValue?.count == 4)

                // Failures in the taxonomy: cod "404" as a string, 400, and input that never leaves.
                let missing = try await api.run("data", "weather", "current_weather", ["city": "Atlantis"])
                #expect(missing.errorCode == "not_found" && missing.text.contains("city not found"), "\(missing.text)")
                #expect(try await api.run("data", "weather", "geocode_zip", ["zip": "99999,ZZ"]).errorCode == "not_found")
                let nothing = try await api.run("data", "weather", "geocode", ["query": "   "])
                #expect(nothing.errorCode == "invalid_input" && nothing.text.contains("Nothing to geocode"), "\(nothing.text)")
                let twice = try await api.run("data", "weather", "current_weather", ["city": "London", "zip": "E14,GB"])
                #expect(twice.errorCode == "invalid_input" && twice.status.code == 400, "\(twice.text)")
                let half = try await api.run("data", "weather", "current_weather", ["latitude": 51.5])
                #expect(half.errorCode == "invalid_input" && half.text.contains("longitude"), "\(half.text)")
                let count = upstream.requests.count
                #expect(try await api.run("data", "weather", "current_weather", ["latitude": 91, "longitude": 0]).errorCode == "invalid_input")
                #expect(upstream.requests.count == count, "an out-of-range latitude is refused before a request")

                let executions = try await api.call(.get, "/api/v1/applications/data/executions?limit=100")
                for text in [now.text, missing.text, test.text, executions.text] { #expect(!text.contains(OpenWeatherDouble.key)) }
            }
        }
    }

    /// 429 with OpenWeather's body and no Retry-After: tried again after the policy's delay, and the answer comes.
    /// A wrong key is authentication_failed, the key never shown.
    @Test func limitsAndKeys() async throws {
        let double = OpenWeatherDouble()
        try await withUpstreamServer(routes: double.routes) { upstream in
            try await APIFixture().run { api in
                try await api.makeApplication("data")
                try await connector(api, upstream)
                let busy = try await api.run("data", "weather", "current_weather", ["city": "Busy"])
                #expect(busy.status == .ok && busy.output["name"] == "Busy", "\(busy.text)")
                #expect(upstream.requests.filter { $0.query.contains { $0 == ("q", "Busy") } }.count == 2, "one 429, then the answer")

                try await connector(api, upstream, key: "wrong-key-5d41402abc4b2a76", name: "wrong")
                let refused = try await api.call(.post, "/api/v1/applications/data/connectors/wrong/test")
                #expect(refused.json["error"]?["code"] == "authentication_failed" && refused.text.contains("Invalid API key"), "\(refused.text)")
                let call = try await api.run("data", "wrong", "geocode", ["query": "London"])
                #expect(call.errorCode == "authentication_failed")
                let executions = try await api.call(.get, "/api/v1/applications/data/executions?limit=100")
                for text in [refused.text, call.text, executions.text] { #expect(!text.contains("wrong-key-5d41402abc4b2a76")) }
            }
        }
    }
}
