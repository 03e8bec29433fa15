import Testing

/// Every browser test, one at a time: each starts Plugboard, an upstream and a Chromium window, and
/// several at once would compete for the machine with the rest of the test run.
@Suite(.serialized) struct BrowserTests {}
