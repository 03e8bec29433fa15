/// A string-valued `FieldValue` (`String`, `String?`): its fields may carry `format`, `enum`, `minLength` and `maxLength`.
public protocol TextFieldValue: FieldValue {}
