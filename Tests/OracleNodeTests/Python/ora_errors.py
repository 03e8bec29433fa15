"""ORA error texts as Oracle Database 23ai words them, and the exception that carries one to the client.

The server sends "ORA-nnnnn: text" followed by a newline (python-oracledb strips the trailing whitespace and, in
thin mode, appends its own "Help: https://docs.oracle.com/error-help/db/ora-nnnnn/" line).
"""

TEXTS = {
    1: "unique constraint ({constraint}) violated on table {table} columns ({columns})",
    18: "maximum number of sessions exceeded",
    54: "resource busy and acquire with NOWAIT specified or timeout expired",
    900: "invalid SQL statement",
    903: "invalid table name",
    904: "\"{name}\": invalid identifier",
    911: "invalid character",
    913: "too many values",
    923: "FROM keyword not found where expected",
    924: "missing BY keyword",
    925: "missing INTO keyword",
    932: "expression is of data type {got}, which is incompatible with expected data type {expected}",
    933: "SQL command not properly ended",
    936: "missing expression",
    942: "table or view \"{owner}\".\"{name}\" does not exist",
    947: "not enough values",
    1000: "maximum open cursors exceeded",
    1001: "invalid cursor",
    1002: "fetch out of sequence",
    1008: "not all variables bound",
    1013: "user requested cancel of current operation",
    1017: "invalid credential or not authorized; logon denied",
    1031: "insufficient privileges",
    1400: "cannot insert NULL into (\"{owner}\".\"{table}\".\"{column}\")",
    1403: "no data found",
    1407: "cannot update (\"{owner}\".\"{table}\".\"{column}\") to NULL",
    1438: "value larger than specified precision allowed for this column",
    1453: "SET TRANSACTION must be first statement of transaction",
    1456: "may not perform insert/delete/update operation inside a READ ONLY transaction",
    1722: "invalid number",
    1861: "literal does not match format string",
    2291: "integrity constraint ({constraint}) violated - parent key not found",
    2292: "integrity constraint ({constraint}) violated - child record found",
    3001: "unimplemented feature",
    3115: "unsupported network datatype or representation",
    3120: "two-task conversion routine: integer overflow",
    12899: "value too large for column \"{owner}\".\"{table}\".\"{column}\" (actual: {actual}, maximum: {maximum})",
}


class OracleError(Exception):
    """An ORA error for the client: code, formatted message and, when known, the offset in the SQL text."""

    def __init__(self, code: int, offset: int = 0, **args):
        self.code = code
        self.offset = offset
        self.message = f"ORA-{code:05d}: " + TEXTS[code].format(**args)
        super().__init__(self.message)
