import NIOCore

/// A file's attributes as SFTP version 3 carries them (draft-ietf-secsh-filexfer-02 §5): each group present only
/// when its flag is set.
public struct SFTPAttributes: Sendable, Hashable {
    public var size: UInt64?
    public var uid: UInt32?
    public var gid: UInt32?
    /// The POSIX mode: the file type in the high bits, the permissions in the low twelve.
    public var permissions: UInt32?
    /// Seconds since 1970.
    public var accessTime: UInt32?
    public var modificationTime: UInt32?
    public var extended: [(String, [UInt8])] = []

    public init(size: UInt64? = nil, permissions: UInt32? = nil) {
        self.size = size
        self.permissions = permissions
    }

    public static func == (left: Self, right: Self) -> Bool {
        left.size == right.size && left.uid == right.uid && left.gid == right.gid && left.permissions == right.permissions
            && left.accessTime == right.accessTime && left.modificationTime == right.modificationTime
            && left.extended.map(\.0) == right.extended.map(\.0) && left.extended.map(\.1) == right.extended.map(\.1)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(size)
        hasher.combine(permissions)
        hasher.combine(modificationTime)
    }

    enum Flag {
        static let size: UInt32 = 0x1
        static let uidGID: UInt32 = 0x2
        static let permissions: UInt32 = 0x4
        static let times: UInt32 = 0x8
        static let extended: UInt32 = 0x8000_0000
    }

    /// What kind of file the mode says.
    public enum Kind: String, Sendable {
        case file, directory, symlink, other
    }

    public var kind: Kind? {
        guard let permissions else { return nil }
        switch permissions & 0o170000 {
        case 0o100000: return .file
        case 0o040000: return .directory
        case 0o120000: return .symlink
        default: return .other
        }
    }

    func write(to buffer: inout ByteBuffer) {
        var flags: UInt32 = 0
        if size != nil { flags |= Flag.size }
        if uid != nil, gid != nil { flags |= Flag.uidGID }
        if permissions != nil { flags |= Flag.permissions }
        if accessTime != nil, modificationTime != nil { flags |= Flag.times }
        if !extended.isEmpty { flags |= Flag.extended }
        buffer.writeInteger(flags)
        if let size { buffer.writeInteger(size) }
        if let uid, let gid {
            buffer.writeInteger(uid)
            buffer.writeInteger(gid)
        }
        if let permissions { buffer.writeInteger(permissions) }
        if let accessTime, let modificationTime {
            buffer.writeInteger(accessTime)
            buffer.writeInteger(modificationTime)
        }
        if !extended.isEmpty {
            buffer.writeInteger(UInt32(extended.count))
            for (name, data) in extended {
                buffer.writeSFTPString(Array(name.utf8))
                buffer.writeSFTPString(data)
            }
        }
    }

    static func read(from buffer: inout ByteBuffer) throws(SFTPProtocolError) -> SFTPAttributes {
        let flags = try buffer.readSFTPInteger(UInt32.self)
        var attributes = SFTPAttributes()
        if flags & Flag.size != 0 { attributes.size = try buffer.readSFTPInteger(UInt64.self) }
        if flags & Flag.uidGID != 0 {
            attributes.uid = try buffer.readSFTPInteger(UInt32.self)
            attributes.gid = try buffer.readSFTPInteger(UInt32.self)
        }
        if flags & Flag.permissions != 0 { attributes.permissions = try buffer.readSFTPInteger(UInt32.self) }
        if flags & Flag.times != 0 {
            attributes.accessTime = try buffer.readSFTPInteger(UInt32.self)
            attributes.modificationTime = try buffer.readSFTPInteger(UInt32.self)
        }
        if flags & Flag.extended != 0 {
            let count = try buffer.readSFTPInteger(UInt32.self)
            guard count <= 1024 else { throw SFTPProtocolError("too many extended attributes (\(count))") }
            for _ in 0..<count {
                let name = String(decoding: try buffer.readSFTPString(), as: UTF8.self)
                attributes.extended.append((name, try buffer.readSFTPString()))
            }
        }
        return attributes
    }
}
