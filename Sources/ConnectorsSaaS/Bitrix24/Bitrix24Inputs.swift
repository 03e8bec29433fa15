import PlugboardCore

struct Bitrix24FieldsInput: FieldSet {
    var id: Int?
    var values: JSONValue = [:]

    init() {}

    static let fields = FieldList<Self> {
        Field("id", \.id, title: "Id", description: "The record to update.", minimum: 1)
        Field("fields", \.values, title: "Fields", description: "Bitrix24's field names: TITLE, NAME, PHONE [{VALUE, VALUE_TYPE}], OPPORTUNITY, UF_CRM_…", required: true)
    }
}

struct Bitrix24IdInput: FieldSet {
    var id = 0

    init() {}

    static let fields = FieldList<Self> {
        Field("id", \.id, title: "Id", minimum: 1, required: true)
    }
}

struct Bitrix24ListInput: FieldSet {
    var filter: JSONValue = [:]
    var select: [String] = []
    var order: JSONValue = [:]
    var limit = 50

    init() {}

    static let fields = FieldList<Self> {
        Field("filter", \.filter, title: "Filter", description: "Such as {\">OPPORTUNITY\": 1000, \"STATUS_ID\": \"NEW\"}.")
        Field("select", \.select, title: "Fields", description: "Which fields to return; * and UF_* for all.")
        Field("order", \.order, title: "Order", description: "Such as {\"DATE_CREATE\": \"DESC\"}.")
        Field("limit", \.limit, title: "At most", description: "Across pages of 50.", minimum: 1, maximum: 10_000)
    }
}

struct Bitrix24BatchInput: FieldSet {
    var commands: FieldMap<String> = [:]
    var halt = false

    init() {}

    static let fields = FieldList<Self> {
        Field("commands", \.commands, title: "Commands", description: "Up to 50, by name: method?query, such as crm.lead.get?id=1; $result[name][ID] refers to an earlier one.", required: true)
        Field("halt", \.halt, title: "Stop at the first error")
    }
}

struct Bitrix24CallInput: FieldSet {
    var method = ""
    var parameters: JSONValue = [:]

    init() {}

    static let fields = FieldList<Self> {
        Field("method", \.method, title: "Method", description: "Any REST method, such as crm.activity.list or user.current.", minLength: 1, maxLength: 100, required: true)
        Field("parameters", \.parameters, title: "Parameters", description: "The method's parameters as JSON.")
    }
}
