import Foundation
import PlugboardAPITestSupport
import PlugboardCore
import PlugboardTestSupport
import Testing

/// The `egov-gateway` node against the SmartBridge double, which checks the envelope, requestInfo's order and, with
/// xmlsec1 and the sender's certificate, the WS-Security signature over the Body; and signs its answers with xmlsec1,
/// which the node checks against the gateway's certificate.
@Suite struct EGovNodeTests {
    @Test(arguments: ["rsa", "ec"])
    func signedSyncCallsAreAnswered(key: String) async throws {
        let pki = try await TestPKI()
        defer { pki.remove() }
        let bridge = try SmartBridgeFixture()
        try await bridge.register(certificate: try pki.text("\(key).crt"))
        let fixture = try await APIFixture()
        try await fixture.run { api in
            try await bridge.connector(api, pki, p12: "\(key).p12")
            var texts: [String] = []
            let test = try await api.call(.post, "/api/v1/applications/gov/connectors/bridge/test")
            #expect(test.json["details"]?["senderId"]?.stringValue == bridge.senderId, "\(test.text)")

            let person = try await api.run("gov", "bridge", "person_by_iin", ["iin": "880101300123"])
            texts.append(person.text)
            #expect(person.status == .ok, "\(person.text)")
            #expect(person.output["data"]?["lastName"] == "Серикбаева" && person.output["info"]?["status"]?["code"] == "SCSS001", "\(person.text)")
            let envelope = try #require(try await bridge.requests().last { $0.contains("<senderId>\(bridge.senderId)</senderId>") && $0.contains("GBDFL") })
            // Booleans first: the envelope carries the sender's password, which a failed expectation would print.
            let signed = envelope.contains("wsse:BinarySecurityToken") && envelope.contains("<ds:Reference URI=\"#id-")
            let typed = envelope.contains("xsi:type=\"pt:PersonRequest\"")
            #expect(signed, "the Body is signed by WS-Security")
            #expect(typed, "the payload carries its xsi:type")

            let echo = try await api.run("gov", "bridge", "send_message", [
                "serviceId": "ECHO", "json": ["declaration": ["number": 42, "items": [["code": "A"], ["code": "B"]], "note": .null]], "sessionId": "s-1",
            ])
            texts.append(echo.text)
            #expect(echo.output["data"]?["declaration"]?["number"] == "42" && echo.output["data"]?["declaration"]?["items"]?.arrayValue?.count == 2, "\(echo.text)")
            #expect(echo.output["info"]?["sessionId"] == "s-1")
            let xml = try await api.run("gov", "bridge", "send_message", ["serviceId": "ECHO", "xml": "<r:ref xmlns:r=\"urn:ref\">Қ &amp; K</r:ref>"])
            #expect(xml.output["data"]?["ref"] == "Қ & K" && xml.output["xml"]?.stringValue?.contains("=\"urn:ref\">Қ &amp; K</") == true, "\(xml.text)")

            let invalid = try await api.run("gov", "bridge", "person_by_iin", ["iin": "880101300124"])
            #expect(invalid.errorCode == "invalid_input" && invalid.error["field"] == "iin", "checked before sending: \(invalid.text)")
            let nobody = try await api.run("gov", "bridge", "person_by_iin", ["iin": "920305400016"])
            #expect(nobody.errorCode == "not_found" && nobody.error["details"]?["status"]?["code"] == "SCE404", "\(nobody.text)")
            for (service, code, status) in [("NOPE", "not_found", "SCE003"), ("DENIED", "permission_denied", "SCE004"), ("BUSY", "unavailable", "SCE005")] {
                let refused = try await api.run("gov", "bridge", "send_message", ["serviceId": .string(service), "json": ["x": 1]])
                #expect(refused.errorCode == code && refused.error["details"]?["errorCode"]?.stringValue == status, "\(service): \(refused.text)")
                #expect(refused.status.code < 500 || code == "unavailable")
            }
            for text in texts { #expect(!text.contains(bridge.password) && !text.contains(TestPKI.password)) }
            #expect(!fixture.logs.text.contains(bridge.password))
        }
    }

    @Test func aWrongPasswordOrKeyIsRefused() async throws {
        let pki = try await TestPKI()
        defer { pki.remove() }
        let bridge = try SmartBridgeFixture()
        try await bridge.register(certificate: try pki.text("rsa.crt"))
        try await APIFixture().run { api in
            try await bridge.connector(api, pki, password: "not-the-password", name: "wrong")
            let login = try await api.run("gov", "wrong", "send_message", ["serviceId": "ECHO", "json": ["x": 1]])
            #expect(login.errorCode == "authentication_failed" && login.error["details"]?["errorCode"] == "SCE001", "\(login.text)")
            #expect(!login.text.contains("not-the-password"))
            // Signed by a key that is not the sender's registered certificate.
            try await bridge.connector(api, pki, p12: "ec.p12", name: "stranger")
            let key = try await api.run("gov", "stranger", "send_message", ["serviceId": "ECHO", "json": ["x": 1]])
            #expect(key.errorCode == "authentication_failed" && key.error["details"]?["errorCode"] == "SCE002", "\(key.text)")
            // Answers signed by another certificate than the gateway's are refused.
            try await bridge.connector(api, pki, name: "impostor", gateway: try pki.text("ca.crt"))
            let forged = try await api.run("gov", "impostor", "send_message", ["serviceId": "ECHO", "json": ["x": 1]])
            #expect(forged.errorCode == "upstream_error" && forged.error["message"]?.stringValue?.contains("not signed by the gateway") == true, "\(forged.text)")
        }
    }

    @Test func asyncMessagesAreFetchedByCorrelationID() async throws {
        let pki = try await TestPKI()
        defer { pki.remove() }
        let bridge = try SmartBridgeFixture()
        try await bridge.register(certificate: try pki.text("rsa.crt"))
        try await APIFixture().run { api in
            try await bridge.connector(api, pki)
            let sent = try await api.run("gov", "bridge", "send_async", ["serviceId": "ECHO", "json": ["application": ["id": "A-17"]]])
            let correlation = try #require(sent.output["correlationId"]?.stringValue, "\(sent.text)")
            #expect(sent.output["info"]?["status"]?["code"] == "SCSS001")
            let early = try await api.run("gov", "bridge", "fetch_async", ["serviceId": "ECHO", "correlationId": .string(correlation)])
            #expect(early.errorCode == "not_found" && early.error["retryable"] == true, "no response yet: \(early.text)")
            try await bridge.release(correlation)
            let answer = try await api.run("gov", "bridge", "fetch_async", ["serviceId": "ECHO", "correlationId": .string(correlation)])
            #expect(answer.output["data"]?["application"]?["id"] == "A-17", "\(answer.text)")

            // The double's own check: the same envelope with one byte of the signed Body changed is refused by xmlsec1.
            let sentEnvelope = try #require(try await bridge.requests().last { $0.contains("<senderId>\(bridge.senderId)</senderId>") })
            let tampered = sentEnvelope.replacingOccurrences(of: "<serviceId>ECHO</serviceId>", with: "<serviceId>ECH0</serviceId>")
            let (status, body, _) = try await GoogleDouble.send(
                "POST", bridge.root + "/bip-async-wss-gost/", body: Array(tampered.utf8), contentType: "text/xml; charset=utf-8")
            let changed = tampered != sentEnvelope
            let refused = status == 500 && String(decoding: body, as: UTF8.self).contains("<errorCode>SCE002</errorCode>")
            #expect(changed && refused, "a changed byte in the signed Body is refused with SCE002")
        }
    }
}
