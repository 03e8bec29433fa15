/// Fields declared together, with the checks that run once they are all set: what a `FieldList`'s builder collects.
///
/// `FieldGroup(\.connection)` puts a member set's fields at this level, not nested under a name: the way common options
/// (default headers, TLS, timeout) join each HTTP node's own fields in one flat form.
public struct FieldGroup<Root: FieldSet>: Sendable {
    /// The fields, in form order.
    let fields: [Field<Root>]
    /// The member sets' `validate()`, run after every field is set and before `Root.validate()`.
    let checks: [@Sendable (Root) throws(ConnectorError) -> Void]

    init(fields: [Field<Root>], checks: [@Sendable (Root) throws(ConnectorError) -> Void] = []) {
        self.fields = fields
        self.checks = checks
    }

    /// The fields of the set stored at `keyPath`, as fields of this level; that set's `validate()` runs too.
    public init<Member: FieldSet>(_ keyPath: WritableKeyPath<Root, Member> & Sendable) {
        let members = Member.fields
        fields = members.fields.map { $0.lifted(through: keyPath) }
        let memberChecks = members.checks
        let check: @Sendable (Root) throws(ConnectorError) -> Void = { root in
            let member = root[keyPath: keyPath]
            for check in memberChecks { try check(member) }
            try member.validate()
        }
        checks = [check]
    }
}
