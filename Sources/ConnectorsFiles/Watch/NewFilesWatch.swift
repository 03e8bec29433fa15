import Foundation
import PlugboardCore

/// A file in a watched folder, as a listing shows it.
public struct RemoteFile: Sendable, Hashable {
    /// The path users see, inside the connector's root.
    public var path: String
    public var size: UInt64
    /// Seconds since 1970.
    public var modified: UInt32

    public init(path: String, size: UInt64, modified: UInt32) {
        self.path = path
        self.size = size
        self.modified = modified
    }

    var stamp: String { "\(size):\(modified)" }
}

/// What a new-files trigger remembers between polls, without I/O: the files already reported (the cursor, by path:
/// size and modification time), and the files seen once that must keep their size and time until the next poll
/// before they are reported, so a file still being written waits.
public struct NewFilesWatch: Sendable {
    /// Reported files by path, `size:mtime`; stored with each event, so a restart resumes from it.
    public private(set) var reported: [String: String]
    private var settling: [String: String] = [:]

    /// The state a stored cursor describes; nil starts empty.
    public init(cursor: JSONValue?) {
        reported = Dictionary(uniqueKeysWithValues: (cursor?["files"]?.objectValue ?? [:]).compactMap { path, stamp in
            stamp.stringValue.map { (path, $0) }
        })
    }

    /// A first poll without a cursor: what is there already counts as reported, so only later files start the target.
    public static func baseline(_ files: [RemoteFile]) -> NewFilesWatch {
        var watch = NewFilesWatch(cursor: nil)
        for file in files { watch.reported[file.path] = file.stamp }
        return watch
    }

    /// The cursor to store: every reported file.
    public var cursor: JSONValue {
        ["files": .object(JSONObject(reported.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))]
    }

    /// Takes in a listing and returns the files to report now, by path: new or changed files whose size and time
    /// held since the previous poll. Call `markReported` for each once its event is stored.
    public mutating func poll(_ files: [RemoteFile]) -> [RemoteFile] {
        var ready: [RemoteFile] = []
        var next: [String: String] = [:]
        for file in files.sorted(by: { $0.path < $1.path }) where reported[file.path] != file.stamp {
            if settling[file.path] == file.stamp {
                ready.append(file)
            } else {
                next[file.path] = file.stamp
            }
        }
        settling = next
        // A file that went away is forgotten, so one made again under its name is new.
        let present = Set(files.map(\.path))
        reported = reported.filter { present.contains($0.key) }
        return ready
    }

    /// Records that `file`'s event is stored.
    public mutating func markReported(_ file: RemoteFile) {
        reported[file.path] = file.stamp
    }

    /// Whether `name` matches a shell-style pattern (`*.csv`, `report-??.txt`, `[ab]*`); an empty pattern matches all.
    public static func matches(_ name: String, pattern: String) -> Bool {
        pattern.isEmpty || fnmatch(pattern, name, 0) == 0
    }
}
