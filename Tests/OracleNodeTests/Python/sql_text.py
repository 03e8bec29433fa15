"""Oracle SQL text: a tokenizer and the translation of WHERE / ORDER BY clauses into sqlite text.

Only what sqlite needs is translated: identifiers are resolved against the table's columns (unknown ones raise
ORA-00904), bind variables become sqlite named parameters (:b1, :b2, ... in the order Oracle numbers them: their
order of appearance in the text), Oracle's default NULL ordering is made explicit and FETCH FIRST / OFFSET become
LIMIT / OFFSET. Bind values are never spliced into the SQL text.
"""

import re
from dataclasses import dataclass

from ora_errors import OracleError

_TOKEN = re.compile(r"""
    (?P<ws>\s+) | (?P<comment>--[^\n]*|/\*.*?\*/)
  | (?P<qident>"[^"]*") | (?P<string>'(?:[^']|'')*')
  | (?P<number>(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<bind>:\s*(?:"[^"]*"|[A-Za-z][A-Za-z0-9_$\#]*|\d+))
  | (?P<ident>[A-Za-z][A-Za-z0-9_$\#]*)
  | (?P<op><>|!=|<=|>=|\|\||[=<>(),.*+\-/;])
""", re.X | re.S)

KEYWORDS = {"AND", "OR", "NOT", "IS", "NULL", "IN", "LIKE", "BETWEEN", "ESCAPE", "ASC", "DESC", "NULLS",
            "FIRST", "LAST"}
FUNCTIONS = {"UPPER", "LOWER"}
# Oracle SQL the double does not implement: ORA-03001 (unimplemented feature) rather than a misleading error.
UNIMPLEMENTED = {"JOIN", "INNER", "LEFT", "RIGHT", "FULL", "CROSS", "NATURAL", "GROUP", "HAVING", "UNION",
                 "INTERSECT", "MINUS", "CONNECT", "START", "FOR", "RETURNING", "RETURN", "PIVOT", "MODEL", "CASE"}


@dataclass
class Token:
    kind: str      # ident, qident, string, number, bind, op
    value: str     # identifiers: the name as Oracle resolves it; strings: unescaped text; binds: the bind name
    pos: int       # offset in the SQL text

    def is_word(self, *words) -> bool:
        return self.kind == "ident" and self.value in words

    def is_op(self, *ops) -> bool:
        return self.kind == "op" and self.value in ops

    @property
    def is_name(self) -> bool:
        return self.kind in ("ident", "qident")


def tokenize(sql: str) -> list:
    tokens, pos = [], 0
    while pos < len(sql):
        match = _TOKEN.match(sql, pos)
        if not match:
            raise OracleError(911, offset=pos)
        kind, text = match.lastgroup, match.group()
        if kind == "ident":
            tokens.append(Token(kind, text.upper(), pos))
        elif kind == "qident":
            tokens.append(Token(kind, text[1:-1], pos))
        elif kind == "string":
            tokens.append(Token(kind, text[1:-1].replace("''", "'"), pos))
        elif kind == "bind":
            name = text[1:].strip()
            name = name[1:-1] if name.startswith('"') else name.upper()
            tokens.append(Token(kind, name, pos))
        elif kind in ("number", "op"):
            tokens.append(Token(kind, text, pos))
        pos = match.end()
    return tokens


def split_top(tokens, separator=","):
    """Splits tokens on a separator outside parentheses."""
    parts, current, depth = [], [], 0
    for token in tokens:
        if token.is_op("("):
            depth += 1
        elif token.is_op(")"):
            depth -= 1
        if depth == 0 and token.is_op(separator):
            parts.append(current)
            current = []
        else:
            current.append(token)
    parts.append(current)
    return parts


def find_top(tokens, *words, start=0):
    """The index of the first of the keywords outside parentheses, or -1."""
    depth = 0
    for index in range(start, len(tokens)):
        token = tokens[index]
        if token.is_op("("):
            depth += 1
        elif token.is_op(")"):
            depth -= 1
        elif depth == 0 and token.is_word(*words):
            return index
    return -1


