"""Fuzzing the front ends: no input makes iacfix crash or hang.

Inputs: raw bytes, and real programs (examples/model_response plus generated ones) with byte ranges
deleted, inserted or duplicated. `fix_text` must return a result (changed / unchanged / failed with
an error message), never raise, and finish each case within a time guard.
"""

from __future__ import annotations

import signal
from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import MODEL, example_names, language_of
from iacfix.config import Config
from iacfix.engine import fix_text
from strategies import PIN, python_programs, typescript_programs
from iacfix.notes import NoteKind, of_kind

GUARD_SECONDS = 10
SETTINGS = settings(max_examples=50, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much])
CONFIG = Config().with_(images={"nginx:1.25": PIN}, unsafe_fixes=True)
SEEDS = [(MODEL / n).read_bytes() for n in example_names() if language_of(n) != "markdown"]


def _has_python() -> bool:
    try:
        import iacfix.frontends.python  # noqa: F401
        return True
    except ImportError:
        return False


LANGUAGES = ["typescript", "markdown"] + (["python"] if _has_python() else [])


class Hang(Exception):
    pass


@contextmanager
def time_guard(seconds: int = GUARD_SECONDS):
    def _alarm(signum, frame):
        raise Hang(f"no result after {seconds}s")

    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def run_case(data: bytes, language: str):
    with time_guard():
        res = fix_text(data, language, CONFIG, path=f"fuzz.{language}")
    assert res.status in ("changed", "unchanged", "failed"), res.status
    if res.status == "failed":
        assert res.error, "a failed result must say why"
        assert res.output == data, "a failed file must come back unchanged"
        assert not res.error.startswith("internal error"), res.error
    else:
        assert res.error is None
        crashes = of_kind(res.notes, NoteKind.CRASHED)
        # A transform that raises is caught by the applier (the file is still processed and
        # nothing is damaged), but it is a bug, on broken input as on parsable input.
        assert not crashes, f"transform crashed: {crashes}"
    return res


@st.composite
def mutated(draw, seeds: list[bytes]) -> bytes:
    """A seed with a few byte ranges deleted, inserted (random or taken from the seed) or duplicated."""
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["delete", "insert", "duplicate", "splice", "byte"]))
        n = len(data)
        i = draw(st.integers(0, n))
        j = draw(st.integers(i, min(n, i + 200)))
        if op == "delete":
            del data[i:j]
        elif op == "insert":
            data[i:i] = draw(st.sampled_from([
                b"{", b"}", b"(", b")", b"[", b"]", b"`", b"${", b'"', b"'", b",", b";", b"\n", b"\r\n",
                b"/*", b"*/", b"//", b"\t", b"\\", b"\xef\xbb\xbf", b"new aws.", b"=>", b"\xff", b"\x00",
                b"\xc3", b"\xe2\x80\xa8"]) | st.binary(max_size=16))
        elif op == "duplicate":
            data[j:j] = data[i:j]
        elif op == "splice":
            k = draw(st.integers(0, n))
            data[k:k] = data[i:j]
        else:
            if n:
                data[min(i, n - 1)] = draw(st.integers(0, 255))
    return bytes(data)


@SETTINGS
@given(data=st.binary(max_size=2048), language=st.sampled_from(LANGUAGES))
def test_raw_bytes(data, language):
    run_case(data, language)


@SETTINGS
@given(data=st.text(alphabet=st.characters(codec="utf-8"), max_size=1024).map(lambda s: s.encode("utf-8")),
       language=st.sampled_from(LANGUAGES))
def test_raw_text(data, language):
    run_case(data, language)


@pytest.mark.skipif(not SEEDS, reason="no examples")
@settings(SETTINGS, max_examples=80)
@given(data=mutated(SEEDS))
def test_mutated_examples(data):
    run_case(data, "typescript")


@settings(SETTINGS, max_examples=50)
@given(prog=typescript_programs(), data=st.data())
def test_mutated_generated_typescript(prog, data):
    run_case(data.draw(mutated([prog.source])), "typescript")


@settings(SETTINGS, max_examples=30)
@given(prog=typescript_programs(), data=st.data())
def test_mutated_markdown(prog, data):
    """A model response: prose around fenced blocks, the fences themselves mutated too."""
    md = b"# Stack\n\nHere it is:\n\n```typescript\n" + prog.source + b"```\n\nDone.\n"
    run_case(data.draw(mutated([md])), "markdown")


@pytest.mark.skipif(not _has_python(), reason="no Python front end")
@settings(SETTINGS, max_examples=40)
@given(prog=python_programs(), data=st.data())
def test_mutated_generated_python(prog, data):
    run_case(data.draw(mutated([prog.source])), "python")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("text", [
    b"", b"\xef\xbb\xbf", b"\n", b"\r\n" * 100, b"\r", b"{" * 3000, b"[" * 5000, b"(" * 5000, b"`${" * 2000,
    b"new aws.cloudwatch.LogGroup(" * 500, b"/*", b"'''", b'"""', b"```", b"~~~\n" * 50,
])
def test_pathological(language, text):
    run_case(text, language)
