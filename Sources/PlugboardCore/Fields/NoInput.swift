/// The input of an action that takes none: an empty object, and nothing else.
public struct NoInput: FieldSet {
    public init() {}

    /// No fields.
    public static let fields = FieldList<Self> {}
}