def sqlite_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


class ClauseTranslator:
    """Turns Oracle condition/ordering tokens into sqlite text; binds go to `self.binds` (their indexes)."""

    def __init__(self, table, alias, first_bind: int):
        self.table = table
        self.qualifiers = {table.name, alias} - {None}
        self.next_bind = first_bind
        self.binds = []

    def bind(self, token) -> str:
        self.binds.append(self.next_bind)
        self.next_bind += 1
        return f":b{self.next_bind - 1}"

    def column(self, tokens, index):
        """Resolves a (possibly qualified) column starting at index; returns (sqlite text, next index)."""
        token = tokens[index]
        if index + 2 < len(tokens) and tokens[index + 1].is_op(".") and token.value in self.qualifiers:
            index += 2
            token = tokens[index]
        column = self.table.column(token.value) if token.is_name else None
        if column is None:
            calls = index + 1 < len(tokens) and tokens[index + 1].is_op("(")
            if calls or token.is_word(*UNIMPLEMENTED):
                raise OracleError(3001, offset=token.pos)
            raise OracleError(904, offset=token.pos, name=token.value)
        return f'"{column.name}"', index + 1

    def condition(self, tokens) -> str:
        out, index = [], 0
        while index < len(tokens):
            token = tokens[index]
            if token.kind == "bind":
                out.append(self.bind(token))
            elif token.kind == "string":
                out.append(sqlite_string(token.value))
            elif token.kind == "number":
                out.append(token.value)
            elif token.kind == "op":
                if token.value == ";":
                    raise OracleError(933, offset=token.pos)
                out.append(token.value)
            elif token.is_word(*KEYWORDS):
                out.append(token.value)
            elif token.is_word("TRUE", "FALSE"):
                out.append("1" if token.value == "TRUE" else "0")
            elif token.is_word("USER"):
                out.append(":user")
            elif token.is_word(*FUNCTIONS) and index + 1 < len(tokens) and tokens[index + 1].is_op("("):
                out.append(token.value)
            else:
                text, index = self.column(tokens, index)
                out.append(text)
                continue
            index += 1
        return " ".join(out)

    def order_by(self, tokens) -> str:
        """ORDER BY items with Oracle's NULL ordering (NULLs last ascending, first descending) made explicit."""
        items = []
        for item in split_top(tokens):
            words = [t.value for t in item if t.kind == "ident"]
            text = self.condition(item)
            if "NULLS" not in words:
                text += " NULLS FIRST" if "DESC" in words else " NULLS LAST"
            items.append(text)
        return ", ".join(items)

    def row_limit(self, tokens) -> str:
        """OFFSET n ROWS and FETCH FIRST|NEXT n ROW|ROWS ONLY, as sqlite LIMIT/OFFSET."""
        def amount(token):
            if token.kind == "bind":
                return self.bind(token)
            if token.kind == "number":
                return token.value
            raise OracleError(933, offset=token.pos)

        limit, offset, index = "-1", None, 0
        while index < len(tokens):
            token, rest = tokens[index], tokens[index + 1:index + 5]
            if token.is_word("OFFSET") and len(rest) >= 2 and rest[1].is_word("ROW", "ROWS"):
                offset, index = amount(rest[0]), index + 3
            elif (token.is_word("FETCH") and len(rest) == 4 and rest[0].is_word("FIRST", "NEXT")
                  and rest[2].is_word("ROW", "ROWS") and rest[3].is_word("ONLY")):
                limit, index = amount(rest[1]), index + 5
            else:
                raise OracleError(3001 if token.is_word(*UNIMPLEMENTED) else 933, offset=token.pos)
        return f" LIMIT {limit}" + (f" OFFSET {offset}" if offset is not None else "")
