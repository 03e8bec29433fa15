import Foundation
import PlugboardCore

struct CarboneUploadInput: FieldSet {
    var base64 = ""
    var filename = "template.docx"
    var payload = ""

    init() {}

    static let fields = FieldList<Self> {
        Field("base64", \.base64, title: "Template file (base64)", description: "A DOCX, XLSX, PPTX, ODT, ODS, HTML or XML template.", minLength: 1, required: true)
        Field("filename", \.filename, title: "File name", description: "Its extension tells Carbone the format.", minLength: 1, maxLength: 255)
        Field("payload", \.payload, title: "Salt", description: "Mixed into the template id, to upload the same file under another id.")
    }

    func bytes() throws(ConnectorError) -> [UInt8] {
        guard let data = Data(base64Encoded: base64, options: .ignoreUnknownCharacters), !data.isEmpty else {
            throw .invalidInput("The template file is not valid base64.", field: "base64")
        }
        return Array(data)
    }
}

struct CarboneTemplateInput: FieldSet {
    var templateId = ""

    init() {}

    static let fields = FieldList<Self> {
        Field("templateId", \.templateId, title: "Template id", minLength: 1, maxLength: 200, required: true)
    }
}

struct CarboneListInput: FieldSet {
    var limit = 100

    init() {}

    static let fields = FieldList<Self> {
        Field("limit", \.limit, title: "At most", description: "Templates across pages.", minimum: 1, maximum: 10_000)
    }
}

struct CarboneRenderInput: FieldSet {
    enum Format: String, FieldChoice { case pdf, docx, xlsx, odt, html }

    var templateId = ""
    var data: JSONValue = [:]
    var convertTo = Format.pdf
    var reportName: String?
    var language: String?
    var timezone: String?
    var download = true

    init() {}

    static let fields = FieldList<Self> {
        Field("templateId", \.templateId, title: "Template id", minLength: 1, maxLength: 200, required: true)
        Field("data", \.data, title: "Data", description: "The JSON the template's {d.…} tags read.")
        Field("convertTo", \.convertTo, title: "Format", description: "pdf, docx, xlsx, odt or html.")
        Field("reportName", \.reportName, title: "File name", description: "Of the rendered file; may use tags such as {d.id}.")
        Field("language", \.language, title: "Language", description: "For translations and formatters, such as fr-fr.")
        Field("timezone", \.timezone, title: "Time zone", description: "For date formatters, such as Europe/Paris.")
        Field("download", \.download, title: "Fetch the file", description: "Fetch the rendered file at once (Carbone hands it out once), or return only its render id.")
    }

    var body: JSONValue {
        var object: JSONObject = ["data": data, "convertTo": .string(convertTo.rawValue)]
        if let reportName { object["reportName"] = .string(reportName) }
        if let language { object["lang"] = .string(language) }
        if let timezone { object["timezone"] = .string(timezone) }
        return .object(object)
    }
}

struct CarboneRenderFileInput: FieldSet {
    var renderId = ""

    init() {}

    static let fields = FieldList<Self> {
        Field("renderId", \.renderId, title: "Render id", description: "From render with download off; a rendered file can be fetched once.", minLength: 1, maxLength: 300, required: true)
    }
}
