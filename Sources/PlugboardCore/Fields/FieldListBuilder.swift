/// Collects a `FieldList`'s fields in the order they are written.
@resultBuilder
public enum FieldListBuilder<Root: FieldSet> {
    /// One field.
    public static func buildExpression(_ field: Field<Root>) -> FieldGroup<Root> {
        FieldGroup(fields: [field])
    }

    /// A member set's fields, spliced in at this level.
    public static func buildExpression(_ group: FieldGroup<Root>) -> FieldGroup<Root> {
        group
    }

    /// The fields and checks of every line, in order.
    public static func buildBlock(_ groups: FieldGroup<Root>...) -> FieldGroup<Root> {
        FieldGroup(fields: groups.flatMap(\.fields), checks: groups.flatMap(\.checks))
    }
}
