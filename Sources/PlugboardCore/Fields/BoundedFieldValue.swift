/// A numeric `FieldValue` (`Int`, `Double`, `Duration` and their optionals): its fields may carry `minimum` and `maximum`.
public protocol BoundedFieldValue: FieldValue {
    /// The type bounds are written in, such as `Int` for `Int?` or `Duration` for a timeout; its `fieldJSON` goes in the schema.
    associatedtype Bound: FieldValue
}
