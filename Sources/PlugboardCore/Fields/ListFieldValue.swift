/// An array-valued `FieldValue` (`[Element]`, `[Element]?`): its fields may carry `minItems` and `maxItems`.
public protocol ListFieldValue: FieldValue {}
