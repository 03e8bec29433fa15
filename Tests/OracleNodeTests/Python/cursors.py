"""Server cursors and the calls that use them: execute (94), re-execute (4), re-execute and fetch (78), fetch (5).

A cursor keeps its parsed statement, bind types, described columns, client defines and the rows of its last
execution (read at execute time, which gives the read consistency Oracle gives a query). As Oracle's server does,
rows are not prefetched into an execute response when the select list has LOB columns: the client then sends a
define (python-oracledb asks CLOB/BLOB back as LONG/LONG RAW when fetch_lobs is False) and fetches.
"""

from dataclasses import dataclass

import oracle_values as ov
import tns_packets as tns
import ttc_requests as rq
import ttc_responses as rs
from ora_errors import OracleError
from ttc_buffer import ProtocolViolation, TTCWriter

MAX_OPEN_CURSORS = 300
# Described type -> define types the double can send (anything else, e.g. LOB locators, is ORA-03115).
DEFINE_CONVERSIONS = {ov.CLOB: (ov.LONG, ov.VARCHAR), ov.BLOB: (ov.LONG_RAW, ov.RAW)}


@dataclass
class Cursor:
    id: int
    prepared: object = None
    bind_types: list = None
    columns: list = None
    defines: list = None
    rows: list = None
    position: int = 0


def _first_word(sql: str) -> str:
    words = sql.lstrip().split(None, 1)
    return words[0].upper().rstrip("(") if words else ""


