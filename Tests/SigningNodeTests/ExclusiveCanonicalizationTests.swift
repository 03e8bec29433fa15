import ConnectorsHTTP
import ConnectorsSigning
import Foundation
import PlugboardCore
import Testing

/// Our exclusive C14N equals libxml2's (`xmllint --exc-c14n`, which keeps comments) byte for byte over a corpus with
/// namespaces, default namespaces and their undeclaration, namespaced attributes, xml:lang, character references in
/// attributes and text, CDATA, comments and processing instructions.
@Suite struct ExclusiveCanonicalizationTests {
    static let corpus = ["namespaces.xml", "attributes.xml", "soap.xml", "defaults.xml"]

    @Test(arguments: corpus)
    func equalsXmllint(file: String) async throws {
        let url = try #require(Bundle.module.url(forResource: "Corpus/\(file)", withExtension: nil))
        let theirs = try await Subprocess.capture("/usr/bin/env", ["xmllint", "--exc-c14n", url.path])
        #expect(theirs.status == 0, "xmllint: \(theirs.errorText)")
        let root = try XMLTreeParser.parse(Array(try Data(contentsOf: url)))
        let ours = ExclusiveCanonicalization(withComments: true).canonicalize(root)
        #expect(String(decoding: ours, as: UTF8.self) == String(decoding: theirs.output, as: UTF8.self))
    }

    @Test func anElementCarriesOnlyTheNamespacesItUses() throws {
        let root = try XMLTreeParser.parse(Array(try Data(contentsOf: try #require(Bundle.module.url(forResource: "Corpus/soap.xml", withExtension: nil)))))
        let body = try #require(root.element(named: "Body", namespace: "http://schemas.xmlsoap.org/soap/envelope/"))
        let text = String(decoding: ExclusiveCanonicalization().canonicalize(body), as: UTF8.self)
        #expect(text.hasPrefix(#"<soapenv:Body xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:wsu="#), "\(text.prefix(200))")
        #expect(!text.contains("xmlns:typ=\"http://bip.bee.kz/SyncChannel/v10/Types\" xmlns:wsu"), "typ is declared where it is used")
    }
}
