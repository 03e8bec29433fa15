import PlugboardCore

/// Kazakhstan's individual identification number: 12 digits, the last a check digit (weights 1…11, or 3…11, 1, 2
/// when the first sum leaves 10).
enum IIN {
    static func check(_ text: String) throws(ConnectorError) -> String {
        let digits = text.compactMap(\.wholeNumberValue)
        guard text.count == 12, digits.count == 12 else { throw .invalidInput("An IIN is 12 digits.", field: "iin") }
        var sum = zip(digits.prefix(11), 1...11).reduce(0) { $0 + $1.0 * $1.1 } % 11
        if sum == 10 {
            sum = zip(digits.prefix(11), [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]).reduce(0) { $0 + $1.0 * $1.1 } % 11
        }
        guard sum != 10, sum == digits[11] else { throw .invalidInput("'\(text)' is not a valid IIN: its check digit does not match.", field: "iin") }
        return text
    }
}
