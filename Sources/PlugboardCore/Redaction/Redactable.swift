/// A value a call returns, which the runtime passes through the call's redactor before it leaves.
public protocol Redactable: Sendable {
    /// The value with every secret `redactor` knows masked.
    func redacted(by redactor: Redactor) -> Self
}

extension JSONValue: Redactable {
    /// Secrets masked in every string and key, at any depth.
    public func redacted(by redactor: Redactor) -> JSONValue { redactor.redact(self) }
}

extension ActionDescriptor: Redactable {
    /// Secrets masked in the texts and schemas (an action read from a service that echoes what it was sent).
    public func redacted(by redactor: Redactor) -> ActionDescriptor {
        guard !redactor.isEmpty else { return self }
        var action = self
        action.title = redactor.redact(title)
        action.description = redactor.redact(description)
        action.inputSchema = redactor.redact(inputSchema)
        action.outputSchema = redactor.redact(outputSchema)
        return action
    }
}

extension Array: Redactable where Element: Redactable {
    /// Every element redacted.
    public func redacted(by redactor: Redactor) -> [Element] { map { $0.redacted(by: redactor) } }
}
