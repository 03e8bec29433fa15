@testable import ConnectorsHTTP
import Testing

@Suite("XML parser and writer")
struct XMLTreeParserTests {
    @Test("namespaces, attributes, text, CDATA, comments, processing instructions and references")
    func parsesDocument() throws {
        let root = try XMLTreeParser.parse("""
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- leading -->
            <a:root xmlns:a="urn:a" xmlns="urn:default" a:id="7" plain='x &amp; y&#10;z'>
              <child>1 &lt; 2 &#x2713; &#233;<![CDATA[<raw> & ]]></child>
              <?app do this?>
              <inner xmlns=""><leaf/></inner>
              <!-- note -->
            </a:root>
            """)
        #expect(root.name == XMLName("urn:a", "root") && root.prefix == "a")
        #expect(root.attribute("id", namespace: "urn:a") == "7")
        #expect(root.attribute("plain") == "x & y\nz", "a character reference survives attribute-value normalization")
        let child = try #require(root.element(named: "child"))
        #expect(child.name.namespace == "urn:default")
        #expect(child.text == "1 < 2 ✓ é<raw> & ")
        #expect(root.element(named: "inner")?.name.namespace == nil && root.element(named: "inner")?.element(named: "leaf")?.name.namespace == nil)
        #expect(root.children.contains(.processingInstruction(target: "app", data: "do this")))
        #expect(root.children.contains(.comment(" note ")))
        #expect(child.scope.resolve("a:thing") == XMLName("urn:a", "thing"))
    }

    @Test("external entities and billion laughs are refused as entity declarations; any DTD is refused")
    func refusesDTDs() {
        let xxe = #"<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>"#
        let laughs = #"<!DOCTYPE l [<!ENTITY a "aa"><!ENTITY b "&a;&a;&a;">]><l>&b;</l>"#
        for document in [xxe, laughs] {
            #expect(throws: XMLParseError.self) { try XMLTreeParser.parse(document) }
            #expect((try? XMLTreeParser.parse(document)) == nil)
            do { _ = try XMLTreeParser.parse(document) } catch { #expect(error.kind == .entityDeclaration && error.reason.contains("ENTITY")) }
        }
        do { _ = try XMLTreeParser.parse(#"<!DOCTYPE r SYSTEM "http://example.com/r.dtd"><r/>"#) } catch { #expect(error.kind == .doctype) }
        do { _ = try XMLTreeParser.parse("<r>&custom;</r>") } catch { #expect(error.kind == .undeclaredEntity) }
    }

    @Test("malformed documents fail with a reason and a line", arguments: [
        ("<a><b></a>", "does not match"), ("<a>", "not closed"), ("<a x='1' x='2'/>", "twice"), ("<p:a/>", "not declared"),
        ("<a/><b/>", "more than one root"), ("<a>&#0;</a>", "not a valid XML character"), ("", "no root"), ("<a b=c/>", "quoted"),
        ("<?xml version='1.0' encoding='UTF-16'?><a/>", "UTF-8"),
    ])
    func refusesMalformed(document: String, reason: String) {
        do {
            _ = try XMLTreeParser.parse(document)
            Issue.record("\(document) parsed")
        } catch {
            #expect(error.kind == .syntax && error.reason.contains(reason), "\(error)")
        }
    }

    @Test("depth, size and attribute limits hold")
    func limits() {
        let deep = String(repeating: "<a>", count: 200) + String(repeating: "</a>", count: 200)
        do { _ = try XMLTreeParser.parse(deep) } catch { #expect(error.kind == .limit && error.reason.contains("deeper")) }
        do { _ = try XMLTreeParser.parse("<a>\(String(repeating: "x", count: 100))</a>", limits: XMLParseLimits(maxBytes: 50)) } catch {
            #expect(error.kind == .limit)
        }
        do { _ = try XMLTreeParser.parse("<a x='1' y='2' z='3'/>", limits: XMLParseLimits(maxAttributes: 2)) } catch { #expect(error.kind == .limit) }
    }

    @Test("the writer escapes text and attributes and declares namespaces; the parser reads it back")
    func writesAndRoundTrips() throws {
        var root = XMLTreeElement(XMLName("urn:a", "root"), prefix: "a")
        root.attributes = [
            XMLTreeAttribute(XMLName(nil, "q"), value: "\"<&>\"\n\t"), XMLTreeAttribute(XMLName("urn:b", "flag"), value: "1"),
        ]
        root.children = [
            .element(XMLTreeElement(XMLName("urn:a", "text"), text: "a < b && c > d ]]> \r")),
            .element(XMLTreeElement(XMLName(nil, "bare"), text: "x")),
            .element(XMLTreeElement(XMLName("urn:c", "other"), text: "bad \u{1} char")),
        ]
        let written = XMLTreeWriter.string(root)
        #expect(written.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?><a:root xmlns:a=\"urn:a\""))
        #expect(written.contains("a &lt; b &amp;&amp; c &gt; d ]]&gt; &#13;"))
        #expect(written.contains("q=\"&quot;&lt;&amp;&gt;&quot;&#10;&#9;\""))
        let parsed = try XMLTreeParser.parse(written)
        #expect(parsed.attribute("q") == "\"<&>\"\n\t" && parsed.attribute("flag", namespace: "urn:b") == "1")
        #expect(parsed.element(named: "text")?.text == "a < b && c > d ]]> \r")
        #expect(parsed.element(named: "bare")?.name.namespace == nil)
        #expect(parsed.element(named: "other")?.name.namespace == "urn:c" && parsed.element(named: "other")?.text == "bad \u{FFFD} char")
        #expect(!XMLTreeWriter.isRepresentable("bad \u{1}") && XMLTreeWriter.isRepresentable("fine ✓\n"))
    }
}
