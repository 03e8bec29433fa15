import Foundation

/// A file or folder in an FTP listing.
public struct FTPEntry: Sendable, Hashable {
    public enum Kind: String, Sendable { case file, directory, symlink, other }

    public var name: String
    public var kind: Kind
    public var size: UInt64?
    /// Permission bits (`0o644`), when the listing gives them.
    public var mode: UInt32?
    public var modified: Date?
}

/// Reads directory listings: MLSD's machine-readable facts (RFC 3659) and, from servers without it, `LIST` in the
/// Unix `ls -l` and the Windows/IIS (DOS) formats. Pure: no I/O, so every format is tested byte for byte.
///
/// A name that is not a plain name (`..`, `../x`, `/etc/passwd`) is dropped: a hostile server's listing never
/// becomes a path outside the folder. Lines that are neither format (`total 12`) are skipped.
public enum FTPListing {
    public static func parseMLSD(_ text: String) -> [FTPEntry] {
        lines(text).compactMap(mlsdEntry)
    }

    /// A `LIST` reply; `now` dates Unix lines that carry a time instead of a year (within the last year).
    public static func parseLIST(_ text: String, now: Date = Date()) -> [FTPEntry] {
        lines(text).compactMap { unixEntry($0, now: now) ?? dosEntry($0) }
    }

    /// Lines end with CRLF or LF; a CR alone is part of a line (and makes its name unsafe).
    private static func lines(_ text: String) -> [Substring] {
        text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" })
    }

    // MARK: MLSD

    /// `type=file;size=6;modify=20261204153300;UNIX.mode=0644; name`: facts, one space, the name.
    static func mlsdEntry(_ line: Substring) -> FTPEntry? {
        guard let space = line.firstIndex(of: " ") else { return nil }
        guard let name = RemoteRoot.safeName(String(line[line.index(after: space)...])) else { return nil }
        var facts: [String: String] = [:]
        for fact in line[..<space].split(separator: ";") {
            guard let equals = fact.firstIndex(of: "=") else { continue }
            facts[fact[..<equals].lowercased()] = String(fact[fact.index(after: equals)...])
        }
        let type = facts["type"]?.lowercased() ?? ""
        let kind: FTPEntry.Kind
        switch type {
        case "cdir", "pdir": return nil
        case "file": kind = .file
        case "dir": kind = .directory
        case _ where type.hasPrefix("os.unix=slink") || type.hasPrefix("os.unix=symlink"): kind = .symlink
        default: kind = .other
        }
        return FTPEntry(
            name: name, kind: kind, size: facts["size"].flatMap { UInt64($0) },
            mode: facts["unix.mode"].flatMap { UInt32($0, radix: 8) }, modified: facts["modify"].flatMap(mlsdTime))
    }

    /// `YYYYMMDDHHMMSS[.sss]` in UTC.
    static func mlsdTime(_ text: String) -> Date? {
        let digits = text.prefix(14)
        guard digits.count == 14, digits.allSatisfy(\.isASCIIDigit) else { return nil }
        func number(_ from: Int, _ length: Int) -> Int { Int(digits.dropFirst(from).prefix(length)) ?? 0 }
        return date(year: number(0, 4), month: number(4, 2), day: number(6, 2), hour: number(8, 2), minute: number(10, 2), second: number(12, 2))
    }

    // MARK: Unix ls -l

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// `-rw-r--r-- 1 owner group 6 Dec 04 15:33 name` (the group may be missing; the last field is the year for
    /// older files); `l…` lines end `name -> target`.
    static func unixEntry(_ line: Substring, now: Date) -> FTPEntry? {
        guard let type = line.first, "-dlbcps".contains(type) else { return nil }
        let tokens = tokens(of: line)
        guard tokens.count >= 7, tokens[0].text.count >= 10 else { return nil }
        // The date is a month name, a day and a time or year, right after the size.
        guard let month = (3..<(tokens.count - 2)).first(where: { index in
            months.contains(tokens[index].text.lowercased()) && UInt64(tokens[index - 1].text) != nil
                && Int(tokens[index + 1].text).map { (1...31).contains($0) } == true
        }) else { return nil }
        let yearOrTime = tokens[month + 2]
        guard let nameStart = line[yearOrTime.range.upperBound...].firstIndex(where: { $0 != " " }) else { return nil }
        var name = String(line[nameStart...])
        let kind: FTPEntry.Kind
        switch type {
        case "-": kind = .file
        case "d": kind = .directory
        case "l":
            kind = .symlink
            if let arrow = name.range(of: " -> ") { name = String(name[..<arrow.lowerBound]) }
        default: kind = .other
        }
        guard let safe = RemoteRoot.safeName(name) else { return nil }
        let modified = unixTime(
            month: (months.firstIndex(of: tokens[month].text.lowercased()) ?? 0) + 1, day: Int(tokens[month + 1].text) ?? 1,
            yearOrTime: yearOrTime.text, now: now)
        return FTPEntry(name: safe, kind: kind, size: UInt64(tokens[month - 1].text), mode: unixMode(tokens[0].text), modified: modified)
    }

