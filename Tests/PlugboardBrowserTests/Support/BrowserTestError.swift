/// A failure of the browser-test harness or of a page expectation, with what to look at.
struct BrowserTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
