/// A value type whose fields are declared once: connector options or an action's input or output.
///
/// Its declaration gives the JSON Schema users see and the decoding the driver uses; each default is the property's
/// initial value, written once. A set is itself a `FieldValue`, so sets nest (`body.multipart.files[0]`).
public protocol FieldSet: FieldValue {
    /// Every field at its default; required fields hold a placeholder the decoder always replaces.
    init()

    /// The declaration, in form order.
    static var fields: FieldList<Self> { get }

    /// Checks the schema cannot express ("exactly one body kind", CR/LF refusal), run after decoding.
    ///
    /// Throw with the field named relative to this set (`filename`, or nil for the set itself); a nested set's fault is
    /// moved under its path (`body.multipart.files[0].filename`). Must be declared `throws(ConnectorError)` to replace
    /// the default, which checks nothing.
    func validate() throws(ConnectorError)
}

extension FieldSet {
    /// Checks nothing.
    public func validate() throws(ConnectorError) {}
}
