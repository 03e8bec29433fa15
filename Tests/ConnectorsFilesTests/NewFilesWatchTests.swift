import ConnectorsFiles
import PlugboardCore
import Testing

/// The new-files trigger's memory: files there at the start are not new, a file is reported once its size and time
/// held for a poll, a changed file is reported again, and the cursor carries it over a restart.
@Suite struct NewFilesWatchTests {
    @Test func aFileIsReportedOnceItHoldsStill() {
        var watch = NewFilesWatch.baseline([RemoteFile(path: "/old.csv", size: 10, modified: 100)])
        #expect(watch.poll([RemoteFile(path: "/old.csv", size: 10, modified: 100)]).isEmpty, "what was there at the start is not new")

        let growing = RemoteFile(path: "/new.csv", size: 5, modified: 200)
        #expect(watch.poll([growing]).isEmpty, "seen once: it may still be written")
        let grown = RemoteFile(path: "/new.csv", size: 9, modified: 201)
        #expect(watch.poll([grown]).isEmpty, "it changed since: wait one more poll")
        #expect(watch.poll([grown]) == [grown])
        watch.markReported(grown)
        #expect(watch.poll([grown]).isEmpty, "reported once")

        let changed = RemoteFile(path: "/new.csv", size: 12, modified: 300)
        #expect(watch.poll([changed]).isEmpty)
        #expect(watch.poll([changed]) == [changed], "a changed file is reported again")
    }

    @Test func theCursorCarriesWhatWasReported() {
        var watch = NewFilesWatch(cursor: nil)
        let file = RemoteFile(path: "/a/b.txt", size: 3, modified: 7)
        _ = watch.poll([file])
        #expect(watch.poll([file]) == [file])
        watch.markReported(file)
        #expect(watch.cursor == ["files": ["/a/b.txt": "3:7"]])
        var restarted = NewFilesWatch(cursor: watch.cursor)
        _ = restarted.poll([file])
        #expect(restarted.poll([file]).isEmpty, "not reported again after a restart")
        #expect(restarted.poll([]).isEmpty)
        #expect(restarted.cursor == ["files": [:]], "a deleted file is forgotten")
    }

    @Test func patterns() {
        #expect(NewFilesWatch.matches("report.csv", pattern: "*.csv") && !NewFilesWatch.matches("report.csv.tmp", pattern: "*.csv"))
        #expect(NewFilesWatch.matches("a-01.txt", pattern: "a-??.txt") && NewFilesWatch.matches("anything", pattern: ""))
    }
}
