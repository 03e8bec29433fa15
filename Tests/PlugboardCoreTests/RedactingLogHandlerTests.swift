import Logging
import PlugboardCore
import PlugboardTestSupport
import Testing

@Suite struct RedactingLogHandlerTests {
    @Test func secretsNeverReachTheWrappedHandler() {
        let capture = LogCapture()
        var logger = capture.logger().redacting(with: CallRedactor(secrets: ["hunter2-password", "tok_ABCDEF"]))
        logger[metadataKey: "dsn"] = "postgres://app:hunter2-password@db/app"
        logger.debug("connecting with tok_ABCDEF", metadata: ["nested": ["key": "tok_ABCDEF"], "list": ["hunter2-password"]])
        #expect(capture.text.contains("connecting with [redacted]"))
        #expect(capture.text.contains("postgres://app:[redacted]@db/app"))
        #expect(!capture.text.contains("hunter2-password") && !capture.text.contains("tok_ABCDEF"), "\(capture.text)")
    }

    @Test func withoutSecretsTheLoggerIsUnchanged() {
        let capture = LogCapture()
        capture.logger().redacting(with: CallRedactor()).info("plain")
        #expect(capture.entries == ["info plain [:]"])
    }

    @Test func secretsAddedDuringTheCallAreRedactedFromThenOn() {
        let capture = LogCapture()
        let redactor = CallRedactor(secrets: ["tok_ABCDEF"])
        let logger = capture.logger().redacting(with: redactor)
        redactor.add(["Basic dXNlcjpodW50ZXIy"])
        logger.info("sent Authorization: Basic dXNlcjpodW50ZXIy with tok_ABCDEF")
        #expect(capture.text.contains("sent Authorization: [redacted] with [redacted]"), "\(capture.text)")
    }
}
