import Foundation
import PlugboardAPITestSupport
import PlugboardCore
import PlugboardTestSupport
import Testing

/// The `digital-sign` node's XML Signatures against Debian's xmlsec1: it verifies what Plugboard signs (RSA and
/// ECDSA, the whole document and an element by Id, with and without comments), Plugboard verifies what it signs, and
/// tampering, wrapping and disallowed transforms are reported invalid.
@Suite struct XMLSignatureTests {
    static let order = """
        <?xml version="1.0" encoding="UTF-8"?>
        <order xmlns="urn:shop" xmlns:m="urn:meta">
          <!-- placed through the web shop -->
          <m:info Id="info-1" m:channel="web"><m:placed>2026-12-04T10:00:00Z</m:placed></m:info>
          <line sku="A-1" qty="2">Чай, 250 г</line>
          <line sku="B-7" qty="1">Tea &amp; biscuits</line>
        </order>
        """

    /// xmlsec1's verdict on `xml`, trusting the test root; `idElement` registers `Id` as an id on that element.
    func xmlsec(_ pki: TestPKI, _ xml: String, idElement: String? = nil) async throws -> (ok: Bool, errors: String) {
        try xml.write(toFile: pki.path("signed.xml"), atomically: true, encoding: .utf8)
        let id = idElement.map { ["--id-attr:Id", $0] } ?? []
        let result = try await Subprocess.capture("/usr/bin/env", ["xmlsec1", "--verify", "--trusted-pem", pki.path("ca.crt")] + id + [pki.path("signed.xml")])
        return (result.status == 0, result.errorText)
    }

    @Test(arguments: [
        ("rsa.p12", nil as String?, nil as String?, false), ("rsa.p12", "info-1", nil, false), ("ec.p12", nil, nil, false),
        ("ec.p12", "info-1", nil, true), ("rsa.p12", nil, "rsa-sha512", true),
    ])
    func xmlsecVerifiesWhatPlugboardSigns(p12: String, id: String?, algorithm: String?, withComments: Bool) async throws {
        let pki = try await TestPKI()
        defer { pki.remove() }
        try await APIFixture().run { api in
            try await api.makeSigner(pki, p12: p12)
            var input: JSONObject = ["xml": .string(Self.order), "withComments": .bool(withComments)]
            if let id { input["id"] = .string(id) }
            if let algorithm { input["algorithm"] = .string(algorithm) }
            let signed = try await api.run("sign", "signer", "sign_xml", .object(input))
            let xml = try #require(signed.output["xml"]?.stringValue, "\(signed.text)")
            #expect(xml.hasPrefix(String(Self.order.prefix(60))), "the document's own bytes stay")
            let verdict = try await xmlsec(pki, xml, idElement: id == nil ? nil : "urn:meta:info")
            #expect(verdict.ok, "xmlsec1 refused \(p12) id=\(id ?? "-") comments=\(withComments): \(verdict.errors)")
            let ours = try await api.run("sign", "signer", "verify_xml", ["xml": .string(xml), "mustCover": .string(id ?? "document")])
            #expect(ours.output["valid"] == true && ours.output["trusted"] == true, "\(ours.text)")
        }
    }

