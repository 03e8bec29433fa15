"""The double's data dictionary: every table, its Oracle column types, constraints and seed rows.

Schema PLUGBOARD owns ITEMS, TYPES_DEMO, ORDERS and SERIES. HR.SALARIES is reachable through a public synonym but
PLUGBOARD holds only the REFERENCES privilege on it, so reading or changing it fails with ORA-01031 (it is still
listed in ALL_TABLES, as Oracle lists every table the user holds any privilege on). SYS.DUAL and the dictionary
views ALL_TABLES, ALL_TAB_COLUMNS, ALL_CONSTRAINTS and ALL_CONS_COLUMNS are public.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

import oracle_values as ov

SCHEMA = "PLUGBOARD"


@dataclass
class Column:
    """An Oracle column: kind is the SQL type name (NUMBER, VARCHAR2, TIMESTAMP WITH TIME ZONE, ...)."""
    name: str
    kind: str
    length: int = None       # characters for VARCHAR2/NVARCHAR2/CHAR, bytes for RAW
    precision: int = None
    scale: int = None
    nullable: bool = True

    def describe(self) -> ov.OracleType:
        """The type the server describes for this column (what python-oracledb's metadata parser reads)."""
        kind = self.kind
        if kind == "NUMBER":
            if self.precision is None:
                return ov.OracleType(ov.NUMBER, 0, 22, 22, 0, -127)
            return ov.OracleType(ov.NUMBER, 0, 22, 22, self.precision, self.scale or 0)
        simple = {"DATE": (ov.DATE, 7), "BINARY_FLOAT": (ov.BINARY_FLOAT, 4),
                  "BINARY_DOUBLE": (ov.BINARY_DOUBLE, 8), "BOOLEAN": (ov.BOOLEAN, 4), "BLOB": (ov.BLOB, 4000)}
        if kind in simple:
            code, size = simple[kind]
            return ov.OracleType(code, 0, size, size)
        if kind == "VARCHAR2":
            return ov.OracleType(ov.VARCHAR, ov.CS_IMPLICIT, self.length, self.length)
        if kind == "CHAR":
            return ov.OracleType(ov.CHAR, ov.CS_IMPLICIT, self.length, self.length)
        if kind == "NVARCHAR2":
            return ov.OracleType(ov.VARCHAR, ov.CS_NCHAR, self.length * 2, self.length)
        if kind == "TIMESTAMP":
            return ov.OracleType(ov.TIMESTAMP, 0, 11, 11, 0, self.scale)
        if kind == "TIMESTAMP WITH TIME ZONE":
            return ov.OracleType(ov.TIMESTAMP_TZ, 0, 13, 13, 0, self.scale)
        if kind == "RAW":
            return ov.OracleType(ov.RAW, 0, self.length, self.length)
        if kind == "CLOB":
            return ov.OracleType(ov.CLOB, ov.CS_IMPLICIT, 4000, 0)
        raise ValueError(kind)

    def dictionary_row(self):
        """(DATA_TYPE, DATA_LENGTH, DATA_PRECISION, DATA_SCALE) as ALL_TAB_COLUMNS shows them."""
        lengths = {"NUMBER": 22, "DATE": 7, "BINARY_FLOAT": 4, "BINARY_DOUBLE": 8, "BOOLEAN": 1, "CLOB": 4000,
                   "BLOB": 4000, "TIMESTAMP": 11, "TIMESTAMP WITH TIME ZONE": 13}
        if self.kind == "NVARCHAR2":
            length = self.length * 2
        else:
            length = lengths.get(self.kind, self.length)
        data_type = self.kind
        if self.kind.startswith("TIMESTAMP"):
            data_type = self.kind.replace("TIMESTAMP", f"TIMESTAMP({self.scale})")
        precision = self.precision if self.kind == "NUMBER" else None
        scale = self.scale if self.kind.startswith("TIMESTAMP") else None
        if self.kind == "NUMBER" and self.precision is not None:
            scale = self.scale or 0
        return data_type, length, precision, scale

    @property
    def storage(self) -> str:
        """The sqlite column type holding this column's values (see sql_values for the formats)."""
        if self.kind == "NUMBER":
            return "TEXT COLLATE ORANUM"
        return {"BINARY_FLOAT": "REAL", "BINARY_DOUBLE": "REAL", "BOOLEAN": "INTEGER", "RAW": "BLOB",
                "BLOB": "BLOB"}.get(self.kind, "TEXT")


@dataclass
class Constraint:
    name: str
    type: str                  # P, U, R or C (NOT NULL)
    columns: list
    references: str = None     # the referenced constraint (R)


@dataclass
class Table:
    owner: str
    name: str
    columns: list
    constraints: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    readable: bool = True      # False: only REFERENCES is granted (ORA-01031 on any use)
    tablespace: str = "USERS"

    def column(self, name: str):
        return next((c for c in self.columns if c.name == name), None)

    def constraint_on(self, kind: str, columns) -> Constraint:
        return next((c for c in self.constraints if c.type in kind and c.columns == list(columns)), None)


def _clob_text() -> str:
    """The CLOB of TYPES_DEMO row 1: 200 lines, 9,600 bytes of UTF-8 (more than one 8 KB SDU)."""
    return "".join(f"{n:03d} Plugboard CLOB line \u2014 \u049a\u0430\u0437\u0430\u049b \u0442\u0456\u043b\u0456\n"
                   for n in range(1, 201))


def build_tables() -> list:
    """Every table the double knows, with its seed rows (Python values in column order)."""
    tstz = datetime.datetime(2024, 2, 29, 13, 45, 30, 654321,
                             tzinfo=datetime.timezone(datetime.timedelta(hours=5)))
    items = Table(SCHEMA, "ITEMS", [
        Column("ID", "NUMBER", precision=10, scale=0, nullable=False),
        Column("NAME", "VARCHAR2", length=100, nullable=False),
        Column("PRICE", "NUMBER", precision=12, scale=2),
        Column("CREATED", "DATE")],
        [Constraint("ITEMS_PK", "P", ["ID"]), Constraint("ITEMS_NAME_UK", "U", ["NAME"]),
         Constraint("SYS_C008421", "C", ["NAME"])],
        [(Decimal(1), "Widget", Decimal("19.99"), datetime.datetime(2024, 1, 15, 9, 30)),
         (Decimal(2), "Gadget", Decimal("250"), datetime.datetime(2024, 2, 1, 14, 0)),
         (Decimal(3), "Sprocket", Decimal("0.5"), datetime.datetime(2024, 3, 10, 8, 15, 30))])
    types_demo = Table(SCHEMA, "TYPES_DEMO", [
        Column("ID", "NUMBER", precision=10, scale=0, nullable=False),
        Column("N_INT", "NUMBER"), Column("N_DEC", "NUMBER", precision=20, scale=6), Column("N_BIG", "NUMBER"),
        Column("BF", "BINARY_FLOAT"), Column("BD", "BINARY_DOUBLE"),
        Column("VC", "VARCHAR2", length=50), Column("NVC", "NVARCHAR2", length=50),
        Column("D", "DATE"), Column("TS", "TIMESTAMP", scale=6), Column("TSTZ", "TIMESTAMP WITH TIME ZONE", scale=6),
        Column("R", "RAW", length=16), Column("C", "CLOB"), Column("B", "BLOB"), Column("FLAG", "BOOLEAN")],
        [Constraint("TYPES_DEMO_PK", "P", ["ID"])],
        [(Decimal(1), Decimal(-42), Decimal("-12345.678901"), Decimal("12345678901234567890123456789012345678"),
          1.5, -0.25, "Привет, Қазақстан!", "Сәлем, әлем! Үміт", datetime.datetime(2024, 2, 29, 13, 45, 30),
          datetime.datetime(2024, 2, 29, 13, 45, 30, 123456), tstz,
          bytes.fromhex("00112233445566778899aabbccddeeff"), _clob_text(), bytes(range(256)), True),
         (Decimal(2),) + (None,) * 14])
    orders = Table(SCHEMA, "ORDERS", [
        Column("ID", "NUMBER", precision=10, scale=0, nullable=False),
        Column("ITEM_ID", "NUMBER", precision=10, scale=0), Column("QTY", "NUMBER", precision=5, scale=0)],
        [Constraint("ORDERS_PK", "P", ["ID"]), Constraint("ORDERS_ITEM_FK", "R", ["ITEM_ID"], "ITEMS_PK")],
        [(Decimal(1), Decimal(1), Decimal(3)), (Decimal(2), Decimal(2), Decimal(1))])
    series = Table(SCHEMA, "SERIES", [Column("N", "NUMBER", precision=10, scale=0)], [],
                   [(Decimal(n),) for n in range(1, 251)])
    salaries = Table("HR", "SALARIES", [
        Column("EMPLOYEE_ID", "NUMBER", precision=6, scale=0, nullable=False),
        Column("SALARY", "NUMBER", precision=8, scale=2)],
        [Constraint("SALARIES_PK", "P", ["EMPLOYEE_ID"])], [(Decimal(100), Decimal("24000"))], readable=False)
    dual = Table("SYS", "DUAL", [Column("DUMMY", "VARCHAR2", length=1)], [], [("X",)], tablespace="SYSTEM")
    tables = [items, types_demo, orders, series, salaries, dual]
    return tables + _dictionary_views(tables)


def _name(name, length=128, nullable=True):
    return Column(name, "VARCHAR2", length=length, nullable=nullable)


def _dictionary_views(tables) -> list:
    """ALL_TABLES, ALL_TAB_COLUMNS, ALL_CONSTRAINTS and ALL_CONS_COLUMNS, filled from the tables above."""
    owners = {c.name: t.owner for t in tables for c in t.constraints}
    all_tables = Table("SYS", "ALL_TABLES", [_name("OWNER", nullable=False), _name("TABLE_NAME", nullable=False),
                                             _name("TABLESPACE_NAME", 30)],
                       rows=[(t.owner, t.name, t.tablespace) for t in tables])
    all_tab_columns = Table("SYS", "ALL_TAB_COLUMNS", [
        _name("OWNER", nullable=False), _name("TABLE_NAME", nullable=False), _name("COLUMN_NAME", nullable=False),
        _name("DATA_TYPE"), Column("DATA_LENGTH", "NUMBER", nullable=False), Column("DATA_PRECISION", "NUMBER"),
        Column("DATA_SCALE", "NUMBER"), _name("NULLABLE", 1), Column("COLUMN_ID", "NUMBER")],
        rows=[(t.owner, t.name, c.name) + _numbers(c.dictionary_row()) + ("Y" if c.nullable else "N",
                                                                           Decimal(i))
              for t in tables for i, c in enumerate(t.columns, 1)])
    all_constraints = Table("SYS", "ALL_CONSTRAINTS", [
        _name("OWNER"), _name("CONSTRAINT_NAME", nullable=False), _name("CONSTRAINT_TYPE", 1),
        _name("TABLE_NAME", nullable=False), _name("R_OWNER"), _name("R_CONSTRAINT_NAME")],
        rows=[(t.owner, c.name, c.type, t.name, owners.get(c.references), c.references)
              for t in tables for c in t.constraints])
    all_cons_columns = Table("SYS", "ALL_CONS_COLUMNS", [
        _name("OWNER", nullable=False), _name("CONSTRAINT_NAME", nullable=False), _name("TABLE_NAME", nullable=False),
        _name("COLUMN_NAME", 4000), Column("POSITION", "NUMBER")],
        rows=[(t.owner, c.name, t.name, col, Decimal(i) if c.type != "C" else None)
              for t in tables for c in t.constraints for i, col in enumerate(c.columns, 1)])
    return [all_tables, all_tab_columns, all_constraints, all_cons_columns]


def _numbers(row):
    data_type, length, precision, scale = row
    as_decimal = [None if v is None else Decimal(v) for v in (length, precision, scale)]
    return (data_type, *as_decimal)
