import PlugboardCore
import Testing

@Suite struct RedactorTests {
    @Test func masksEverySecretInText() {
        let redactor = Redactor(secrets: ["hunter22", "tok-abc"])
        #expect(redactor.redact("password hunter22 and hunter22, token tok-abc") == "password [redacted] and [redacted], token [redacted]")
    }

    @Test func longerSecretsWinOverTheirPrefixes() {
        let redactor = Redactor(secrets: ["abcd", "abcdefgh"])
        #expect(redactor.redact("key=abcdefgh") == "key=[redacted]")
    }

    @Test func shortSecretsAreIgnored() {
        let redactor = Redactor(secrets: ["abc", ""])
        #expect(redactor.isEmpty)
        #expect(redactor.redact("abc") == "abc")
    }

    @Test func masksJSONKeysAndValuesRecursively() {
        let redactor = Redactor(secrets: ["s3cr3t"])
        let value: JSONValue = ["a": ["b": "x s3cr3t y", "s3cr3t": 1], "list": ["s3cr3t", 2]]
        let redacted = redactor.redact(value)
        #expect(!redacted.jsonString().contains("s3cr3t"))
        #expect(redacted["a"]?["b"] == "x [redacted] y")
        #expect(redacted["list"] == ["[redacted]", 2])
    }

    @Test func masksSecretsAnywhereInAString() {
        let redactor = Redactor(secrets: ["pässwörd", "tok-abc"])
        #expect(redactor.redact("tok-abc") == "[redacted]")
        #expect(redactor.redact("tok-abctok-abc!") == "[redacted][redacted]!")
        #expect(redactor.redact("ends with tok-abc") == "ends with [redacted]")
        #expect(redactor.redact("ünïcode pässwörd here") == "ünïcode [redacted] here")
        #expect(redactor.redact("tok-ab and tok-abd") == "tok-ab and tok-abd")
        let long = String(repeating: "padding ", count: 40) + "tok-abc"
        #expect(redactor.redact(long).hasSuffix("padding [redacted]"))
    }

    @Test func valuesWithoutSecretsComeBackUnchanged() {
        let redactor = Redactor(secrets: ["s3cr3t"])
        let value: JSONValue = ["id": 7, "name": "ordinary", "items": [["note": "nothing here"], 2.5, true, nil]]
        #expect(redactor.redact(value) == value)
        #expect(redactor.redact(value).jsonString() == value.jsonString())
    }

    @Test func masksErrorsButKeepsTheirCode() {
        let redactor = Redactor(secrets: ["pa55word"])
        let error = ConnectorError(
            .authenticationFailed, message: "login with pa55word failed", cause: "pa55word", fix: "change pa55word",
            details: ["echo": "pa55word"])
        let redacted = redactor.redact(error)
        #expect(redacted.code == .authenticationFailed)
        #expect(!redacted.json.jsonString().contains("pa55word"))
    }

    @Test func credentialSecretValuesAreTheWriteOnlyFields() {
        let credential = Credential(id: "c", kind: .usernamePassword, fields: ["username": "ada", "password": "pa55word"])
        #expect(credential.secretValues == ["pa55word"])
        #expect(!"\(credential)".contains("pa55word"))
    }
}
