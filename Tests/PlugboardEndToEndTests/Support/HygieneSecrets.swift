import Foundation

/// The distinct secret values the hygiene test hands Plugboard, each easy to search for.
struct HygieneSecrets: Sendable {
    var marker: String
    var bearer: String { "hyg-bearer-\(marker)-Zq7" }
    var rotatedBearer: String { "hyg-bearer-rotated-\(marker)-Zq7" }
    var password: String { "hyg-password-\(marker)-Zq7" }
    var apiKey: String { "hyg-apikey-\(marker)-Zq7" }
    var custom: String { "hyg-custom-\(marker)-Zq7" }
    var viaAPI: String { "hyg-viaapi-\(marker)-Zq7" }
    var rejected: String { "hyg-rejected-\(marker)-Zq7" }

    /// Every secret, plus the Basic authorization value built from the password.
    var all: [String] {
        [bearer, rotatedBearer, password, apiKey, custom, viaAPI, rejected,
         Data("alice:\(password)".utf8).base64EncodedString()]
    }
}
