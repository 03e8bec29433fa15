"""Oracle value encodings, both ways, exactly as python-oracledb encodes (binds) and decodes (fetches) them.

Python-side representations: NUMBER -> decimal.Decimal (never float); BINARY_FLOAT/BINARY_DOUBLE -> float;
VARCHAR2/CHAR/LONG/CLOB -> str (AL32UTF8 on the wire); NVARCHAR2 -> str (AL16UTF16 big endian on the wire);
DATE/TIMESTAMP -> naive datetime; TIMESTAMP WITH TIME ZONE -> aware datetime (wire: UTC fields + offset bytes);
RAW/LONG RAW/BLOB -> bytes; BOOLEAN -> bool; NULL -> None.
"""

import datetime
import struct
from dataclasses import dataclass
from decimal import Decimal, localcontext

# Oracle type numbers (ORA_TYPE_NUM_* in python-oracledb) and character set forms.
VARCHAR, NUMBER, LONG, DATE, RAW, LONG_RAW, CHAR = 1, 2, 8, 12, 23, 24, 96
BINARY_FLOAT, BINARY_DOUBLE, CLOB, BLOB = 100, 101, 112, 113
TIMESTAMP, TIMESTAMP_TZ, BOOLEAN = 180, 181, 252
CS_IMPLICIT, CS_NCHAR = 1, 2
CHARSET_AL32UTF8, CHARSET_AL16UTF16 = 873, 2000

TYPE_NAMES = {VARCHAR: "VARCHAR2", NUMBER: "NUMBER", LONG: "LONG", DATE: "DATE", RAW: "RAW",
              LONG_RAW: "LONG RAW", CHAR: "CHAR", BINARY_FLOAT: "BINARY_FLOAT", BINARY_DOUBLE: "BINARY_DOUBLE",
              CLOB: "CLOB", BLOB: "BLOB", TIMESTAMP: "TIMESTAMP", TIMESTAMP_TZ: "TIMESTAMP WITH TIME ZONE",
              BOOLEAN: "BOOLEAN"}


@dataclass
class OracleType:
    """What the server describes for a column or a bind: type number, character set form and sizes."""
    ora_type: int
    csfrm: int = 0
    buffer_size: int = 0
    max_size: int = 0
    precision: int = 0
    scale: int = 0

    @property
    def name(self) -> str:
        if self.ora_type == VARCHAR and self.csfrm == CS_NCHAR:
            return "NVARCHAR2"
        return TYPE_NAMES.get(self.ora_type, f"TYPE#{self.ora_type}")

    @property
    def charset(self) -> int:
        return {CS_IMPLICIT: CHARSET_AL32UTF8, CS_NCHAR: CHARSET_AL16UTF16}.get(self.csfrm, 0)


def encode_number(value) -> bytes:
    """Encodes a Decimal/int/str as an Oracle NUMBER (base-100 mantissa, excess-64 exponent, 102 terminator)."""
    sign, digits, exponent = Decimal(value).as_tuple()
    digits = list(digits)
    while digits and digits[0] == 0:
        digits.pop(0)
    while digits and digits[-1] == 0:
        digits.pop()
        exponent += 1
    if not digits:
        return bytes([128])
    if len(digits) > 40:
        raise ValueError(f"{value} has more than 40 significant digits")
    point = len(digits) + exponent  # position of the decimal point relative to the first digit
    if point % 2:
        digits.insert(0, 0)
        point += 1
    if len(digits) % 2:
        digits.append(0)
    pairs = [digits[i] * 10 + digits[i + 1] for i in range(0, len(digits), 2)]
    exponent_byte = point // 2 + 192
    if sign:
        out = [(~exponent_byte) & 0xFF] + [101 - pair for pair in pairs]
        if len(digits) < 40:
            out.append(102)
        return bytes(out)
    return bytes([exponent_byte] + [pair + 1 for pair in pairs])


def decode_number(data: bytes) -> Decimal:
    """Decodes an Oracle NUMBER into an exact Decimal."""
    exponent_byte = data[0]
    positive = bool(exponent_byte & 0x80)
    if not positive:
        exponent_byte = (~exponent_byte) & 0xFF
    mantissa = list(data[1:])
    if len(mantissa) == 0:
        if positive:
            return Decimal(0)
        raise ValueError("-1e126 is not supported")
    if not positive and mantissa[-1] == 102:
        mantissa.pop()
    pairs = [(b - 1) if positive else (101 - b) for b in mantissa]
    digits = "".join(f"{pair:02d}" for pair in pairs)
    exponent = (exponent_byte - 193) * 2 + 2 - len(digits)
    with localcontext() as context:
        context.prec = 80
        result = Decimal(int(digits)).scaleb(exponent)
    return -result if not positive else result


def encode_binary_double(value: float) -> bytes:
    raw = bytearray(struct.pack(">d", value))
    if raw[0] & 0x80 == 0:
        raw[0] |= 0x80
    else:
        raw = bytearray((~b) & 0xFF for b in raw)
    return bytes(raw)


