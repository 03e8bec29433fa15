import ConnectorsHTTP
import PlugboardCore
import Testing

@Suite struct NDJSONLineReaderTests {
    @Test(arguments: [1, 2, 3, 7, 100])
    func valuesComeOutWhateverTheSplit(size: Int) throws {
        let text = Array("{\"a\":1}\r\n\n  \n[2,3]\n\"last\"".utf8)
        var reader = NDJSONLineReader(maximumLineBytes: 64)
        var values: [JSONValue] = []
        var index = 0
        while index < text.count {
            values += try reader.feed(text[index..<min(index + size, text.count)])
            index += size
        }
        if let last = try reader.finishLine() { values.append(last) }
        #expect(values == [["a": 1], [2, 3], "last"])
    }

    @Test func aLineTooLongOrNotJSONFails() {
        var short = NDJSONLineReader(maximumLineBytes: 4)
        #expect(throws: ConnectorError.self) { try short.feed(Array("{\"abc\": 1}\n".utf8)) }
        var strict = NDJSONLineReader(maximumLineBytes: 64)
        let error = #expect(throws: ConnectorError.self) { try strict.feed(Array("not json\n".utf8)) }
        #expect(error?.code == .upstreamError)
    }
}
