@testable import ConnectorsDatabase
import PlugboardCore
import Testing

@Suite struct SQLTextTests {
    @Test func namedParametersBecomePositionalAndRepeatsShareOne() throws {
        let text = try SQLText("SELECT * FROM t WHERE a = @a AND b = @b_2 OR a = @a")
        #expect(text.positional == "SELECT * FROM t WHERE a = $1 AND b = $2 OR a = $1")
        #expect(text.parameterNames == ["a", "b_2"])
        #expect(text.statementCount == 1 && text.leadingWords == ["SELECT", "FROM"])
    }

    @Test(arguments: [
        ("SELECT '@a', 'it''s @b'", "literal with a doubled quote"),
        (#"SELECT "@col", "a""@b""#, "quoted identifiers"),
        ("SELECT $$ @a $$, $tag$ @b $ $$ $tag$", "dollar quotes"),
        ("SELECT 1 -- @a\n", "line comment"),
        ("SELECT 1 /* @a /* nested @b */ still @c */", "nested block comment"),
        (#"SELECT E'\' @a'"#, "escape string with a backslash quote"),
        ("SELECT '{1}'::int[] @> ARRAY[1], a <@ b, x @@ y, @ -5", "operators with @"),
        ("SELECT user@host FROM t", "@ after an identifier character"),
    ])
    func atSignsOutsideParametersAreLeftAlone(sql: String, _ what: String) throws {
        let text = try SQLText(sql)
        #expect(text.parameterNames.isEmpty, "\(what)")
        #expect(text.positional == sql, "\(what)")
    }

    @Test func dollarSignsInIdentifiersAreNotDollarQuotesAndPositionalParametersAreRefused() throws {
        let text = try SQLText("SELECT a$b, @x, '$1'")
        #expect(text.positional == "SELECT a$b, $1, '$1'")
        #expect(text.parameterNames == ["x"])
        #expect(throws: ConnectorError.self) { try SQLText("SELECT $1") }
    }

    @Test(arguments: [
        ("SELECT 1; SELECT 2", 2), ("SELECT 1;", 1), ("SELECT 1; -- done\n /* really */ ;", 1), ("SELECT ';' ; ", 1),
        ("COMMIT; DROP TABLE t", 2), ("SELECT $$;$$", 1), ("  ", 0), ("-- only a comment", 0), (#"SELECT ";""#, 1),
    ])
    func statementsAreCountedOutsideLiterals(sql: String, count: Int) throws {
        #expect(try SQLText(sql).statementCount == count)
    }

    @Test func leadingWordsSkipCommentsAndUppercase() throws {
        #expect(try SQLText("/* x */ -- y\n begin read write").leadingWords == ["BEGIN", "READ"])
        #expect(try SQLText("set transaction read write").leadingWords == ["SET", "TRANSACTION"])
    }

    @Test(arguments: ["SELECT 'open", #"SELECT "open"#, "SELECT $$ open", "SELECT /* open"])
    func unterminatedTokensAreInvalidInput(sql: String) {
        #expect(throws: ConnectorError.self) { try SQLText(sql) }
    }
}
