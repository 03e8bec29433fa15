import PlugboardCore

/// The `request` action's input: a method, a path under the base URL, query parameters, headers, a body and how to
/// page. Declared once as fields: the schema users and agents see, the decoder, and the defaults.
struct RESTRequestInput: FieldSet {
    /// The HTTP methods a request may use.
    enum Method: String, FieldChoice {
        case get = "GET", post = "POST", put = "PUT", patch = "PATCH", delete = "DELETE", head = "HEAD", options = "OPTIONS"
    }

    var method = Method.get
    var path = ""
    var queryValues: FieldMap<RESTQueryValue> = [:]
    var headerValues: FieldMap<String> = [:]
    var body: RESTRequestBody?
    /// The caller's Content-Type, which wins over the one the body kind implies.
    var contentType: String?
    var pagination: RESTPagination?

    static let fields = FieldList<Self> {
        Field("method", \.method, title: "Method", description: "The HTTP method.")
        Field(
            "path", \.path, title: "Path",
            description: "Appended to the base URL, such as /users/42; may end in a query string. Absolute URLs are refused.")
        Field("query", \.queryValues, title: "Query parameters", description: "Names to values; an array repeats the parameter once per value.")
        Field("headers", \.headerValues, title: "Headers", description: "Replace the connector's default headers of the same name.")
        Field("body", \.body, title: "Body", description: "Exactly one of json, text, base64, form or multipart.")
        Field(
            "contentType", \.contentType, title: "Content type",
            description: "Overrides the Content-Type the body kind implies (not for multipart, whose boundary is generated).")
        Field("pagination", \.pagination, title: "Pagination", description: RESTPagination.fields.description)
    }

    /// What the schema cannot say: header syntax, a single-line content type that multipart leaves alone, and no
    /// paging of HEAD responses.
    func validate() throws(ConnectorError) {
        for (name, value) in headerValues.pairs {
            guard HTTPHeaderSyntax.isToken(name) else { throw .invalidInput("'\(name)' is not a valid header name.", field: "headers.\(name)") }
            guard !HTTPHeaderSyntax.hasLineBreak(value) else { throw .invalidInput("Header values must be a single line.", field: "headers.\(name)") }
        }
        if let contentType {
            guard !contentType.isEmpty, !HTTPHeaderSyntax.hasLineBreak(contentType) else {
                throw .invalidInput("The content type must be a single-line string such as application/xml.", field: "contentType")
            }
            if body?.multipart != nil {
                throw .invalidInput("A multipart body sets its own content type (with its boundary); leave contentType out.", field: "contentType")
            }
        }
        if let pagination, pagination.style != .none, method == .head {
            throw .invalidInput("HEAD responses have no body to page through; use GET.", field: "pagination")
        }
    }

    /// The query parameters in order, an array repeating its name.
    var query: [(String, String)] { queryValues.pairs.flatMap { name, value in value.values.map { (name, $0) } } }
    /// The request's headers in order.
    var headers: [(String, String)] { headerValues.pairs }
}