def decode_binary_double(data: bytes) -> float:
    raw = bytearray(data)
    if raw[0] & 0x80:
        raw[0] &= 0x7F
    else:
        raw = bytearray((~b) & 0xFF for b in raw)
    return struct.unpack(">d", raw)[0]


def encode_binary_float(value: float) -> bytes:
    raw = bytearray(struct.pack(">f", value))
    if raw[0] & 0x80 == 0:
        raw[0] |= 0x80
    else:
        raw = bytearray((~b) & 0xFF for b in raw)
    return bytes(raw)


def decode_binary_float(data: bytes) -> float:
    raw = bytearray(data)
    if raw[0] & 0x80:
        raw[0] &= 0x7F
    else:
        raw = bytearray((~b) & 0xFF for b in raw)
    return struct.unpack(">f", raw)[0]


def _date_bytes(value: datetime.datetime) -> bytes:
    return bytes([value.year // 100 + 100, value.year % 100 + 100, value.month, value.day,
                  value.hour + 1, value.minute + 1, value.second + 1])


def encode_date(value: datetime.datetime) -> bytes:
    """DATE: century+100, year+100, month, day, hour+1, minute+1, second+1."""
    return _date_bytes(value)


def encode_timestamp(value: datetime.datetime) -> bytes:
    """TIMESTAMP: the DATE bytes plus nanoseconds (4 bytes); sent as 7 bytes when the fraction is zero."""
    if value.microsecond == 0:
        return _date_bytes(value)
    return _date_bytes(value) + struct.pack(">I", value.microsecond * 1000)


def encode_timestamp_tz(value: datetime.datetime) -> bytes:
    """TIMESTAMP WITH TIME ZONE: the UTC time in TIMESTAMP form (always 11 bytes), then hour offset + 20 and
    minute offset + 60 (the minute offset carries the sign of the whole offset)."""
    offset_minutes = int(value.utcoffset().total_seconds() // 60)
    utc = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    hours = int(offset_minutes / 60)
    minutes = offset_minutes - hours * 60
    return _date_bytes(utc) + struct.pack(">I", utc.microsecond * 1000) + bytes([hours + 20, minutes + 60])


def decode_datetime(data: bytes) -> datetime.datetime:
    """Decodes DATE (7 bytes), TIMESTAMP (7 or 11) or TIMESTAMP WITH TIME ZONE (13: aware, local time)."""
    year = (data[0] - 100) * 100 + data[1] - 100
    micro = struct.unpack(">I", data[7:11])[0] // 1000 if len(data) >= 11 else 0
    value = datetime.datetime(year, data[2], data[3], data[4] - 1, data[5] - 1, data[6] - 1, micro)
    if len(data) >= 13 and data[11] and data[12]:
        offset = datetime.timedelta(hours=data[11] - 20, minutes=data[12] - 60)
        zone = datetime.timezone(offset)
        return value.replace(tzinfo=datetime.timezone.utc).astimezone(zone)
    return value


def encode_boolean(value: bool) -> bytes:
    """BOOLEAN outside objects: true is the encoded integer 0x0101 (2 bytes), false the single byte 0x00."""
    return b"\x01\x01" if value else b"\x00"


def decode_boolean(data: bytes) -> bool:
    return data[0] == 1


def encode_value(ora_type: OracleType, value) -> bytes:
    """Encodes a non-NULL Python value as the bytes of the given wire type (without the length prefix)."""
    code = ora_type.ora_type
    if code == NUMBER:
        return encode_number(value)
    if code in (VARCHAR, CHAR, LONG, CLOB):
        return value.encode("utf-16-be") if ora_type.csfrm == CS_NCHAR else value.encode()
    if code in (RAW, LONG_RAW, BLOB):
        return bytes(value)
    if code == DATE:
        return encode_date(value)
    if code == TIMESTAMP:
        return encode_timestamp(value)
    if code == TIMESTAMP_TZ:
        return encode_timestamp_tz(value)
    if code == BINARY_DOUBLE:
        return encode_binary_double(value)
    if code == BINARY_FLOAT:
        return encode_binary_float(value)
    if code == BOOLEAN:
        return encode_boolean(value)
    raise ValueError(f"cannot encode type {code}")


def decode_value(ora_type: OracleType, data: bytes):
    """Decodes the bytes of a non-NULL bind value of the given wire type into a Python value."""
    code = ora_type.ora_type
    if code == NUMBER:
        return decode_number(data)
    if code in (VARCHAR, CHAR, LONG):
        return data.decode("utf-16-be") if ora_type.csfrm == CS_NCHAR else data.decode()
    if code in (RAW, LONG_RAW):
        return bytes(data)
    if code in (DATE, TIMESTAMP, TIMESTAMP_TZ):
        return decode_datetime(data)
    if code == BINARY_DOUBLE:
        return decode_binary_double(data)
    if code == BINARY_FLOAT:
        return decode_binary_float(data)
    if code == BOOLEAN:
        return decode_boolean(data)
    raise ValueError(f"bind type {code} is not supported by the double")
