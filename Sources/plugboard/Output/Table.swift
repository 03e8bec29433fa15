/// An aligned plain-text table: a header row, then one row per item, long cells cut with "…".
struct Table: Sendable {
    /// One column: its heading and the widest it may grow.
    struct Column: Sendable {
        var title: String
        var maximumWidth: Int

        init(_ title: String, maximumWidth: Int = 40) {
            self.title = title
            self.maximumWidth = maximumWidth
        }
    }

    var columns: [Column]
    var rows: [[String]] = []

    init(_ columns: [Column]) {
        self.columns = columns
    }

    mutating func append(_ row: [String]) {
        rows.append(row)
    }

    /// The table as lines of text, columns two spaces apart, without trailing spaces.
    func render() -> String {
        let cells = rows.map { row in
            columns.indices.map { index in
                Self.fit(index < row.count ? row[index] : "", width: columns[index].maximumWidth)
            }
        }
        let headings = columns.map(\.title)
        let widths = columns.indices.map { index in
            ([headings[index].count] + cells.map { $0[index].count }).max() ?? 0
        }
        return ([headings] + cells).map { line in
            var text = ""
            for (index, cell) in line.enumerated() {
                let isLast = index == line.count - 1
                text += isLast ? cell : cell + String(repeating: " ", count: widths[index] - cell.count + 2)
            }
            while text.hasSuffix(" ") { text.removeLast() }
            return text
        }.joined(separator: "\n")
    }

    /// One line of at most `width` characters; longer text ends in "…".
    static func fit(_ text: String, width: Int) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        guard flat.count > width, width > 1 else { return flat }
        return String(flat.prefix(width - 1)) + "…"
    }
}
