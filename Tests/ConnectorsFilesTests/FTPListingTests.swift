import Foundation
import PlugboardCore
import Testing

@testable import ConnectorsFiles

/// Listings as real servers send them: MLSD facts (pyftpdlib, ProFTPD), Unix `ls -l` (vsftpd) and DOS (IIS), and
/// the names a hostile server might send.
@Suite struct FTPListingTests {
    static let now = Date(timeIntervalSince1970: 1_796_400_000)  // 2026-12-04T16:00:00Z

    @Test func mlsdFactsBecomeEntries() throws {
        let text = """
            type=cdir;modify=20261204153300;perm=flcdmpe; .\r
            type=pdir;modify=20261204153300;perm=flcdmpe; ..\r
            type=file;size=6;modify=20261204153300.123;UNIX.mode=0644;perm=adfrw; hello world.txt\r
            type=dir;modify=20250101000000;UNIX.mode=0755; reports\r
            type=OS.unix=slink:/etc;modify=20250101000000; etc-link\r

            """
        let entries = FTPListing.parseMLSD(text)
        try #require(entries.map(\.name) == ["hello world.txt", "reports", "etc-link"])
        #expect(entries[0] == FTPEntry(name: "hello world.txt", kind: .file, size: 6, mode: 0o644, modified: Date(timeIntervalSince1970: 1_796_398_380)))
        #expect(entries[1].kind == .directory && entries[1].mode == 0o755)
        #expect(entries[2].kind == .symlink)
    }

    @Test func unixListingsWithTimesYearsLinksAndSpaces() throws {
        let text = """
            total 12
            -rw-------    1 1001     1001            6 Dec 04 15:33 h.txt
            drwxr-xr-x    2 1001     1001         4096 Jan 02  2025 old folder
            lrwxrwxrwx    1 1001     1001           11 Nov 30 09:05 link -> /etc/passwd
            -rwsr-xr-T    1 owner             123456 Dec 06 10:00 no-group-next-year
            """
        let entries = FTPListing.parseLIST(text, now: Self.now)
        try #require(entries.map(\.name) == ["h.txt", "old folder", "link", "no-group-next-year"])
        #expect(entries[0] == FTPEntry(name: "h.txt", kind: .file, size: 6, mode: 0o600, modified: Date(timeIntervalSince1970: 1_796_398_380)))
        #expect(entries[1].kind == .directory && entries[1].modified == Date(timeIntervalSince1970: 1_735_776_000))
        #expect(entries[2].kind == .symlink && entries[2].size == 11)
        // Dec 06 is more than a day ahead of Dec 04 16:00, so it was last year; setuid and sticky bits are read.
        #expect(entries[3].modified == Date(timeIntervalSince1970: 1_765_015_200) && entries[3].mode == 0o5754 && entries[3].size == 123_456)
    }

    @Test func dosListingsFromIIS() throws {
        let text = """
            12-04-26  03:33PM       <DIR>          Reports 2026\r
            12-04-2026  09:05AM                 1,234 data.csv\r
            01-02-99  12:00AM                    0 empty.txt\r

            """
        let entries = FTPListing.parseLIST(text, now: Self.now)
        try #require(entries.map(\.name) == ["Reports 2026", "data.csv", "empty.txt"])
        #expect(entries[0].kind == .directory && entries[0].size == nil && entries[0].modified == Date(timeIntervalSince1970: 1_796_398_380))
        #expect(entries[1] == FTPEntry(name: "data.csv", kind: .file, size: 1234, mode: nil, modified: Date(timeIntervalSince1970: 1_796_375_100)))
        #expect(entries[2].modified == Date(timeIntervalSince1970: 915_235_200))
    }

    @Test func hostileNamesAreDropped() {
        let mlsd = "type=file;size=3; ../escape\r\ntype=file;size=3; /etc/passwd\r\ntype=dir; ..\r\ntype=file; a/b\r\ntype=file;size=1; fine\r\n"
        #expect(FTPListing.parseMLSD(mlsd).map(\.name) == ["fine"])
        let list = "-rw-r--r-- 1 u g 3 Jan 01  2026 ../x\n-rw-r--r-- 1 u g 3 Jan 01  2026 /etc/passwd\ndrwxr-xr-x 1 u g 3 Jan 01  2026 ..\n-rw-r--r-- 1 u g 3 Jan 01  2026 ok\n"
        #expect(FTPListing.parseLIST(list, now: Self.now).map(\.name) == ["ok"])
        #expect(FTPListing.parseLIST("12-04-26  03:33PM  <DIR>  ..\r\n12-04-26  03:33PM  3 ..\\x/y\r\n", now: Self.now).isEmpty)
    }

    @Test func repliesJoinMultipleLinesAndReadPaths() {
        let replies = FTPReply.parse([
            "220 (vsFTPd 3.0.3)", "211-Features:", " EPSV", " MLST type*;size*;modify*;", " UTF8", "211 End",
            "257 \"/home/a \"\"quoted\"\" dir\" is the current directory", "550 Failed to change directory.",
        ])
        #expect(replies.map(\.code) == [220, 211, 257, 550])
        #expect(replies[1].features == ["EPSV", "MLST", "UTF8"])
        #expect(replies[2].quotedPath == "/home/a \"quoted\" dir")
        #expect(replies[3].text == "Failed to change directory." && replies[3].quotedPath == nil)
    }

    @Test func pathsBecomeAbsoluteEncodedURLs() throws {
        let connection = CurlConnection(
            host: "ftp.example.com", port: 21, address: try #require(IPAddress(bytes: [127, 0, 0, 1])), username: "u", password: "p",
            security: .implicit, verifyTLS: true, trustRootsPEM: nil, connectTimeoutMilliseconds: 1000, replyTimeoutSeconds: 5)
        #expect(connection.url("/home/a b/#1?.txt") == "ftps://ftp.example.com:21/%2Fhome/a%20b/%231%3F.txt")
        #expect(connection.url("/") == "ftps://ftp.example.com:21/%2F")
        #expect(connection.url("/caf\u{e9}/") == "ftps://ftp.example.com:21/%2Fcaf%C3%A9/")
    }
}

