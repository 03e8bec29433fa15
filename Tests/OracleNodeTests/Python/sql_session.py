"""One client session's SQL work: its own sqlite connection on the shared file, Oracle-style transactions
(a transaction starts with the first DML or SET TRANSACTION and ends with COMMIT or ROLLBACK; a failing statement
only undoes itself), READ ONLY transactions, and the mapping of sqlite constraint failures to ORA errors."""

import sqlite3

import oracle_values as ov
import sql_values
from ora_errors import OracleError
from sql_engine import NUMBER_LITERAL, Prepared


def bind_column_type(bind: ov.OracleType) -> ov.OracleType:
    """The type Oracle describes for a select item that is just a bind variable: the bind's own type."""
    code = bind.ora_type
    if code == ov.NUMBER:
        return NUMBER_LITERAL
    sizes = {ov.DATE: 7, ov.TIMESTAMP: 11, ov.TIMESTAMP_TZ: 13, ov.BINARY_FLOAT: 4, ov.BINARY_DOUBLE: 8,
             ov.BOOLEAN: 4}
    if code in sizes:
        return ov.OracleType(code, 0, sizes[code], sizes[code], 0, 6 if code in (ov.TIMESTAMP, ov.TIMESTAMP_TZ) else 0)
    if code in (ov.RAW, ov.LONG_RAW):
        size = max(1, min(bind.buffer_size, 32767))
        return ov.OracleType(ov.RAW, 0, size, size)
    size = max(1, min(bind.buffer_size, 32767))
    return ov.OracleType(ov.VARCHAR, bind.csfrm or ov.CS_IMPLICIT, size, size)


class SqlSession:
    """Runs prepared statements for one logged-in user."""

    def __init__(self, engine, user: str, time_zone):
        self.engine = engine
        self.user = user
        self.time_zone = time_zone
        self.collation = sql_values.NumberCollation()
        self.db = sqlite3.connect(engine.path, isolation_level=None, timeout=5)
        self.db.create_collation("ORANUM", self.collation)
        self.db.execute("PRAGMA foreign_keys = ON")
        self.in_transaction = False
        self.read_only = False

    def close(self):
        if self.in_transaction:
            self.rollback()
        self.db.close()

    def prepare(self, sql: str) -> Prepared:
        return self.engine.prepare(sql, self.user)

    def describe(self, prepared: Prepared, bind_types) -> list:
        """(name, OracleType, nullable) for each select item; bind_types is None when no values were sent."""
        columns = []
        for item in prepared.items:
            if item.source == "column":
                columns.append((item.name, item.column.describe(), item.column.nullable))
            elif item.source == "bind":
                bind = bind_types[item.bind - 1] if bind_types else ov.OracleType(ov.VARCHAR, 1, 4000, 4000)
                columns.append((item.name, bind_column_type(bind), True))
            elif item.source in ("number", "count"):
                columns.append((item.name, NUMBER_LITERAL, True))
            elif item.source == "string":
                size = max(1, len(item.text.encode()))
                columns.append((item.name, ov.OracleType(ov.CHAR, ov.CS_IMPLICIT, size, size), True))
            elif item.source == "user":
                columns.append((item.name, ov.OracleType(ov.VARCHAR, ov.CS_IMPLICIT, 128, 128), True))
            else:
                columns.append((item.name, ov.OracleType(ov.VARCHAR, ov.CS_IMPLICIT, 0, 0), True))
        return columns

    def _params(self, binds) -> dict:
        params = {"user": self.user}
        for index, (otype, value) in enumerate(binds, 1):
            params[f"b{index}"] = sql_values.bind_to_storage(otype, value)
        return params

    def _run(self, sql: str, params: dict):
        self.collation.invalid = None
        try:
            cursor = self.db.execute(sql, params)
            rows = cursor.fetchall()
        except sqlite3.OperationalError as error:
            if "locked" in str(error) or "busy" in str(error):
                raise OracleError(54) from None
            # what the translation let through but sqlite cannot run: malformed SQL, or SQL the double lacks
            raise OracleError(933 if "syntax error" in str(error) else 3001) from None
        if self.collation.invalid is not None:
            raise OracleError(1722)
        return cursor, rows

    def query(self, prepared: Prepared, binds, columns) -> list:
        """All rows of a query (Python values of the described types), read at execute time."""
        if len(binds) != prepared.bind_count:
            raise OracleError(1008)
        _, rows = self._run(prepared.sqlite_sql, self._params(binds))
        return [[None if otype.buffer_size == 0 else sql_values.from_storage(otype, raw)
                 for raw, (_, otype, _) in zip(row, columns)] for row in rows]

    def dml(self, prepared: Prepared, rows_of_binds) -> int:
        """Runs an INSERT/UPDATE/DELETE once per bind row; returns the total row count."""
        if self.read_only:
            raise OracleError(1456)
        self._begin("BEGIN IMMEDIATE")
        table, total = prepared.table, 0
        for binds in rows_of_binds:
            if len(binds) != prepared.bind_count:
                raise OracleError(1008)
            params = self._params(binds)
            for position, (column, (source, value)) in enumerate(prepared.targets):
                value = binds[value - 1][1] if source == "bind" else value
                params[f"v{position}"] = sql_values.coerce(table, column, value, self.time_zone)
            try:
                cursor, _ = self._run(prepared.sqlite_sql, params)
            except sqlite3.IntegrityError as error:
                raise self._integrity_error(prepared, str(error)) from None
            total += cursor.rowcount
        return total

    def _integrity_error(self, prepared: Prepared, text: str) -> OracleError:
        table = prepared.table
        if text.startswith("NOT NULL constraint failed: "):
            column = text.rsplit(".", 1)[1]
            return OracleError(1400 if prepared.kind == "insert" else 1407, owner=table.owner, table=table.name,
                               column=column)
        if text.startswith("UNIQUE constraint failed: "):
            columns = [part.rsplit(".", 1)[1] for part in text.split(": ", 1)[1].split(", ")]
            constraint = table.constraint_on("PU", columns)
            return OracleError(1, constraint=f"{table.owner}.{constraint.name}", table=f"{table.owner}.{table.name}",
                               columns=", ".join(columns))
        if text.startswith("FOREIGN KEY constraint failed"):
            child_key = next((c for c in table.constraints if c.type == "R"), None)
            if prepared.kind != "delete" and child_key is not None:
                return OracleError(2291, constraint=f"{table.owner}.{child_key.name}")
            keys = {c.name for c in table.constraints if c.type in "PU"}
            parent_key = next(c for t in self.engine.tables.values() for c in t.constraints if c.references in keys)
            return OracleError(2292, constraint=f"{table.owner}.{parent_key.name}")
        raise RuntimeError(f"unmapped sqlite integrity error: {text}")

    def _begin(self, statement: str):
        if not self.in_transaction:
            self.db.execute(statement)
            self.in_transaction = True

    def set_transaction(self, read_only: bool):
        if self.in_transaction:
            raise OracleError(1453)
        self._begin("BEGIN")
        self.read_only = read_only

    def commit(self):
        if self.in_transaction:
            self.db.execute("COMMIT")
        self.in_transaction = self.read_only = False

    def rollback(self):
        if self.in_transaction:
            self.db.execute("ROLLBACK")
        self.in_transaction = self.read_only = False
