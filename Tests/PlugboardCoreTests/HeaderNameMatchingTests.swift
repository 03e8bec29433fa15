import PlugboardCore
import Testing

@Suite struct HeaderNameMatchingTests {
    @Test(arguments: [
        ("Content-Type", "content-type", true), ("X-API-Key", "x-api-KEY", true), ("Link", "Link", true), ("", "", true),
        ("Link", "Links", false), ("Links", "Link", false), ("Accept", "Accepz", false), ("É", "é", false), ("[", "{", false),
    ])
    func namesMatchWhenOnlyASCIILetterCaseDiffers(first: String, second: String, equal: Bool) {
        #expect(first.equalsIgnoringASCIICase(second) == equal)
    }
}
