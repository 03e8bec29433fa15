"""Proves that the official python-oracledb driver (thin mode) accepts the Oracle double: runs every scenario of
scenarios.json against the running double, writes {scenario name: normalized result} to --results, prints one
PASS/FAIL line per scenario and exits non-zero when any result differs from its expectation (or when the
stability check - 20 connections in a row, then 4 at once - fails).

Reads PLUGBOARD_TEST_ORACLE_HOST, PLUGBOARD_TEST_ORACLE_PORT, PLUGBOARD_TEST_ORACLE_TCPS_PORT and
PLUGBOARD_TEST_ORACLE_CA. Settings: oracledb.defaults.fetch_lobs = False, oracledb.defaults.fetch_decimals = True.
"""

import argparse
import base64
import datetime
import json
import os
import re
import ssl
import sys
import threading
from decimal import Decimal

import oracledb

oracledb.defaults.fetch_lobs = False
oracledb.defaults.fetch_decimals = True

SCENARIOS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "scenarios.json")
TYPE_NAMES = {oracledb.DB_TYPE_NUMBER: "NUMBER", oracledb.DB_TYPE_BINARY_FLOAT: "BINARY_FLOAT",
              oracledb.DB_TYPE_BINARY_DOUBLE: "BINARY_DOUBLE", oracledb.DB_TYPE_VARCHAR: "VARCHAR2",
              oracledb.DB_TYPE_NVARCHAR: "NVARCHAR2", oracledb.DB_TYPE_CHAR: "CHAR", oracledb.DB_TYPE_DATE: "DATE",
              oracledb.DB_TYPE_TIMESTAMP: "TIMESTAMP", oracledb.DB_TYPE_TIMESTAMP_TZ: "TIMESTAMP WITH TIME ZONE",
              oracledb.DB_TYPE_RAW: "RAW", oracledb.DB_TYPE_CLOB: "CLOB", oracledb.DB_TYPE_BLOB: "BLOB",
              oracledb.DB_TYPE_BOOLEAN: "BOOLEAN", oracledb.DB_TYPE_LONG: "LONG", oracledb.DB_TYPE_LONG_RAW: "LONG RAW"}
BIND_TYPES = {"BINARY_DOUBLE": oracledb.DB_TYPE_BINARY_DOUBLE, "BINARY_FLOAT": oracledb.DB_TYPE_BINARY_FLOAT,
              "TIMESTAMP": oracledb.DB_TYPE_TIMESTAMP, "NVARCHAR2": oracledb.DB_TYPE_NVARCHAR}


class Target:
    """Where the double listens, from the PLUGBOARD_TEST_ORACLE_* environment."""

    def __init__(self):
        self.host = os.environ["PLUGBOARD_TEST_ORACLE_HOST"]
        self.port = int(os.environ["PLUGBOARD_TEST_ORACLE_PORT"])
        self.tcps_port = int(os.environ["PLUGBOARD_TEST_ORACLE_TCPS_PORT"])
        self.ssl_context = ssl.create_default_context(cafile=os.environ["PLUGBOARD_TEST_ORACLE_CA"])

    def connect(self, spec: dict):
        args = {"user": spec["user"], "password": spec["password"]}
        tcps = spec.get("tcps", False)
        port = self.tcps_port if tcps else self.port
        if tcps:
            args["ssl_context"] = self.ssl_context
        if spec.get("easyConnect"):
            args["dsn"] = f"{'tcps://' if tcps else ''}{self.host}:{port}/{spec['service']}"
        else:
            args.update(host=self.host, port=port, protocol="tcps" if tcps else "tcp")
            if spec.get("service"):
                args["service_name"] = spec["service"]
            else:
                args["sid"] = spec["sid"]
        connection = oracledb.connect(**args)
        if spec.get("callTimeoutMs"):
            connection.call_timeout = spec["callTimeoutMs"]
        return connection


def bind_values(binds):
    """Converts scenario binds to Python values plus the input sizes the typed ones need."""
    def convert(value):
        if isinstance(value, float):
            raise ValueError("untyped non-integer JSON numbers are ambiguous; use {type, value}")
        if not isinstance(value, dict):
            return value, None
        kind, raw = value["type"], value["value"]
        if kind == "NUMBER":
            return Decimal(raw), None
        if kind in ("DATE", "TIMESTAMP"):
            return datetime.datetime.fromisoformat(raw), BIND_TYPES.get(kind)
        if kind == "RAW":
            return base64.b64decode(raw), None
        return raw, BIND_TYPES[kind]
    if binds is None:
        return [], {}
    if isinstance(binds, list):
        pairs = [convert(v) for v in binds]
        return [v for v, _ in pairs], [t for _, t in pairs]
    pairs = {k: convert(v) for k, v in binds.items()}
    return {k: v for k, (v, _) in pairs.items()}, {k: t for k, (_, t) in pairs.items() if t is not None}


def normalize_value(value, type_name, offset):
    if value is None:
        return None
    if type_name == "NUMBER":
        return format(value, "f")
    if type_name in ("BINARY_FLOAT", "BINARY_DOUBLE"):
        return float(value)
    if type_name == "DATE":
        return value.strftime("%Y-%m-%dT%H:%M:%S")
    if type_name == "TIMESTAMP":
        return value.strftime("%Y-%m-%dT%H:%M:%S.%f")
    if type_name == "TIMESTAMP WITH TIME ZONE":
        return value.strftime("%Y-%m-%dT%H:%M:%S.%f") + (offset or "?")
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    return value


