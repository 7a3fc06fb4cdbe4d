"""Files as they are on real disks: owners, extended attributes, hard links, FIFOs, devices, odd
names, umask, line endings. Through the real command line where it matters.

Generated too (hypothesis): a folder holding every kind of entry, each name drawn from names that
are not UTF-8, hold newlines or control characters; every run ends, in one clear line per bad
entry, without a traceback, and fixes the regular files.
"""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from iacfix.cli import app
from iacfix.document import Document, detect_newline
from iacfix.engine import fix_text
from iacfix.config import Config

LOG = b'import * as aws from "@pulumi/aws";\n\nconst logs = new aws.cloudwatch.LogGroup("logs", { name: "/app" });\n'
FIXED = b"retentionInDays: 7"
IAC005 = Config().with_(select=("IAC005",))


def run(*args: str, command: str = "apply"):
    r = CliRunner().invoke(app, [command, "--select", "IAC005", *args], catch_exceptions=False)
    return r.exit_code, r.output + (r.stderr if r.stderr_bytes is not None else "")


def in_thread(fn, timeout: float = 30):
    """Run fn; fail (instead of hanging the suite) if it does not return in time."""
    box: list = []
    t = threading.Thread(target=lambda: box.append(fn()), daemon=True)
    t.start()
    t.join(timeout)
    assert not t.is_alive(), "hung"
    return box[0]


# ---- item 4: in-place writes keep what the file was ------------------------------------------


@pytest.mark.skipif(os.geteuid() != 0, reason="changing a file's owner needs root")
def test_root_run_keeps_owner_group_and_mode(tmp_path):
    f = tmp_path / "owned.ts"
    f.write_bytes(LOG)
    os.chown(f, 1234, 5678)
    f.chmod(0o640)
    code, out = run(str(f))
    assert code == 0, out
    st_ = f.stat()
    assert (st_.st_uid, st_.st_gid, stat.S_IMODE(st_.st_mode)) == (1234, 5678, 0o640)
    assert FIXED in f.read_bytes()


def test_extended_attributes_are_kept(tmp_path):
    f = tmp_path / "x.ts"
    f.write_bytes(LOG)
    try:
        os.setxattr(f, "user.origin", b"dataset-v3")
    except OSError:
        pytest.skip("no user xattrs on this file system")
    code, out = run(str(f))
    assert code == 0, out
    assert os.getxattr(f, "user.origin") == b"dataset-v3" and FIXED in f.read_bytes()


def test_hard_linked_file_is_refused_with_a_clear_line(tmp_path):
    f = tmp_path / "a.ts"
    f.write_bytes(LOG)
    os.link(f, tmp_path / "b.ts")
    code, out = run(str(f))
    assert code == 2 and f"{f}: has 2 hard links" in out, out
    assert f.read_bytes() == LOG and os.stat(f).st_ino == os.stat(tmp_path / "b.ts").st_ino


# ---- item 11: only regular files are read ---------------------------------------------------


@pytest.mark.parametrize("command", ["apply", "check"])
def test_fifo_in_a_folder_does_not_hang(tmp_path, command):
    (tmp_path / "ok.ts").write_bytes(LOG)
    os.mkfifo(tmp_path / "pipe.ts")
    code, out = in_thread(lambda: run(str(tmp_path), command=command))
    assert code == 2 and f"{tmp_path / 'pipe.ts'}: not a regular file (a FIFO)" in out, out


def test_fifo_in_a_batch_is_one_failed_row(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "ok.ts").write_bytes(LOG)
    os.mkfifo(src / "pipe.ts")
    code, out = in_thread(lambda: run(str(src), "--out", str(tmp_path / "o"), "-j", "1", command="batch"))
    assert code == 1 and "not a regular file" in out, out
    assert FIXED in (tmp_path / "o" / "ok.ts").read_bytes()


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_device_is_refused_without_reading(device):
    if not os.path.exists(device):
        pytest.skip(f"no {device}")
    code, out = in_thread(lambda: run(device, "--language", "typescript", command="check"))
    assert code == 2 and f"{device}: not a regular file (a character device)" in out, out


def test_a_file_too_large_is_refused_before_reading(tmp_path, monkeypatch):
    import iacfix.document as document

    f = tmp_path / "big.ts"
    f.write_bytes(LOG + b"//" + b"x" * 5000 + b"\n")
    monkeypatch.setattr(document, "MAX_INPUT_BYTES", 4096)
    monkeypatch.setattr(document.read_regular_file, "__defaults__", (4096,))
    code, out = run(str(f))
    assert code == 2 and "too large" in out, out


# ---- item 12: names that are not UTF-8 or hold a newline ---------------------------------------


def test_newline_in_a_name_cannot_forge_check_output(tmp_path):
    d = tmp_path / "d"
    d.mkdir()
    (d / "x.ts\nfake.ts:1:1: IAC999 forged.ts").write_bytes(LOG)
    r = CliRunner().invoke(app, ["check", "--select", "IAC005", str(d)])
    lines = [ln for ln in r.stdout.splitlines() if ln.strip()]
    assert len(lines) == 1 and "\\n" in lines[0] and "IAC005" in lines[0], lines


def test_non_utf8_name_in_check_and_apply(tmp_path):
    d = tmp_path / "d"
    d.mkdir()
    with open(os.fsencode(str(d)) + b"/caf\xe9.ts", "wb") as fh:
        fh.write(LOG)
    r = CliRunner().invoke(app, ["check", "--select", "IAC005", str(d)])
    assert r.exit_code == 1 and "caf\\xe9.ts" in r.stdout, r.output
    code, out = run(str(d))
    assert code == 0, out
    assert FIXED in open(os.fsencode(str(d)) + b"/caf\xe9.ts", "rb").read()


