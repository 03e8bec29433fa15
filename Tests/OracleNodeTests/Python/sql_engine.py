"""The double's SQL behaviour, backed by sqlite: one sqlite connection per client session on a shared database file
(WAL mode), so a session's commit is visible to the others and a rollback undoes its changes. Every result column
is described with an Oracle type (from the catalogue, or from the bind or literal it echoes) and its values are
converted from that type. Supported statements (other statements are ORA-00900; Oracle SQL outside this subset,
such as joins, functions or expressions, is ORA-03001 "unimplemented feature"):

* SELECT <columns | * | :binds | literals | NULL | USER | COUNT(*)> FROM [schema.]table [alias]
  [WHERE ...] [ORDER BY ...] [OFFSET n ROWS] [FETCH FIRST n ROWS ONLY] (DUAL is a one-row table);
* INSERT INTO table [(columns)] VALUES (...), UPDATE table SET col = value, ... [WHERE ...], DELETE FROM table
  [WHERE ...], where values are binds (:name or :1), literals or NULL;
* SET TRANSACTION READ ONLY | READ WRITE, COMMIT, ROLLBACK;
* BEGIN DBMS_SESSION.SLEEP(:seconds); END; (prepared here, run by the session, which watches for breaks).
"""

import datetime
import sqlite3
from dataclasses import dataclass, field

import catalog
import oracle_values as ov
import sql_values
from ora_errors import OracleError
from sql_text import UNIMPLEMENTED, ClauseTranslator, find_top, split_top, sqlite_string, tokenize

NUMBER_LITERAL = ov.OracleType(ov.NUMBER, 0, 22, 22, 0, -127)


@dataclass
class Item:
    """A select-list item: its column name, where its value comes from and its sqlite expression."""
    name: str
    source: str          # column, bind, number, string, null, user, count
    sql: str
    column: object = None
    bind: int = None
    text: str = None


@dataclass
class Prepared:
    """A parsed statement. Bind indexes count occurrences in the SQL text, as python-oracledb sends them."""
    kind: str            # query, insert, update, delete, sleep, set_transaction, commit, rollback
    sql: str
    bind_count: int = 0
    table: object = None
    items: list = field(default_factory=list)
    sqlite_sql: str = ""
    targets: list = field(default_factory=list)   # DML: (column, ("bind", index) | ("value", python value))
    read_only: bool = False

    @property
    def is_query(self) -> bool:
        return self.kind == "query"

    @property
    def has_lobs(self) -> bool:
        return any(i.column is not None and i.column.kind in ("CLOB", "BLOB") for i in self.items)


