"""How Oracle values are kept in sqlite, and the implicit conversions Oracle applies when storing into a column.

Storage formats: NUMBER -> canonical plain decimal TEXT compared with the ORANUM collation (exact, never float);
VARCHAR2/NVARCHAR2/CHAR/CLOB -> TEXT; DATE -> 'YYYY-MM-DD HH:MM:SS'; TIMESTAMP -> 'YYYY-MM-DD HH:MM:SS.ffffff';
TIMESTAMP WITH TIME ZONE -> 'YYYY-MM-DD HH:MM:SS.ffffff+HH:MM' (local time and offset); RAW/BLOB -> BLOB;
BINARY_FLOAT/BINARY_DOUBLE -> REAL; BOOLEAN -> INTEGER 0/1.
"""

import datetime
from decimal import Decimal, InvalidOperation, ROUND_HALF_UP, localcontext

import oracle_values as ov
from ora_errors import OracleError

DATE_FORMAT = "%Y-%m-%d %H:%M:%S"


def canon_number(value) -> str:
    """The canonical text of a number: plain notation, no exponent, no trailing zeros, '0' for zero."""
    with localcontext() as context:
        context.prec = 100
        text = format(Decimal(value).normalize(), "f")
    return "0" if text in ("-0", "0") else text


class NumberCollation:
    """The ORANUM collation: compares NUMBER texts as exact decimals; remembers texts that are not numbers (the
    engine then raises ORA-01722, as Oracle does when a string that is not a number meets a NUMBER column)."""

    def __init__(self):
        self.invalid = None

    def __call__(self, left: str, right: str) -> int:
        try:
            a, b = Decimal(left), Decimal(right)
        except InvalidOperation:
            self.invalid = left if not _is_number(left) else right
            return (left > right) - (left < right)
        return (a > b) - (a < b)


def _is_number(text) -> bool:
    try:
        Decimal(text)
        return True
    except InvalidOperation:
        return False


def _tz_text(value: datetime.datetime) -> str:
    offset = int(value.utcoffset().total_seconds() // 60)
    sign = "-" if offset < 0 else "+"
    return value.strftime("%Y-%m-%d %H:%M:%S.%f") + f"{sign}{abs(offset) // 60:02d}:{abs(offset) % 60:02d}"


def bind_to_storage(otype: ov.OracleType, value):
    """The sqlite value for a bind (or literal) of the given type, used in WHERE clauses and select lists."""
    if value is None:
        return None
    code = otype.ora_type
    if code == ov.NUMBER:
        return canon_number(value)
    if code == ov.DATE:
        return value.replace(tzinfo=None).strftime(DATE_FORMAT)
    if code == ov.TIMESTAMP:
        return value.replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")
    if code == ov.TIMESTAMP_TZ:
        return _tz_text(value)
    if code == ov.BOOLEAN:
        return int(value)
    return value


def from_storage(otype: ov.OracleType, raw):
    """The Python value of a sqlite value read back as the given (described) type."""
    if raw is None:
        return None
    code = otype.ora_type
    if code == ov.NUMBER:
        return Decimal(raw) if not isinstance(raw, float) else Decimal(repr(raw))
    if code in (ov.DATE, ov.TIMESTAMP):
        return datetime.datetime.fromisoformat(raw)
    if code == ov.TIMESTAMP_TZ:
        return datetime.datetime.fromisoformat(raw)
    if code in (ov.BINARY_FLOAT, ov.BINARY_DOUBLE):
        return float(raw)
    if code == ov.BOOLEAN:
        return bool(raw)
    if code in (ov.RAW, ov.BLOB, ov.LONG_RAW):
        return bytes(raw)
    return raw if isinstance(raw, str) else str(raw)


def type_name_of(value) -> str:
    """The Oracle type name of a bind value, for ORA-00932 messages."""
    if isinstance(value, bool):
        return "BOOLEAN"
    if isinstance(value, (Decimal, int)):
        return "NUMBER"
    if isinstance(value, float):
        return "BINARY_DOUBLE"
    if isinstance(value, datetime.datetime):
        return "DATE"
    if isinstance(value, bytes):
        return "RAW"
    return "CHAR"


def coerce(table, column, value, session_tz: datetime.timezone):
    """Converts a value into column's storage format, applying Oracle's implicit conversions and checks."""
    if value is None or value == "":
        return None
    kind = column.kind
    where = dict(owner=table.owner, table=table.name, column=column.name)

    def incompatible():
        return OracleError(932, got=type_name_of(value), expected=kind)

    if kind == "NUMBER":
        if isinstance(value, bool) or not isinstance(value, (Decimal, int, float, str)):
            raise incompatible()
        try:
            number = Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value).strip())
        except InvalidOperation:
            raise OracleError(1722) from None
        if column.scale is not None or column.precision is not None:
            with localcontext() as context:
                context.prec = 100
                number = number.quantize(Decimal(1).scaleb(-(column.scale or 0)), rounding=ROUND_HALF_UP)
            integer_digits = len(str(abs(int(number)))) if abs(number) >= 1 else 0
            if column.precision is not None and integer_digits > column.precision - (column.scale or 0):
                raise OracleError(1438)
        return canon_number(number)
    if kind in ("VARCHAR2", "NVARCHAR2", "CHAR", "CLOB"):
        if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
            value = canon_number(value)
        if not isinstance(value, str):
            raise incompatible()
        actual = len(value) if kind == "NVARCHAR2" else len(value.encode())
        if column.length is not None and actual > column.length:
            raise OracleError(12899, actual=actual, maximum=column.length, **where)
        return value.ljust(column.length) if kind == "CHAR" else value
    if kind in ("DATE", "TIMESTAMP", "TIMESTAMP WITH TIME ZONE"):
        if isinstance(value, str):
            raise OracleError(1861)
        if not isinstance(value, datetime.datetime):
            raise incompatible()
        if kind == "DATE":
            return value.replace(tzinfo=None, microsecond=0).strftime(DATE_FORMAT)
        if kind == "TIMESTAMP":
            return value.replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")
        return _tz_text(value if value.tzinfo else value.replace(tzinfo=session_tz))
    if kind in ("RAW", "BLOB"):
        if not isinstance(value, bytes):
            raise incompatible()
        if column.length is not None and len(value) > column.length:
            raise OracleError(12899, actual=len(value), maximum=column.length, **where)
        return value
    if kind in ("BINARY_FLOAT", "BINARY_DOUBLE"):
        if isinstance(value, bool) or not isinstance(value, (float, Decimal, int, str)):
            raise incompatible()
        try:
            return float(value)
        except ValueError:
            raise OracleError(1722) from None
    if kind == "BOOLEAN":
        if isinstance(value, (bool, Decimal, int)):
            return int(bool(value))
        raise incompatible()
    raise incompatible()
