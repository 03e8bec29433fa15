import Foundation
import PlugboardCore

struct FilePathInput: FieldSet {
    var path = "/"

    init() {}

    static let fields = FieldList<Self> {
        Field("path", \.path, title: "Path", description: "Inside the connector's root folder; / is the root itself.")
    }
}

struct FileUploadInput: FieldSet {
    var path = ""
    var text: String?
    var base64: String?
    var createFolders = false

    init() {}

    static let fields = FieldList<Self> {
        Field("path", \.path, title: "Path", description: "Where the file goes, inside the root folder; an existing file is replaced.", minLength: 1, required: true)
        Field("text", \.text, title: "Content (text)", description: "Written as UTF-8.")
        Field("base64", \.base64, title: "Content (base64)", description: "Bytes, such as another action's file output.")
        Field("createFolders", \.createFolders, title: "Create missing folders")
    }

    func bytes() throws(ConnectorError) -> [UInt8] {
        switch (text, base64) {
        case (let text?, nil): return Array(text.utf8)
        case (nil, let encoded?):
            guard let data = Data(base64Encoded: encoded, options: .ignoreUnknownCharacters) else {
                throw .invalidInput("The content's base64 is not valid.", field: "base64")
            }
            return Array(data)
        default: throw .invalidInput("Give the content as text or as base64 (one of them).", field: "text")
        }
    }
}

struct FileDownloadInput: FieldSet {
    enum Encoding: String, FieldChoice { case auto, text, base64 }

    var path = ""
    var encoding = Encoding.auto

    init() {}

    static let fields = FieldList<Self> {
        Field("path", \.path, title: "Path", minLength: 1, required: true)
        Field("encoding", \.encoding, title: "As", description: "auto gives text for UTF-8 files and base64 for others.")
    }
}

struct FileRenameInput: FieldSet {
    var from = ""
    var to = ""

    init() {}

    static let fields = FieldList<Self> {
        Field("from", \.from, title: "From", minLength: 1, required: true)
        Field("to", \.to, title: "To", description: "An existing file there is replaced.", minLength: 1, required: true)
    }
}

struct FileMkdirInput: FieldSet {
    var path = ""
    var parents = true

    init() {}

    static let fields = FieldList<Self> {
        Field("path", \.path, title: "Path", minLength: 1, required: true)
        Field("parents", \.parents, title: "Create missing parents", description: "Like mkdir -p: folders that exist are fine.")
    }
}