# ---- item 19: what a run says and the modes it creates ----------------------------------------


def test_read_only_file_is_not_counted_as_fixed(tmp_path):
    f = tmp_path / "ro.ts"
    f.write_bytes(LOG)
    f.chmod(0o444)
    (tmp_path / "rw.ts").write_bytes(LOG)
    code, out = run(str(tmp_path))
    assert code == 2 and "read-only file" in out
    assert "Fixed 1 issue(s) in 1 file(s)." in out, out


@pytest.mark.parametrize("command", ["apply", "check"])
def test_empty_folder_warns(tmp_path, command):
    code, out = run(str(tmp_path), command=command)
    assert code == 0 and "warning: no .ts, .py or .md file" in out, out


def test_reports_follow_the_umask(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text('{"response": "x"}\n')
    old = os.umask(0o022)
    try:
        code, out = run(str(src), "--out", str(tmp_path / "o.jsonl"), "--report", str(tmp_path / "r.json"),
                        "--html", str(tmp_path / "r.html"), "-j", "1", command="batch")
    finally:
        os.umask(old)
    assert code == 0, out
    for name in ("r.json", "r.html", "o.jsonl"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o644, name


# ---- item 21: line endings --------------------------------------------------------------------


def test_one_crlf_line_does_not_make_inserted_lines_crlf():
    src = (b'import * as aws from "@pulumi/aws";\r\n' + b"// a\n" * 20 +
           b'const logs = new aws.cloudwatch.LogGroup("logs", {\n    name: "/app",\n});\n')
    assert detect_newline(src) == "\n"
    res = fix_text(src, "typescript", IAC005)
    assert res.status == "changed"
    added = res.output.replace(src.replace(b'    name: "/app",\n', b""), b"")
    assert b"retentionInDays" in res.output and res.output.count(b"\r\n") == 1, res.output


def test_cr_only_file_is_fixed_in_place_with_cr():
    tags = Config().with_(select=("IAC006",), tags={"Project": "p"})
    src = (b'import * as aws from "@pulumi/aws";\r\rconst a = new aws.s3.Bucket("a", {});\r'
           b'const b = new aws.s3.Bucket("b", {});\r')
    assert Document.from_bytes("x.ts", src).newline == "\r"
    res = fix_text(src, "typescript", tags)
    assert res.status == "changed", res.notes
    out = res.output
    assert b"\n" not in out  # every inserted line ends in CR, like the file's
    first_use = out.index(b'new aws.s3.Bucket("a"')
    decl = out.find(b"const commonTags") if b"const commonTags" in out else out.find(b"Tags")
    assert decl != -1
    if b"const commonTags" in out:
        assert decl < first_use, out  # declared before it is used
    again = fix_text(out, "typescript", tags)
    assert again.output == out


# ---- generated: every kind of entry, every kind of name ----------------------------------------

_NAME = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"), min_size=1, max_size=12),
    st.binary(min_size=1, max_size=10).filter(lambda b: b"/" not in b and b"\x00" not in b),
)
_KIND = st.sampled_from(["file", "fifo", "symlink", "hardlink", "dangling", "dir", "bad"])


def _make(root: bytes, i: int, name, kind: str) -> None:
    base = name.encode("utf-8", "surrogateescape") if isinstance(name, str) else name
    if base in (b".", b"..") or base.endswith(b".d"):
        base = b"n"
    path = root + b"/" + b"%d_" % i + base + b".ts"
    if kind == "file":
        open(path, "wb").write(LOG)
    elif kind == "bad":
        open(path, "wb").write(b"\xff\xfe\x00bad")
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "symlink":
        open(root + b"/t%d.ts" % i, "wb").write(LOG)
        os.symlink(root + b"/t%d.ts" % i, path)
    elif kind == "hardlink":
        open(root + b"/h%d.ts" % i, "wb").write(LOG)
        os.link(root + b"/h%d.ts" % i, path)
    elif kind == "dangling":
        os.symlink(root + b"/nowhere%d" % i, path)
    else:
        os.mkdir(path)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries=st.lists(st.tuples(_NAME, _KIND), min_size=1, max_size=6))
def test_generated_folders_never_hang_or_crash(tmp_path_factory, entries):
    root = tmp_path_factory.mktemp("kinds")
    rb = os.fsencode(str(root))
    for i, (name, kind) in enumerate(entries):
        _make(rb, i, name, kind)
    for command in ("check", "apply"):
        code, out = in_thread(lambda: run(str(root), command=command))
        assert "Traceback" not in out and code in (0, 1, 2), out
        for line in out.splitlines():  # every error line names one entry, on one line
            assert not line.startswith(" "), out
    for i, (name, kind) in enumerate(entries):
        if kind == "file":
            base = name.encode("utf-8", "surrogateescape") if isinstance(name, str) else name
            base = b"n" if base in (b".", b"..") or base.endswith(b".d") else base
            assert FIXED in open(rb + b"/" + b"%d_" % i + base + b".ts", "rb").read()
    files_left = [p for p in Path(root).rglob("*") if "iacfix-tmp" in p.name]
    assert not files_left


# ---- item 20: a parse error is reported where the parser gave up ---------------------------------


def test_truncated_program_error_points_at_the_truncation(tmp_path):
    body = (b'import * as pulumi from "@pulumi/pulumi";\nimport * as aws from "@pulumi/aws";\n\n'
            b'describe("stack", () => {\n'
            + b"".join(b'  const b%d = new aws.s3.Bucket("b%d", {});\n' % (i, i) for i in range(40))
            + b'  it("should create the v')  # cut off in the middle of a string, line 45
    f = tmp_path / "cut.ts"
    f.write_bytes(body)
    code, out = run(str(f), command="check")
    assert code == 2 and "line 45" in out and "line 1:" not in out, out
