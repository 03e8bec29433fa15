import NIOCore

/// What the client asks, one SFTP version 3 request each (draft-ietf-secsh-filexfer-02 §6). Paths and handles are
/// bytes on the wire; paths are UTF-8 here.
public enum SFTPRequest: Sendable, Hashable {
    case open(path: String, flags: SFTPOpenFlags, attributes: SFTPAttributes)
    case close(handle: [UInt8])
    case read(handle: [UInt8], offset: UInt64, length: UInt32)
    case write(handle: [UInt8], offset: UInt64, data: [UInt8])
    case lstat(path: String)
    case fstat(handle: [UInt8])
    case setstat(path: String, attributes: SFTPAttributes)
    case opendir(path: String)
    case readdir(handle: [UInt8])
    case remove(path: String)
    case mkdir(path: String, attributes: SFTPAttributes)
    case rmdir(path: String)
    case realpath(path: String)
    case stat(path: String)
    case rename(from: String, to: String)
    /// OpenSSH's `posix-rename@openssh.com`: replaces an existing target, as rename(2) does.
    case posixRename(from: String, to: String)

    var type: UInt8 {
        switch self {
        case .open: return 3
        case .close: return 4
        case .read: return 5
        case .write: return 6
        case .lstat: return 7
        case .fstat: return 8
        case .setstat: return 9
        case .opendir: return 11
        case .readdir: return 12
        case .remove: return 13
        case .mkdir: return 14
        case .rmdir: return 15
        case .realpath: return 16
        case .stat: return 17
        case .rename: return 18
        case .posixRename: return 200
        }
    }
}

/// `SSH_FXF_*`: how a file is opened.
public struct SFTPOpenFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let read = Self(rawValue: 0x01)
    public static let write = Self(rawValue: 0x02)
    public static let append = Self(rawValue: 0x04)
    public static let create = Self(rawValue: 0x08)
    public static let truncate = Self(rawValue: 0x10)
    public static let exclusive = Self(rawValue: 0x20)
}

/// One entry of a NAME reply: the name, the server's `ls -l` line, and the attributes.
public struct SFTPName: Sendable, Hashable {
    public var filename: String
    public var longname: String
    public var attributes: SFTPAttributes

    public init(filename: String, longname: String, attributes: SFTPAttributes) {
        self.filename = filename
        self.longname = longname
        self.attributes = attributes
    }
}

/// `SSH_FX_*` status codes.
public struct SFTPStatusCode: RawRepresentable, Sendable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let ok = Self(rawValue: 0)
    public static let eof = Self(rawValue: 1)
    public static let noSuchFile = Self(rawValue: 2)
    public static let permissionDenied = Self(rawValue: 3)
    public static let failure = Self(rawValue: 4)
    public static let badMessage = Self(rawValue: 5)
    public static let noConnection = Self(rawValue: 6)
    public static let connectionLost = Self(rawValue: 7)
    public static let unsupported = Self(rawValue: 8)
}

/// A STATUS reply.
public struct SFTPStatus: Sendable, Hashable {
    public var code: SFTPStatusCode
    public var message: String

    public init(code: SFTPStatusCode, message: String) {
        self.code = code
        self.message = message
    }
}

/// What the server answers.
public enum SFTPResponse: Sendable, Hashable {
    /// The answer to INIT: the version and the extensions the server offers (`posix-rename@openssh.com` and others).
    case version(UInt32, extensions: [String: [UInt8]])
    case status(id: UInt32, SFTPStatus)
    case handle(id: UInt32, [UInt8])
    case data(id: UInt32, [UInt8])
    case name(id: UInt32, [SFTPName])
    case attributes(id: UInt32, SFTPAttributes)
    case extendedReply(id: UInt32, [UInt8])

    /// The request id it answers; nil for VERSION.
    public var id: UInt32? {
        switch self {
        case .version: return nil
        case .status(let id, _), .handle(let id, _), .data(let id, _), .name(let id, _), .attributes(let id, _), .extendedReply(let id, _):
            return id
        }
    }
}

/// A reply that breaks the protocol: too long, truncated, or of an unknown type.
public struct SFTPProtocolError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
