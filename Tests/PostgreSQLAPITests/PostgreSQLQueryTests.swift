import PlugboardCore
import Testing

/// Every test that talks to the PostgreSQL server started by scripts/test.sh; run one at a time, because the
/// connection-limit, restart and pool-size tests count the server's connections.
@Suite(.serialized) struct PostgreSQLTests {}

extension PostgreSQLTests {
    @Suite struct Query {
        @Test func namedParametersAreBoundAndNeverSpliced() async throws {
            try await PostgreSQLFixture().run { api in
                try await api.makeConnector("rw", options: ["allowWrites": true])
                try await api.query("rw", "DROP TABLE IF EXISTS people")
                try await api.query("rw", "CREATE TABLE people (id serial PRIMARY KEY, name text, note text)")
                let hostile = "Robert'); DROP TABLE people; --"
                try await api.query("rw", "INSERT INTO people (name, note) VALUES (@name, '@note stays text') -- @ignored in a comment", ["name": .string(hostile)])
                let found = try await api.query(
                    "rw", #"SELECT name, note, '@x' AS literal, $$@y$$ AS dollar, "name" = @name AS same FROM people WHERE name = @name /* @z */"#,
                    ["name": .string(hostile)])
                #expect(found.rows.count == 1)
                #expect(found.rows.first?["name"] == .string(hostile))
                #expect(found.rows.first?["note"] == "@note stays text")
                #expect(found.rows.first?["literal"] == "@x" && found.rows.first?["dollar"] == "@y" && found.rows.first?["same"] == true)
                #expect(try await api.scalar("rw", "SELECT count(*) FROM people") == 1, "the table is still there")

                let typed = try await api.query("rw", "SELECT @n::int + 1 AS next, @flag::bool AS flag, @nothing::text IS NULL AS null", ["n": 41, "flag": true, "nothing": .null])
                #expect(typed.rows.first == ["next": 42, "flag": true, "null": true])

                let missing = try await api.run("rw", "query", ["sql": "SELECT @absent"])
                #expect(missing.errorCode == "invalid_input" && missing.json["error"]?["field"] == "variables.absent", "\(missing.text)")
                try await api.query("rw", "DROP TABLE people")
            }
        }

        @Test func valuesMapToJSONWithoutLoss() async throws {
            try await PostgreSQLFixture().run { api in
                try await api.makeConnector("ro")
                let reply = try await api.query("ro", """
                    SELECT 1::int2 AS i2, '-2147483648'::int4 AS i4, 9007199254740993::int8 AS i8,
                      12345678901234567890.123456789::numeric AS num, 0.000100::numeric(10,6) AS small, -5::numeric AS neg, 'NaN'::numeric AS nan,
                      true AS yes, 'héllo'::text AS txt, 'v'::varchar(3) AS vc, 'ab'::char(3) AS ch, 1.5::float8 AS f8, 0.25::float4 AS f4,
                      '2024-02-29 13:45:00.123456'::timestamp AS ts, '2024-02-29 13:45:00+02'::timestamptz AS tstz,
                      '2024-02-29'::date AS d, '0044-03-15 BC'::date AS bc, 'infinity'::timestamp AS inf, '13:45:30.5'::time AS t,
                      '13:45:30+05:30'::timetz AS ttz, '1 year 2 mons 3 days 04:05:06.5'::interval AS iv,
                      'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid AS id, '\\xdeadbeef'::bytea AS bin,
                      '{"a": [1, 2.5, "x"], "b": null}'::json AS js, '{"k": {"n": 1}}'::jsonb AS jsb,
                      ARRAY[1, 2, 3] AS ints, ARRAY['a', NULL, 'c'] AS texts, ARRAY[[1, 2], [3, 4]] AS matrix, '{}'::int[] AS empty,
                      ARRAY[1.50, 2]::numeric[] AS nums, NULL::text AS nothing
                    """)
                let row = try #require(reply.rows.first)
                let expected: JSONObject = [
                    "i2": 1, "i4": -2147483648, "i8": 9007199254740993, "num": "12345678901234567890.123456789", "small": "0.000100",
                    "neg": "-5", "nan": "NaN", "yes": true, "txt": "héllo", "vc": "v", "ch": "ab ", "f8": 1.5, "f4": 0.25,
                    "ts": "2024-02-29T13:45:00.123456", "tstz": "2024-02-29T11:45:00Z", "d": "2024-02-29", "bc": "-0043-03-15",
                    "inf": "infinity", "t": "13:45:30.5", "ttz": "13:45:30+05:30", "iv": "P1Y2M3DT4H5M6.5S",
                    "id": "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "bin": "3q2+7w==", "js": ["a": [1, 2.5, "x"], "b": nil],
                    "jsb": ["k": ["n": 1]], "ints": [1, 2, 3], "texts": ["a", nil, "c"], "matrix": [[1, 2], [3, 4]], "empty": [],
                    "nums": ["1.50", "2"], "nothing": nil,
                ]
                for (name, value) in expected {
                    #expect(row[name] == value, "column \(name): \(row[name]?.jsonString() ?? "missing")")
                }
                let types = Dictionary(uniqueKeysWithValues: (reply.output["columns"]?.arrayValue ?? []).compactMap { column in
                    column["name"]?.stringValue.map { ($0, column["type"]?.stringValue ?? "") }
                })
                #expect(types["i8"] == "int8" && types["num"] == "numeric" && types["tstz"] == "timestamptz" && types["jsb"] == "jsonb")
                #expect(types["ints"] == "int4[]" && types["id"] == "uuid" && types["bin"] == "bytea" && types["nothing"] == "text")
                #expect(reply.output["columns"]?.arrayValue?.first?["name"] == "i2", "columns keep the select-list order")
            }
        }

        @Test func columnsComeBackEvenWithoutRowsAndLimitsTruncate() async throws {
            try await PostgreSQLFixture().run { api in
                try await api.makeConnector("ro", options: ["maxRows": 5])
                let none = try await api.query("ro", "SELECT 1 AS a, 'x'::text AS b WHERE false")
                #expect(none.rows.isEmpty && none.output["columns"]?.arrayValue?.count == 2 && none.output["truncated"] == false)
                let limited = try await api.query("ro", "SELECT g FROM generate_series(1, 20) g")
                #expect(limited.rows.count == 5 && limited.output["truncated"] == true && limited.output["rowCount"] == 5)
                let asked = try await api.run("ro", "query", ["sql": "SELECT g FROM generate_series(1, 20) g", "maxRows": 2])
                #expect(asked.rows.count == 2 && asked.output["truncated"] == true)
                let exact = try await api.query("ro", "SELECT g FROM generate_series(1, 5) g")
                #expect(exact.rows.count == 5 && exact.output["truncated"] == false)
            }
        }

        @Test func aMissingTableIsInvalidInputWithPostgreSQLsMessage() async throws {
            try await PostgreSQLFixture().run { api in
                try await api.makeConnector("ro")
                let reply = try await api.run("ro", "query", ["sql": "SELECT * FROM no_such_table"])
                #expect(reply.errorCode == "invalid_input", "\(reply.text)")
                #expect(reply.json["error"]?["message"]?.stringValue?.contains(#"relation "no_such_table" does not exist"#) == true)
                #expect(reply.json["error"]?["details"]?["sqlState"] == "42P01")
                #expect(!reply.text.contains(api.server.password))
                #expect(try await api.scalar("ro", "SELECT 1") == 1, "the session is usable after the error")
            }
        }
    }
}
