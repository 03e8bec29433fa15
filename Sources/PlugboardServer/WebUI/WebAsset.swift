import Foundation
import NIOCore

/// One file of the web UI, held in memory with what its response needs.
struct WebAsset: Sendable {
    var bytes: ByteBuffer
    var contentType: String
    /// A strong validator computed from the content, so browsers can revalidate cheaply.
    var eTag: String

    init(data: Data, contentType: String) {
        bytes = ByteBuffer(bytes: data)
        self.contentType = contentType
        // FNV-1a over the content: a cache validator, not a security measure.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in data { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        eTag = "\"" + String(hash, radix: 16) + "-" + String(data.count, radix: 16) + "\""
    }

    /// The Content-Type for a file name's extension; unknown kinds are not served.
    static func contentType(forExtension pathExtension: String) -> String? {
        switch pathExtension.lowercased() {
        case "html": "text/html; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "json": "application/json"
        default: nil
        }
    }
}
