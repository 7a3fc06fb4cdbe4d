"""Generated datasets through `iacfix batch`: every record comes out, in order, with every input
field as it went in.

JSONL lines are generated as raw JSON text (not through `json.dumps`), so they carry what a
round trip through Python would change: numbers beyond a double (1e400, 30-digit integers,
long decimals), duplicate keys, escapes, odd whitespace, deep nesting, NaN, invalid bytes, and
field names that collide with what iacfix adds. Parquet tables get random column names and
types. The properties: one output line per input line; a line that is a JSON object comes out
as its own bytes up to the closing brace plus iacfix's two members; anything else comes out
unchanged; a Parquet input column comes out equal (Arrow `equals`), or the run is refused with
one line when iacfix's column names are taken or a name repeats.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iacfix.batch.runner import BatchError, BatchOptions, run_batch
from iacfix.config import Config

TS = 'import * as aws from "@pulumi/aws";\n\nnew aws.cloudwatch.LogGroup("logs", { name: "/ecs/api" });\n'
MD = f"Here.\n\n```typescript\n{TS}```\n"
COLLIDING = ["status", "error", "changed", "applied", "findings", "iacfix", "response_fixed", "_iacfix_raw"]
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                          HealthCheck.too_slow])

# ---- raw JSON text ----------------------------------------------------------------------------

NUMBERS = st.one_of(
    st.sampled_from(["1e400", "-1e400", "1E-400", "3.14159265358979323846264338327950288", "0.1", "-0", "-0.0",
                     "123456789012345678901234567890", "1.0", "1e5", "2.50", "NaN", "Infinity"]),
    st.integers().map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
)
STRINGS = st.one_of(
    st.text(max_size=20).map(lambda s: json.dumps(s)),
    st.text(max_size=20).map(lambda s: json.dumps(s, ensure_ascii=False)),
    st.sampled_from(['"\\u00e9\\/"', '"\\ud800"', '"tab\\there"', '""']),
)
SCALARS = st.one_of(NUMBERS, STRINGS, st.sampled_from(["true", "false", "null"]))
WS = st.sampled_from(["", " ", "  ", "\t", " \t "])
KEYS = st.one_of(st.sampled_from(["a", "b", "id", "response"] + COLLIDING), st.text(max_size=6)).map(json.dumps)


@st.composite
def json_values(draw, depth: int = 0) -> str:
    if depth >= 3:
        return draw(SCALARS)
    kind = draw(st.sampled_from(["scalar", "scalar", "array", "object"]))
    if kind == "scalar":
        return draw(SCALARS)
    ws = draw(WS)
    if kind == "array":
        items = draw(st.lists(json_values(depth + 1), max_size=4))
        return "[" + ws + ("," + ws).join(items) + ws + "]"
    members = draw(st.lists(st.tuples(KEYS, json_values(depth + 1)), max_size=4))
    return "{" + ws + ("," + ws).join(f"{k}{ws}:{ws}{v}" for k, v in members) + ws + "}"


@st.composite
def records(draw) -> bytes:
    """One JSONL line (without its newline)."""
    kind = draw(st.sampled_from(["record", "record", "record", "deep", "not-object", "broken", "bytes"]))
    if kind == "deep":
        n = draw(st.sampled_from([50, 999, 1100, 5000]))
        return b'{"response": ' + json.dumps(MD).encode() + b', "d": ' + b"[" * n + b"]" * n + b"}"
    if kind == "not-object":
        return draw(json_values(2)).encode("utf-8", "surrogatepass")
    if kind == "broken":
        return draw(st.sampled_from([b'{"response": "x"', b"{not json", b'{"a": 1,}', b"[1, 2"]))
    if kind == "bytes":
        return b'{"response": "caf\xe9", "b": "\xff\xfe"}'
    members = draw(st.lists(st.tuples(KEYS, json_values(1)), max_size=5))
    if draw(st.booleans()):
        members.insert(draw(st.integers(0, len(members))), ('"response"', json.dumps(draw(st.sampled_from([MD, TS, "x"])))))
    ws = draw(WS)
    body = "{" + ws + ("," + ws).join(f"{k}{ws}:{ws}{v}" for k, v in members) + ws + "}" + draw(WS)
    return body.encode("utf-8", "surrogatepass")


def _parses_to_dict(line: bytes):
    try:
        v = json.loads(line)
    except (ValueError, RecursionError):
        return None
    return v if isinstance(v, dict) else None


@SETTINGS
@given(lines=st.lists(records(), min_size=1, max_size=8), crlf=st.booleans())
def test_jsonl_records_come_out_whole_and_in_order(tmp_path_factory, lines, crlf):
    d = tmp_path_factory.mktemp("jsonl")
    src, dst = d / "in.jsonl", d / "out.jsonl"
    eol = b"\r\n" if crlf else b"\n"
    # a response field somewhere, so the run is not refused for naming a field no record has
    data = eol.join(lines + [b'{"response": "x"}']) + eol
    src.write_bytes(data)
    first = next((r for r in map(_parses_to_dict, lines + [b'{"response": "x"}']) if r is not None), None)
    try:
        s = run_batch(str(src), Config(), BatchOptions(out=str(dst), jobs=1))
    except BatchError as exc:  # refused up front: only for a collision on the first record
        assert first is not None and ({"iacfix", "response_fixed"} & set(first)), exc
        assert not dst.exists()
        return
    out = dst.read_bytes().split(b"\n")
    assert out[-1] == b"" and len(out) - 1 == len(lines) + 1 == s.seen
    for line, got in zip(lines, out):
        got_line = got + b"\n"
        want_eol = eol if not crlf else b"\r\n"
        rec = _parses_to_dict(line)
        if rec is None or ({"iacfix", "response_fixed"} & set(rec)):
            assert got_line == line + want_eol  # copied as it is
            continue
        text = line.rstrip(b" \t")
        assert got.startswith(text[:-1]), (line, got)  # every input byte up to the closing brace
        assert got.endswith(text[len(text.rstrip(b" \t\r\n")):] + (b"\r" if crlf else b""))
        parsed = json.loads(got)
        assert parsed["iacfix"]["status"] in ("changed", "unchanged", "skipped", "failed")
        assert set(rec) <= set(parsed) and "response_fixed" in parsed


# ---- Parquet ------------------------------------------------------------------------------------

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

COLUMN_NAMES = st.one_of(st.sampled_from(["id", "meta", "score"] + COLLIDING), st.text(min_size=1, max_size=6))
COLUMN_VALUES = st.sampled_from([
    ("int", lambda n: pa.array(list(range(n)), type=pa.int64())),
    ("big", lambda n: pa.array([2**63 - 1 - i for i in range(n)], type=pa.int64())),
    ("float", lambda n: pa.array(([1e308, -0.0, 5e-324, 3.141592653589793] * n)[:n], type=pa.float64())),
    ("text", lambda n: pa.array(["caf\u00e9 \ud7ff"] * n)),
    ("nested", lambda n: pa.array([{"a": [1, 2], "b": {"c": "x"}}] * n)),
    ("bytes", lambda n: pa.array([b"\xff\x00"] * n, type=pa.binary())),
    ("null", lambda n: pa.array([None] * n, type=pa.string())),
])


@SETTINGS
@given(cols=st.lists(st.tuples(COLUMN_NAMES, COLUMN_VALUES), max_size=4),
       responses=st.lists(st.sampled_from([MD, TS, "plain", None]), min_size=1, max_size=5))
def test_parquet_columns_come_out_equal(tmp_path_factory, cols, responses):
    d = tmp_path_factory.mktemp("pq")
    src, dst = d / "in.parquet", d / "out.parquet"
    n = len(responses)
    names = ["response"] + [c for c, _ in cols]
    arrays = [pa.array(responses, type=pa.string())] + [make(n) for _, (_, make) in cols]
    table = pa.Table.from_arrays(arrays, names=names)
    pq.write_table(table, src)
    try:
        s = run_batch(str(src), Config(), BatchOptions(out=str(dst), jobs=1, parquet_batch_size=2))
    except BatchError as exc:
        msg = str(exc)
        assert len(set(names)) < len(names) or {"iacfix", "response_fixed"} & set(names), msg
        assert "\n" not in msg and not dst.exists()
        return
    assert len(set(names)) == len(names) and not ({"iacfix", "response_fixed"} & set(names))
    out = pq.read_table(dst)
    assert s.seen == n and out.num_rows == n
    for name in names:
        assert out.column(name).equals(table.column(name)), name
    assert out.column_names == names + ["response_fixed", "iacfix"]
    Path(dst).unlink()