def normalize_error(error: oracledb.Error) -> dict:
    message = str(error)
    codes = re.findall(r"^((?:ORA|DPY)-\d+):", message, re.MULTILINE)
    return {"error": codes[-1] if codes else error.args[0].full_code, "codes": codes, "message": message}


def run_statement(connection, statement: dict, tz_offsets: dict) -> dict:
    """Executes one statement; a query gives {columns, rows}, anything else {rowCount}, a failure {error}."""
    cursor = connection.cursor()
    described = []

    def record_types(_cursor, metadata):
        described.append((metadata.name, TYPE_NAMES.get(metadata.type_code, str(metadata.type_code))))

    cursor.outputtypehandler = record_types
    values, sizes = bind_values(statement.get("binds"))
    try:
        if sizes:
            cursor.setinputsizes(*sizes) if isinstance(sizes, list) else cursor.setinputsizes(**sizes)
        cursor.execute(statement["sql"], values)
        if cursor.description is None:
            return {"rowCount": cursor.rowcount}
        rows = cursor.fetchall()
    except oracledb.Error as error:
        return normalize_error(error)
    finally:
        cursor.close()
    columns = [{"name": name, "type": type_name} for name, type_name in described]
    return {"columns": columns,
            "rows": [[normalize_value(v, c["type"], tz_offsets.get(c["name"])) for v, c in zip(row, columns)]
                     for row in rows]}


def run_scenario(target: Target, scenario: dict, defaults: dict) -> dict:
    spec = dict(defaults["connection"], **scenario.get("connection", {}))
    tz_offsets = scenario.get("tzOffsets", {})
    try:
        connection = target.connect(spec)
    except oracledb.Error as error:
        return normalize_error(error)
    try:
        kind = scenario["kind"]
        if kind == "connect":
            return {"connected": True}
        if kind == "query":
            if scenario.get("readOnly"):
                connection.cursor().execute("SET TRANSACTION READ ONLY")
            result = run_statement(connection, scenario, tz_offsets)
            connection.rollback()
            return result
        results = []
        for statement in scenario["statements"]:
            results.append(run_statement(connection, statement, tz_offsets))
            if "error" in results[-1]:
                break
        connection.commit() if scenario["end"] == "commit" else connection.rollback()
        outcome = {"results": results}
        if scenario.get("after"):
            outcome["after"] = [run_after(target, spec, connection, statement, tz_offsets)
                                for statement in scenario["after"]]
        return outcome
    finally:
        connection.close()


def run_after(target, spec, connection, statement, tz_offsets):
    if statement.get("newConnection"):
        other = target.connect(spec)
        try:
            return run_statement(other, statement, tz_offsets)
        finally:
            other.close()
    result = run_statement(connection, statement, tz_offsets)
    if statement.get("commit"):
        connection.commit()
    return result


def matches(expected, actual) -> bool:
    """Deep equality, except that an expected error only fixes the code (and the Oracle code it names)."""
    if isinstance(expected, dict) and "error" in expected:
        return isinstance(actual, dict) and actual.get("error") == expected["error"] and (
            "oracleError" not in expected or expected["oracleError"] in actual.get("message", ""))
    if isinstance(expected, dict):
        return isinstance(actual, dict) and expected.keys() == actual.keys() and all(
            matches(expected[k], actual[k]) for k in expected)
    if isinstance(expected, list):
        return isinstance(actual, list) and len(expected) == len(actual) and all(
            matches(e, a) for e, a in zip(expected, actual))
    return expected == actual and type(expected) is type(actual)


def stability(target: Target, defaults: dict) -> str:
    """20 connections in a row, then 4 threads of 5 connections at once, each reading SERIES."""
    failures = []

    def one():
        try:
            connection = target.connect(defaults["connection"])
            with connection.cursor() as cursor:
                cursor.execute("SELECT N FROM SERIES WHERE N <= :n ORDER BY N", n=120)
                if len(cursor.fetchall()) != 120:
                    failures.append("wrong row count")
            connection.close()
        except oracledb.Error as error:
            failures.append(str(error))

    for _ in range(20):
        one()
    threads = [threading.Thread(target=lambda: [one() for _ in range(5)]) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return "; ".join(failures[:3])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", required=True, help="where to write {scenario name: normalized result}")
    args = parser.parse_args()
    with open(SCENARIOS, encoding="utf-8") as source:
        document = json.load(source)
    target = Target()
    results, failed = {}, 0
    for scenario in document["scenarios"]:
        result = run_scenario(target, scenario, document["defaults"])
        results[scenario["name"]] = result
        if matches(scenario["expect"], result):
            note = "".join(f" (TIMESTAMP WITH TIME ZONE offset {offset} for {column} taken from the scenario)"
                           for column, offset in scenario.get("tzOffsets", {}).items())
            print(f"PASS {scenario['name']}{note}")
        else:
            failed += 1
            print(f"FAIL {scenario['name']}\n  expected: {json.dumps(scenario['expect'], ensure_ascii=False)[:2000]}"
                  f"\n  actual:   {json.dumps(result, ensure_ascii=False)[:2000]}")
    with open(args.results, "w", encoding="utf-8") as out:
        json.dump(results, out, ensure_ascii=False, indent=1)
    problem = stability(target, document["defaults"])
    print(f"{'FAIL' if problem else 'PASS'} stability: 20 connections in a row, then 4 x 5 at once {problem}")
    total = len(document["scenarios"])
    print(f"{total - failed}/{total} scenarios passed")
    sys.exit(1 if failed or problem else 0)


if __name__ == "__main__":
    main()