class Engine:
    """The shared database: creates and seeds the sqlite file from the catalogue."""

    def __init__(self, path: str):
        self.path = path
        self.tables = {(t.owner, t.name): t for t in catalog.build_tables()}
        db = sqlite3.connect(path, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.create_collation("ORANUM", sql_values.NumberCollation())
        for table in self.tables.values():
            keys = [c for c in table.constraints if c.type in "PU"]
            columns = [f'"{c.name}" {c.storage}' + ("" if c.nullable else " NOT NULL") for c in table.columns]
            columns += [("PRIMARY KEY" if k.type == "P" else "UNIQUE") + f' ("{", ".join(k.columns)}")' for k in keys]
            for fk in (c for c in table.constraints if c.type == "R"):
                parent = next(t for t in self.tables.values() for c in t.constraints if c.name == fk.references)
                parent_key = next(c for c in parent.constraints if c.name == fk.references)
                columns.append(f'FOREIGN KEY ("{", ".join(fk.columns)}") REFERENCES "{parent.name}" '
                               f'("{", ".join(parent_key.columns)}")')
            db.execute(f'CREATE TABLE "{table.name}" ({", ".join(columns)})')
            marks = ", ".join("?" * len(table.columns))
            db.executemany(f'INSERT INTO "{table.name}" VALUES ({marks})',
                           [[sql_values.coerce(table, c, v, datetime.timezone.utc) for c, v in zip(table.columns, row)]
                            for row in table.rows])
        db.close()

    def resolve(self, tokens, index, user: str):
        """Resolves the table name at tokens[index] ([schema.]name); returns (table, next index)."""
        token = tokens[index] if index < len(tokens) else None
        if token is None or not token.is_name:
            raise OracleError(903, offset=token.pos if token else 0)
        owner, name, index = None, token.value, index + 1
        if index + 1 < len(tokens) and tokens[index].is_op(".") and tokens[index + 1].is_name:
            owner, name, index = name, tokens[index + 1].value, index + 2
        table = self.tables.get((owner or user, name))
        if table is None and owner is None:       # public synonyms: SYS's dictionary views and DUAL, HR.SALARIES
            table = next((t for t in self.tables.values() if t.name == name and t.owner in ("SYS", "HR")), None)
        if table is None:
            raise OracleError(942, offset=token.pos, owner=owner or user, name=name)
        if not table.readable:
            raise OracleError(1031, offset=token.pos)
        return table, index

    def prepare(self, sql: str, user: str) -> Prepared:
        tokens = tokenize(sql.strip())
        if not tokens:
            raise OracleError(900)
        first = tokens[0]
        if first.is_word("SELECT"):
            return self._prepare_select(sql, tokens, user)
        if first.is_word("INSERT", "UPDATE", "DELETE"):
            return self._prepare_dml(sql, tokens, user)
        words = [t.value if t.kind == "ident" else t.value.upper() for t in tokens]
        if words in (["SET", "TRANSACTION", "READ", "ONLY"], ["SET", "TRANSACTION", "READ", "WRITE"]):
            return Prepared("set_transaction", sql, read_only=words[3] == "ONLY")
        if words in (["COMMIT"], ["COMMIT", "WORK"]):
            return Prepared("commit", sql)
        if words in (["ROLLBACK"], ["ROLLBACK", "WORK"]):
            return Prepared("rollback", sql)
        shape = ["bind" if t.kind == "bind" else t.value for t in tokens]
        if shape == ["BEGIN", "DBMS_SESSION", ".", "SLEEP", "(", "bind", ")", ";", "END", ";"]:
            return Prepared("sleep", sql, bind_count=1)
        raise OracleError(900)

    def _prepare_select(self, sql, tokens, user) -> Prepared:
        from_index = find_top(tokens, "FROM")
        if from_index < 0:
            raise OracleError(923, offset=len(sql))
        table, index = self.resolve(tokens, from_index + 1, user)
        alias = None
        if index < len(tokens) and tokens[index].is_name and not tokens[index].is_word(
                "WHERE", "ORDER", "OFFSET", "FETCH", *UNIMPLEMENTED):
            alias, index = tokens[index].value, index + 1
        translator = ClauseTranslator(table, alias, 1)
        items = [item for part in split_top(tokens[1:from_index]) for item in self._items(part, table, translator)]
        query = f'SELECT {", ".join(i.sql for i in items)} FROM "{table.name}"'
        if index < len(tokens) and tokens[index].is_word("WHERE"):
            end = find_top(tokens, "ORDER", "OFFSET", "FETCH", start=index)
            end = end if end >= 0 else len(tokens)
            query += " WHERE " + translator.condition(tokens[index + 1:end])
            index = end
        if index < len(tokens) and tokens[index].is_word("ORDER"):
            if not (index + 1 < len(tokens) and tokens[index + 1].is_word("BY")):
                raise OracleError(924, offset=tokens[index].pos)
            end = find_top(tokens, "OFFSET", "FETCH", start=index)
            end = end if end >= 0 else len(tokens)
            query += " ORDER BY " + translator.order_by(tokens[index + 2:end])
            index = end
        if index < len(tokens):
            query += translator.row_limit(tokens[index:])
        return Prepared("query", sql, translator.next_bind - 1, table, items, query)

    def _items(self, part, table, translator):
        """The select-list items of one comma-separated part (a * expands to every column)."""
        if not part:
            raise OracleError(936)
        alias = None
        if len(part) >= 2 and part[-1].is_name and not part[-2].is_op("."):
            alias, part = part[-1].value, part[:-2] if part[-2].is_word("AS") else part[:-1]
            if not part:
                raise OracleError(936)
        first = part[0]
        if len(part) == 1 and first.is_op("*"):
            return [Item(c.name, "column", f'"{c.name}"', column=c) for c in table.columns]
        if len(part) == 1 and first.kind == "bind":
            sql = translator.bind(first)
            return [Item(alias or ":" + first.value, "bind", sql, bind=translator.next_bind - 1)]
        if len(part) == 1 and first.kind == "number":
            return [Item(alias or first.value, "number", sqlite_string(sql_values.canon_number(first.value)))]
        if len(part) == 1 and first.kind == "string":
            return [Item(alias or "'" + first.value + "'", "string", sqlite_string(first.value), text=first.value)]
        if len(part) == 1 and first.is_word("NULL"):
            return [Item(alias or "NULL", "null", "NULL")]
        if len(part) == 1 and first.is_word("USER"):
            return [Item(alias or "USER", "user", ":user")]
        if [t.value for t in part] == ["COUNT", "(", "*", ")"]:
            return [Item(alias or "COUNT(*)", "count", "COUNT(*)")]
        sql, end = translator.column(part, 0)
        if end != len(part):
            raise OracleError(3001, offset=part[end].pos)
        column = table.column(sql.strip('"'))
        return [Item(alias or column.name, "column", sql, column=column)]

    def _prepare_dml(self, sql, tokens, user) -> Prepared:
        kind = tokens[0].value.lower()
        if kind == "insert" and not (len(tokens) > 1 and tokens[1].is_word("INTO")):
            raise OracleError(925, offset=tokens[1].pos if len(tokens) > 1 else len(sql))
        start = 2 if kind == "insert" or (kind == "delete" and len(tokens) > 1 and tokens[1].is_word("FROM")) else 1
        table, index = self.resolve(tokens, start, user)
        if table.owner == "SYS":
            raise OracleError(1031, offset=tokens[start].pos)
        prepared = Prepared(kind, sql, table=table)
        alias = None
        if kind != "insert" and index < len(tokens) and tokens[index].is_name \
                and not tokens[index].is_word("SET", "WHERE"):
            alias, index = tokens[index].value, index + 1
        translator = ClauseTranslator(table, alias, 1)
        if kind == "insert":
            index = self._insert_targets(prepared, tokens, index, translator)
        elif kind == "update":
            index = self._update_targets(prepared, tokens, index, translator)
        where = ""
        if index < len(tokens):
            if not tokens[index].is_word("WHERE"):
                raise OracleError(933, offset=tokens[index].pos)
            where = " WHERE " + translator.condition(tokens[index + 1:])
        names = [f'"{column.name}"' for column, _ in prepared.targets]
        if kind == "insert":
            marks = ", ".join(f":v{i}" for i in range(len(names)))
            prepared.sqlite_sql = f'INSERT INTO "{table.name}" ({", ".join(names)}) VALUES ({marks})'
        elif kind == "update":
            sets = ", ".join(f"{name} = :v{i}" for i, name in enumerate(names))
            prepared.sqlite_sql = f'UPDATE "{table.name}" SET {sets}{where}'
        else:
            prepared.sqlite_sql = f'DELETE FROM "{table.name}"{where}'
        prepared.bind_count = translator.next_bind - 1
        return prepared

    def _value(self, part, translator):
        """A DML value: a bind, a number or string literal, NULL, TRUE or FALSE."""
        if len(part) != 1:
            raise OracleError(3001, offset=part[0].pos if part else 0)
        token = part[0]
        if token.kind == "bind":
            translator.bind(token)
            return ("bind", translator.next_bind - 1)
        if token.kind == "number":
            return ("value", sql_values.from_storage(NUMBER_LITERAL, token.value))
        if token.kind == "string":
            return ("value", token.value)
        if token.is_word("NULL", "TRUE", "FALSE"):
            return ("value", {"NULL": None, "TRUE": True, "FALSE": False}[token.value])
        raise OracleError(904, offset=token.pos, name=token.value)

    def _insert_targets(self, prepared, tokens, index, translator) -> int:
        table = prepared.table
        columns = table.columns
        if index < len(tokens) and tokens[index].is_op("("):
            close = next(i for i in range(index, len(tokens)) if tokens[i].is_op(")"))
            names = split_top(tokens[index + 1:close])
            columns = [translator.table.column(n[0].value) if len(n) == 1 else None for n in names]
            for name, column in zip(names, columns):
                if column is None:
                    raise OracleError(904, offset=name[0].pos, name=name[0].value)
            index = close + 1
        if not (index + 1 < len(tokens) and tokens[index].is_word("VALUES") and tokens[index + 1].is_op("(")):
            raise OracleError(3001 if index < len(tokens) else 947)
        if not tokens[-1].is_op(")"):
            raise OracleError(933, offset=tokens[-1].pos)
        values = split_top(tokens[index + 2:-1])
        if len(values) != len(columns):
            raise OracleError(947 if len(values) < len(columns) else 913)
        prepared.targets = [(c, self._value(v, translator)) for c, v in zip(columns, values)]
        return len(tokens)

    def _update_targets(self, prepared, tokens, index, translator) -> int:
        if not (index < len(tokens) and tokens[index].is_word("SET")):
            raise OracleError(3001)
        end = find_top(tokens, "WHERE", start=index)
        end = end if end >= 0 else len(tokens)
        for assignment in split_top(tokens[index + 1:end]):
            if len(assignment) < 3 or not assignment[1].is_op("="):
                raise OracleError(3001)
            name, _ = translator.column(assignment, 0)
            column = prepared.table.column(name.strip('"'))
            prepared.targets.append((column, self._value(assignment[2:], translator)))
        return end
