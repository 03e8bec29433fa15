/// Result column names as the database nodes return them: a repeated name gets `_2`, `_3`, … so every value keeps a
/// key of its own in the row objects.
enum ColumnNames {
    static func unique(_ names: [String]) -> [String] {
        var seen: Set<String> = []
        return names.map { original in
            var name = original
            var suffix = 2
            while seen.contains(name) {
                name = "\(original)_\(suffix)"
                suffix += 1
            }
            seen.insert(name)
            return name
        }
    }
}