    @Test(arguments: [("rsa", nil as String?), ("rsa", "info-1"), ("ec", nil), ("ec", "info-1")])
    func plugboardVerifiesWhatXmlsecSigns(key: String, id: String?) async throws {
        let pki = try await TestPKI()
        defer { pki.remove() }
        let uri = id.map { "#" + $0 } ?? ""
        let transforms = (id == nil ? #"<ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>"# : "")
            + #"<ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>"#
        let method = key == "rsa" ? "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256" : "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"
        let template = Self.order.replacingOccurrences(of: "</order>", with: """
            <ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo>\
            <ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>\
            <ds:SignatureMethod Algorithm="\(method)"/><ds:Reference URI="\(uri)"><ds:Transforms>\(transforms)</ds:Transforms>\
            <ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue/></ds:Reference></ds:SignedInfo>\
            <ds:SignatureValue/><ds:KeyInfo><ds:X509Data/></ds:KeyInfo></ds:Signature></order>
            """)
        try template.write(toFile: pki.path("template.xml"), atomically: true, encoding: .utf8)
        let idArguments = id == nil ? [] : ["--id-attr:Id", "urn:meta:info"]
        let signed = try await Subprocess.capture("/usr/bin/env", [
            "xmlsec1", "--sign", "--privkey-pem", "\(pki.path("\(key).key")),\(pki.path("\(key).crt"))",
        ] + idArguments + ["--output", pki.path("xmlsec.xml"), pki.path("template.xml")])
        #expect(signed.status == 0, "xmlsec1 --sign: \(signed.errorText)")
        let xml = try pki.text("xmlsec.xml")
        try await APIFixture().run { api in
            try await api.makeApplication("sign")
            _ = try await api.makeConnector("sign", type: "digital-sign", name: "signer", options: ["trustedRoots": .string(try pki.text("ca.crt"))])
            let ours = try await api.run("sign", "signer", "verify_xml", ["xml": .string(xml)])
            #expect(ours.output["valid"] == true && ours.output["trusted"] == true, "\(ours.text)")
            #expect(ours.output["covers"]?.arrayValue?.first?.stringValue == (id == nil ? "/order" : "/order/info"), "\(ours.text)")
            #expect(ours.output["signer"]?["subject"]?.stringValue?.contains(key == "rsa" ? "Aigerim" : "Daniyar") == true)
        }
    }

    @Test func tamperingWrappingAndForeignTransformsAreInvalid() async throws {
        let pki = try await TestPKI()
        defer { pki.remove() }
        try await APIFixture().run { api in
            try await api.makeSigner(pki, p12: "rsa.p12")
            let verify = { (xml: String, cover: String?) in
                try await api.run("sign", "signer", "verify_xml", ["xml": .string(xml), "mustCover": cover.map(JSONValue.string) ?? .null])
            }
            let whole = try #require(try await api.run("sign", "signer", "sign_xml", ["xml": .string(Self.order)]).output["xml"]?.stringValue)
            let byID = try #require(try await api.run("sign", "signer", "sign_xml", ["xml": .string(Self.order), "id": "info-1"]).output["xml"]?.stringValue)
            #expect(try await verify(whole, "document").output["valid"] == true)

            // One byte of signed content.
            let byte = try await verify(whole.replacingOccurrences(of: "qty=\"2\"", with: "qty=\"3\""), nil)
            #expect(byte.output["valid"] == false && byte.output["reason"]?.stringValue?.contains("changed") == true, "\(byte.text)")
            #expect(try await !xmlsec(pki, whole.replacingOccurrences(of: "qty=\"2\"", with: "qty=\"3\"")).ok, "xmlsec1 agrees")
            // A moved element: the two lines swapped.
            let first = "<line sku=\"A-1\" qty=\"2\">Чай, 250 г</line>"
            let second = "<line sku=\"B-7\" qty=\"1\">Tea &amp; biscuits</line>"
            let swapped = whole.replacingOccurrences(of: first, with: "#FIRST#").replacingOccurrences(of: second, with: first)
                .replacingOccurrences(of: "#FIRST#", with: second)
            #expect(try await verify(swapped, nil).output["valid"] == false)
            // A wrapped reference: the signed element copied aside, the visible one changed.
            let info = "<m:info Id=\"info-1\" m:channel=\"web\"><m:placed>2026-12-04T10:00:00Z</m:placed></m:info>"
            let wrapped = byID.replacingOccurrences(of: info, with: "<m:wrapper>\(info)</m:wrapper>" + info.replacingOccurrences(of: "10:00", with: "23:59"))
            let wrapping = try await verify(wrapped, "info-1")
            #expect(wrapping.output["valid"] == false && wrapping.output["reason"]?.stringValue?.contains("wrapping") == true, "\(wrapping.text)")
            // A valid signature over something else than what the caller relies on.
            let elsewhere = try await verify(byID, "document")
            #expect(elsewhere.output["valid"] == false && elsewhere.output["reason"]?.stringValue?.contains("covers /order/info") == true, "\(elsewhere.text)")
            // A transform outside the allow-list.
            let xpath = whole.replacingOccurrences(
                of: "<ds:Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"></ds:Transform>",
                with: "<ds:Transform Algorithm=\"http://www.w3.org/TR/1999/REC-xpath-19991116\"><ds:XPath>1</ds:XPath></ds:Transform>")
            #expect(xpath != whole)
            let foreign = try await verify(xpath, nil)
            #expect(foreign.output["valid"] == false && foreign.output["reason"]?.stringValue?.contains("not allowed") == true, "\(foreign.text)")
            // Any DTD is refused before anything else.
            let doctype = try await verify("<!DOCTYPE order [<!ENTITY x \"y\">]>" + whole.drop { $0 != "<" }.dropFirst(38), nil)
            #expect(doctype.errorCode == "invalid_input" && doctype.status.code == 400, "\(doctype.text)")
            let noSignature = try await verify(Self.order, nil)
            #expect(noSignature.errorCode == "invalid_input", "\(noSignature.text)")
        }
    }
}
