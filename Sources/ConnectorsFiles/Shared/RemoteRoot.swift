import PlugboardCore

/// A file connector's root folder on the server, and the paths users give inside it. Shared by SFTP and FTP.
///
/// A path from input is read inside the root whatever it says: `/a/b` and `a/b` both mean `<root>/a/b`, `..`
/// never climbs above the root, and NUL, CR and LF are refused. What the server resolves (REALPATH, following
/// symlinks) is checked again with `contains`, and names in a listing are used only when `safeName` accepts them.
public struct RemoteRoot: Sendable, Hashable {
    /// The root as an absolute, normalized path (`/` or `/srv/files`, no trailing slash).
    public let path: String

    /// A root from configuration: absolute, normalized; `..` in it is refused.
    public init(_ root: String, field: String = "root") throws(ConnectorError) {
        guard root.hasPrefix("/") else {
            throw .invalidConfiguration("The root folder is an absolute path on the server, such as / or /srv/files.", field: field)
        }
        try Self.refuseControls(root, field: field)
        var parts: [Substring] = []
        for part in root.split(separator: "/") where part != "." {
            guard part != ".." else { throw .invalidConfiguration("The root folder may not contain '..'.", field: field) }
            parts.append(part)
        }
        path = "/" + parts.joined(separator: "/")
    }

    /// The absolute path on the server of `input`, inside the root.
    public func resolve(_ input: String, field: String = "path") throws(ConnectorError) -> String {
        try Self.refuseControls(input, field: field)
        var parts: [Substring] = []
        for part in input.split(separator: "/") {
            switch part {
            case ".": continue
            case "..":
                guard !parts.isEmpty else {
                    throw .invalidInput("'\(input)' leaves the connector's root folder; paths stay inside it.", field: field)
                }
                parts.removeLast()
            default: parts.append(part)
            }
        }
        guard !parts.isEmpty else { return path }
        return (path == "/" ? "" : path) + "/" + parts.joined(separator: "/")
    }

    /// Whether a path the server resolved (symlinks followed) lies inside the root.
    public func contains(_ resolved: String) -> Bool {
        path == "/" || resolved == path || resolved.hasPrefix(path + "/")
    }

    /// `absolute` as users see it: relative to the root, starting with `/`.
    public func display(_ absolute: String) -> String {
        guard path != "/" else { return absolute }
        return absolute == path ? "/" : String(absolute.dropFirst(path.count))
    }

    /// A name from a server's listing when it is a plain name: not empty, `.` or `..`, without `/`, NUL, CR or LF.
    /// A hostile server's `../x` or `/etc/passwd` is nil, never a path.
    public static func safeName(_ name: String) -> String? {
        guard !name.isEmpty, name != ".", name != "..", !name.contains("/"),
            !name.unicodeScalars.contains(where: { $0.value == 0 || $0 == "\r" || $0 == "\n" })
        else { return nil }
        return name
    }

    private static func refuseControls(_ text: String, field: String) throws(ConnectorError) {
        if text.unicodeScalars.contains(where: { $0.value == 0 || $0 == "\r" || $0 == "\n" }) {
            throw .invalidInput("A path may not contain NUL, CR or LF.", field: field)
        }
    }
}