    /// `rwxr-xr-x` after the type letter as bits; setuid, setgid and sticky from `s`/`S` and `t`/`T`.
    static func unixMode(_ permissions: String) -> UInt32? {
        let letters = Array(permissions.dropFirst().prefix(9))
        guard letters.count == 9 else { return nil }
        var mode: UInt32 = 0
        for (index, letter) in letters.enumerated() {
            let bit = UInt32(1) << UInt32(8 - index)
            switch (index % 3, letter) {
            case (_, "-"): continue
            case (0, "r"), (1, "w"), (2, "x"): mode |= bit
            case (2, "s"), (2, "t"): mode |= bit | special(index)
            case (2, "S"), (2, "T"): mode |= special(index)
            default: return nil
            }
        }
        return mode
    }

    private static func special(_ index: Int) -> UInt32 {
        switch index { case 2: 0o4000; case 5: 0o2000; default: 0o1000 }
    }

    /// `15:33` means the most recent such day not more than a day ahead of now; `2025` is that year at midnight.
    static func unixTime(month: Int, day: Int, yearOrTime: String, now: Date) -> Date? {
        if let colon = yearOrTime.firstIndex(of: ":") {
            guard let hour = Int(yearOrTime[..<colon]), let minute = Int(yearOrTime[yearOrTime.index(after: colon)...]) else { return nil }
            let year = utc.component(.year, from: now)
            guard let thisYear = date(year: year, month: month, day: day, hour: hour, minute: minute, second: 0) else { return nil }
            return thisYear > now.addingTimeInterval(86_400) ? date(year: year - 1, month: month, day: day, hour: hour, minute: minute, second: 0) : thisYear
        }
        guard let year = Int(yearOrTime) else { return nil }
        return date(year: year, month: month, day: day, hour: 0, minute: 0, second: 0)
    }

    // MARK: DOS / IIS

    /// `12-04-26  03:33PM  <DIR>  folder` or `12-04-2026  15:33  1234 file.txt`.
    static func dosEntry(_ line: Substring) -> FTPEntry? {
        let tokens = tokens(of: line)
        guard tokens.count >= 4 else { return nil }
        let dateParts = tokens[0].text.split(whereSeparator: { $0 == "-" || $0 == "/" }).compactMap { Int($0) }
        guard dateParts.count == 3, let time = dosClock(tokens[1].text) else { return nil }
        let sizeField = tokens[2].text
        let kind: FTPEntry.Kind
        let size: UInt64?
        if sizeField.uppercased() == "<DIR>" {
            kind = .directory
            size = nil
        } else if let bytes = UInt64(sizeField.filter { $0 != "," }) {
            kind = .file
            size = bytes
        } else {
            return nil
        }
        guard let nameStart = line[tokens[2].range.upperBound...].firstIndex(where: { $0 != " " }),
            let name = RemoteRoot.safeName(String(line[nameStart...]))
        else { return nil }
        let year = dateParts[2] < 100 ? (dateParts[2] < 70 ? 2000 : 1900) + dateParts[2] : dateParts[2]
        let modified = date(year: year, month: dateParts[0], day: dateParts[1], hour: time.hour, minute: time.minute, second: 0)
        return FTPEntry(name: name, kind: kind, size: size, mode: nil, modified: modified)
    }

    /// `03:33PM`, `12:05AM` or `15:33`.
    private static func dosClock(_ text: String) -> (hour: Int, minute: Int)? {
        let upper = text.uppercased()
        let meridian = upper.hasSuffix("AM") ? "AM" : upper.hasSuffix("PM") ? "PM" : nil
        let clock = meridian == nil ? upper : String(upper.dropLast(2))
        let parts = clock.split(separator: ":").compactMap { Int($0) }
        guard parts.count == 2, (0..<24).contains(parts[0]), (0..<60).contains(parts[1]) else { return nil }
        switch meridian {
        case "AM": return (parts[0] % 12, parts[1])
        case "PM": return (parts[0] % 12 + 12, parts[1])
        default: return (parts[0], parts[1])
        }
    }

    // MARK: Helpers

    private struct Token {
        var text: String
        var range: Range<Substring.Index>
    }

    private static func tokens(of line: Substring) -> [Token] {
        var tokens: [Token] = []
        var index = line.startIndex
        while index < line.endIndex {
            guard let start = line[index...].firstIndex(where: { $0 != " " && $0 != "\t" }) else { break }
            let end = line[start...].firstIndex(where: { $0 == " " || $0 == "\t" }) ?? line.endIndex
            tokens.append(Token(text: String(line[start..<end]), range: start..<end))
            index = end
        }
        return tokens
    }

    private static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        return calendar
    }()

    private static func date(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) -> Date? {
        guard (1...12).contains(month), (1...31).contains(day) else { return nil }
        return utc.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second))
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