class Cursors:
    """The open cursors of one session, and the handlers of the calls that use them."""

    def __init__(self, session):
        self.session = session
        self.open = {}

    def close(self, ids):
        for cursor_id in ids:
            self.open.pop(cursor_id, None)

    def _allocate(self, prepared) -> Cursor:
        cursor_id = next((i for i in range(1, MAX_OPEN_CURSORS + 1) if i not in self.open), None)
        if cursor_id is None:
            raise OracleError(1000)
        self.open[cursor_id] = Cursor(cursor_id, prepared)
        return self.open[cursor_id]

    def execute(self, reader):
        """Full execute: options, cursor id, SQL (when parsing), the al8i4 array, then defines or binds."""
        session = self.session
        request = rq.read_execute(reader, session.fv)
        cursor, failure = None, None
        if request.sql is not None:
            word = _first_word(request.sql)
            is_query, is_plsql = word in ("SELECT", "WITH"), word in ("BEGIN", "DECLARE", "CALL")
            try:
                prepared = session.sql.prepare(request.sql)
            except OracleError as error:
                prepared, failure = None, error
            if request.cursor_id and request.cursor_id in self.open:
                cursor = self.open[request.cursor_id]
                cursor.prepared, cursor.columns, cursor.defines = prepared, None, None
            else:
                try:
                    cursor = self._allocate(prepared)
                except OracleError as error:
                    failure = error
        else:
            cursor = self.open.get(request.cursor_id)
            if cursor is None or cursor.prepared is None:
                raise ProtocolViolation(f"execute of unknown cursor {request.cursor_id}")
            is_query, is_plsql = cursor.prepared.is_query, cursor.prepared.kind == "sleep"
        defines = [rq.read_column_metadata(reader, session.fv) for _ in range(request.num_defines)]
        bind_types = [rq.read_column_metadata(reader, session.fv) for _ in range(request.num_binds)]
        rows = []
        if bind_types:
            count = 1 if is_query else request.execution_count
            rows = [rq.read_bind_row(reader, bind_types, is_plsql) for _ in range(count)]
        session.finish(reader)
        request.check_supported()
        w = TTCWriter()
        cursor_id = cursor.id if cursor else 0
        try:
            if failure:
                raise failure
            if defines:
                self._define(cursor, defines)
            if bind_types:
                cursor.bind_types = bind_types
            self._run(w, cursor, request.options, rows, request.prefetch_rows,
                      describe=bool(request.options & (rq.OPT_PARSE | rq.OPT_DESCRIBE)))
        except tns.BreakReceived as interrupted:
            interrupted.cursor_id = cursor_id
            raise
        except OracleError as error:
            w = TTCWriter()
            rs.error(w, session.fv, session.call_status(), cursor_id, 0, error.code, error.message, error.offset)
        session.send(w)

    def reexecute(self, reader, and_fetch: bool):
        """Re-execute of a parsed cursor: cursor id, iterations, options 1 and 2, then bind rows."""
        session = self.session
        cursor_id, iterations, options_1, options_2 = rq.read_reexecute(reader)
        cursor = self.open.get(cursor_id)
        if cursor is None or cursor.prepared is None:
            raise ProtocolViolation(f"re-execute of unknown cursor {cursor_id}")
        rows = []
        if cursor.bind_types:
            count = 1 if cursor.prepared.is_query else iterations
            rows = [rq.read_bind_row(reader, cursor.bind_types, cursor.prepared.kind == "sleep")
                    for _ in range(count)]
        session.finish(reader)
        if options_1 & ~rq.OPT_EXECUTE or options_2 & ~1:
            raise ProtocolViolation(f"re-execute options 0x{options_1:x}/0x{options_2:x} are not supported")
        options = rq.OPT_EXECUTE | (rq.OPT_FETCH if and_fetch else 0) | (rq.OPT_COMMIT if options_2 & 1 else 0)
        w = TTCWriter()
        try:
            self._run(w, cursor, options, rows, iterations)
        except tns.BreakReceived as interrupted:
            interrupted.cursor_id = cursor_id
            raise
        except OracleError as error:
            w = TTCWriter()
            rs.error(w, session.fv, session.call_status(), cursor_id, 0, error.code, error.message, error.offset)
        session.send(w)

    def fetch(self, reader):
        """Fetch (5): the next rows of an executed query."""
        session = self.session
        cursor_id, count = rq.read_fetch(reader)
        session.finish(reader)
        w = TTCWriter()
        cursor = self.open.get(cursor_id)
        try:
            if cursor is None:
                raise OracleError(1001)
            if cursor.prepared is None or not cursor.prepared.is_query or cursor.rows is None:
                raise OracleError(1002)
            self._send_rows(w, cursor, count)
        except OracleError as error:
            w = TTCWriter()
            rs.error(w, session.fv, session.call_status(), cursor_id, 0, error.code, error.message)
        session.send(w)

    def _define(self, cursor, defines):
        if cursor.prepared is None or not cursor.prepared.is_query or cursor.columns is None:
            raise OracleError(1002)
        if len(defines) != len(cursor.columns):
            raise ProtocolViolation(f"{len(defines)} defines for {len(cursor.columns)} columns")
        for (name, described, _), define in zip(cursor.columns, defines):
            allowed = DEFINE_CONVERSIONS.get(described.ora_type, (described.ora_type,))
            if define.ora_type not in allowed or define.ora_type in (ov.CLOB, ov.BLOB):
                self.session.log(f"define of {name} ({described.name}) as type {define.ora_type} is not supported")
                raise OracleError(3115)
        cursor.defines = defines

    def _run(self, w, cursor, options, rows, prefetch, describe=False):
        """Executes the cursor's statement (when asked) and writes the whole response."""
        session, prepared = self.session, cursor.prepared
        binds = [list(zip(cursor.bind_types, row)) for row in rows] if rows else []
        rowcount = 0
        if prepared.is_query:
            columns = session.sql.describe(prepared, cursor.bind_types)
            if describe or columns != cursor.columns:
                cursor.columns, cursor.defines = columns, None
                rs.describe(w, session.fv, columns)
            if options & rq.OPT_EXECUTE:
                cursor.rows = session.sql.query(prepared, binds[0] if binds else [], columns)
                cursor.position = 0
                if options & rq.OPT_FETCH and prefetch and not prepared.has_lobs:
                    self._send_rows(w, cursor, prefetch, options)
                    return
            rowcount = cursor.position
        elif options & rq.OPT_EXECUTE:
            rowcount = self._execute_other(w, prepared, binds)
        if options & rq.OPT_COMMIT:
            session.sql.commit()
        rs.error(w, session.fv, session.call_status(), cursor.id, rowcount)

    def _execute_other(self, w, prepared, binds) -> int:
        sql = self.session.sql
        if prepared.kind in ("insert", "update", "delete"):
            return sql.dml(prepared, binds or [[]])
        if prepared.kind == "sleep":
            seconds = binds[0][0][1] if binds else None
            self.session.sleep(float(seconds or 0))
            rs.io_vector(w, 1)
            return 1
        if prepared.kind == "set_transaction":
            sql.set_transaction(prepared.read_only)
        elif prepared.kind == "commit":
            sql.commit()
        elif prepared.kind == "rollback":
            sql.rollback()
        return 0

    def _send_rows(self, w, cursor, count, options=0):
        """A row header and up to count rows, then the end of call (ORA-01403 once the rows run out)."""
        session = self.session
        if cursor.defines is None and cursor.prepared.has_lobs:
            session.log("rows with LOB columns requested without a define (LOB locators are not supported)")
            raise OracleError(3115)
        defines = cursor.defines or [otype for _, otype, _ in cursor.columns]
        batch = cursor.rows[cursor.position:cursor.position + count]
        if batch:
            rs.row_header(w, len(batch))
            for row in batch:
                rs.row_data(w, row, cursor.columns, defines)
        cursor.position += len(batch)
        if options & rq.OPT_COMMIT:
            session.sql.commit()
        if len(batch) < count:
            rs.error(w, session.fv, session.call_status(), cursor.id, cursor.position, 1403,
                     OracleError(1403).message)
        else:
            rs.error(w, session.fv, session.call_status(), cursor.id, cursor.position)
