"""`apply` and `check` read without typer (cli_plain) do what typer's reading does.

cli_plain holds its own table of the two commands' options. These tests fail when that table
and typer's declarations part (an option added, renamed or made repeatable on one side only),
when the two readers hand the command different values for one command line, or when a run
read without typer prints, writes or exits otherwise than the same run read by typer.
"""

from __future__ import annotations

import io
import random
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from conftest import MODEL
from typer.testing import CliRunner

from iacfix import apply_command, check_command, cli_plain, console
from iacfix.cli_app import build_app

COMMANDS = ("apply", "check")
RUN_OF = {"apply": apply_command, "check": check_command}  # the module whose `run` typer's command calls


def typer_command(name: str):
    return typer.main.get_command(build_app((name,))).commands[name]


@pytest.mark.parametrize("name", COMMANDS)
def test_the_tables_are_the_options_typer_declares(name):
    flags, values, _defaults = cli_plain.options(name)
    declared_flags, declared_values = {}, {}
    for param in typer_command(name).params:
        if param.param_type_name == "argument":
            assert (param.name, param.nargs, param.required) == ("paths", -1, True)
            continue
        if param.is_flag:
            declared_flags.update({o: (param.name, True) for o in param.opts})
            declared_flags.update({o: (param.name, False) for o in param.secondary_opts})
        else:
            assert not param.secondary_opts, param.name
            declared_values.update({o: (param.name, param.multiple) for o in param.opts})
    assert flags == declared_flags
    assert {o: (p, kind is list) for o, (p, kind) in values.items()} == declared_values


def typer_values(name: str, args: list[str], monkeypatch) -> dict | None:
    """What typer's reading of `iacfix NAME ARGS` hands the command, or None when typer refuses
    the line (or answers it itself, as --help)."""
    got: list[dict] = []
    monkeypatch.setattr(RUN_OF[name], "run", lambda **values: got.append(values))
    result = CliRunner().invoke(build_app((name,)), [name, *args], prog_name="iacfix")
    return got[0] if result.exit_code == 0 and got else None


# Command lines cli_plain reads: each must be read, and read as typer reads it.
PLAIN = [
    ["f.ts"],
    ["-"],
    ["a.ts", "b.py", "dir"],
    ["--select", "IAC005", "--select=IAC1", "f.ts", "-q", "--config", "c.toml"],
    ["f.ts", "--", "--dry-run", "-q"],  # after `--`, paths
    ["--select", "--dry-run", "f.ts"],  # an option's value is the next word, whatever it is
    ["--config=", "f.ts"],  # an empty path is typer's Path("")
    ["--ignore", "", "--pin", "nginx:1=sha256:0", "--extend-select", "IAC2", "--language=python", "f.py"],
    ["--unsafe-fixes", "--exit-zero", "f.ts", "--quiet", "--language", "markdown"],
    [""],  # an empty path is a path
    ["--", "--"],  # a path named "--"
]
PLAIN_APPLY = [["--dry-run", "--diff", "f.ts", "--color", "--no-color", "--show-fixes"], ["--color", "f.ts"]]
PLAIN_CHECK = [["--format", "json", "f.ts", "--statistics"], ["--output-format=junit", "--format=sarif", "f.ts"]]
# Command lines typer must read: help, errors and did-you-mean are its own.
NOT_PLAIN = [
    [],
    ["--help"],
    ["f.ts", "--help"],
    ["-h", "f.ts"],
    ["--selct", "X", "f.ts"],
    ["--sel", "X", "f.ts"],
    ["-qq", "f.ts"],
    ["--quiet=1", "f.ts"],
    ["f.ts", "--select"],
    ["--language", "ts", "f.ts"],
    ["--language="],
    ["--"],
    ["--select", "IAC005"],
]


@pytest.mark.parametrize("name", COMMANDS)
def test_both_readers_give_the_command_the_same_values(name, monkeypatch):
    own = PLAIN_APPLY if name == "apply" else PLAIN_CHECK
    for args in PLAIN + own:
        plain = cli_plain.read(name, args)
        assert plain is not None, args
        assert plain == typer_values(name, args, monkeypatch), args
    for args in NOT_PLAIN + (PLAIN_CHECK if name == "apply" else PLAIN_APPLY):
        assert cli_plain.read(name, args) is None, args


@pytest.mark.parametrize("name", COMMANDS)
def test_random_command_lines_read_alike(name, monkeypatch):
    """Any line of these words that cli_plain reads, typer reads the same; a line it leaves to
    typer is not checked here (typer reads it, by construction)."""
    words = [
        "f.ts",
        "g.py",
        "-",
        "--",
        "",
        "--dry-run",
        "--diff",
        "--select",
        "IAC005",
        "--select=IAC1",
        "--config",
        "c.toml",
        "--config=",
        "--language",
        "python",
        "--language=typescript",
        "-q",
        "--quiet",
        "--color",
        "--no-color",
        "--pin",
        "a=b",
        "--exit-zero",
        "--unsafe-fixes",
        "--show-fixes",
        "--format",
        "json",
        "--format=sarif",
        "--statistics",
        "--output-format=junit",
        "--ignore",
        "--extend-select=IAC2",
        "--dry-run=1",
        "-qq",
        "--help",
        "--sel",
        "-x",
    ]
    rng = random.Random(17)
    read = 0
    for _ in range(250):
        args = [rng.choice(words) for _ in range(rng.randint(0, 7))]
        plain = cli_plain.read(name, args)
        if plain is not None:
            read += 1
            assert plain == typer_values(name, args, monkeypatch), args
    assert read > 40  # the words make plain lines often enough to mean something


def test_a_shell_completion_request_goes_to_typer(monkeypatch):
    assert cli_plain.plain_call("apply", ["f.ts"]) is not None
    monkeypatch.setenv("_IACFIX_COMPLETE", "bash_complete")
    assert cli_plain.plain_call("apply", ["f.ts"]) is None


# Runs the command line as `main` does (cli_plain when it can), or by typer alone; then writes
# whether typer was imported to standard error's last line.
CHILD = """
import sys
how, *args = sys.argv[1:]
sys.argv = ["iacfix", *args]
try:
    if how == "main":
        from iacfix.cli import main
        main()
    else:
        from iacfix.cli_app import build_app
        build_app((args[0],))()
finally:
    sys.stderr.write("\\ntyper loaded: %s\\n" % ("typer" in sys.modules))
"""


def run_child(how: str, args: list[str], cwd: Path, stdin: bytes = b"") -> tuple[int, bytes, bytes, bool]:
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, how, *args], input=stdin, capture_output=True, cwd=cwd, timeout=120
    )
    err, _, last = proc.stderr.rstrip(b"\n").rpartition(b"\n")
    return proc.returncode, proc.stdout, err, last == b"typer loaded: True"


FIXABLE = "IAC005_log_retention.ts"


@pytest.mark.parametrize(
    "args",
    [
        ["apply", FIXABLE],
        ["apply", "--dry-run", "--no-color", FIXABLE],
        ["apply", "--show-fixes", "--unsafe-fixes", FIXABLE, "clean.py"],
        ["apply", "missing.ts", FIXABLE],
        ["apply", "-q", "--select", "IAC005", FIXABLE],
        ["apply", "--select", "IAC999", FIXABLE],
        ["apply", "--language", "python", "-"],
        ["check", FIXABLE, "clean.py"],
        ["check", "--format", "json", FIXABLE],
        ["check", "--format=sarif", "--unsafe-fixes", FIXABLE],
        ["check", "--format", "github", FIXABLE],
        ["check", "--format", "junit", FIXABLE],
        ["check", "--statistics", FIXABLE],
        ["check", "--statistics", "--format", "sarif", FIXABLE],
        ["check", "--exit-zero", "."],
    ],
    ids=lambda a: " ".join(a),
)
def test_a_plain_run_prints_writes_and_exits_as_typer_s(tmp_path, args):
    outcomes = []
    for how in ("main", "typer"):
        work = tmp_path / how
        work.mkdir()
        (work / FIXABLE).write_bytes((MODEL / FIXABLE).read_bytes())
        (work / "clean.py").write_text('import pulumi\n\npulumi.export("name", "app")\n')
        stdin = b'import pulumi_aws as aws\n\naws.cloudwatch.LogGroup("l")\n'
        code, out, err, typer_loaded = run_child(how, args, work, stdin)
        assert typer_loaded == (how == "typer"), (how, err)
        files = {p.name: p.read_bytes() for p in sorted(work.iterdir())}
        outcomes.append((code, out.replace(bytes(work), b"<dir>"), err.replace(bytes(work), b"<dir>"), files))
    assert outcomes[0] == outcomes[1]
    code, out, err, files = outcomes[0]
    fixed = files[FIXABLE] != (MODEL / FIXABLE).read_bytes()
    assert code in (0, 1, 2) and (out or err or fixed)  # it ran: said something, or fixed the file


# How a command can end besides its exit code: typer's main turns these into exit codes.
ENDINGS = {
    "interrupt": "raise KeyboardInterrupt",
    "end of input": "raise EOFError",
    "closed pipe": "import errno; raise BrokenPipeError(errno.EPIPE, 'Broken pipe')",
    "returns": "print('done')",
    "crash": "raise RuntimeError('boom')",
}
ENDING_CHILD = """
import sys
how, body = sys.argv[1:]
def run(**values):
    exec(body)
import iacfix.apply_run, iacfix.apply_command
iacfix.apply_run.run = iacfix.apply_command.run = run
sys.argv = ["iacfix", "apply", "f.ts"]
if how == "main":
    from iacfix.cli import main
    main()
else:
    from iacfix.cli_app import build_app
    build_app(("apply",))()
"""


@pytest.mark.parametrize("ending", sorted(ENDINGS))
def test_a_plain_run_ends_as_typer_s_does(ending):
    seen = []
    for how in ("main", "typer"):
        proc = subprocess.run(
            [sys.executable, "-c", ENDING_CHILD, how, ENDINGS[ending]], capture_output=True, text=True, timeout=60
        )
        last = proc.stderr.strip().splitlines()[-1:]  # a traceback's frames differ; its last line does not
        seen.append((proc.returncode, proc.stdout, last))
    assert seen[0] == seen[1]
    assert seen[0][0] == {"interrupt": 130, "end of input": 1, "closed pipe": 1, "returns": 0, "crash": 1}[ending]


@pytest.mark.parametrize("tty", [False, True])
@pytest.mark.parametrize("encoding", ["utf-8", "ascii"])
@pytest.mark.parametrize("message", ["plain", "caf\u00e9 \u2192 ok", "\x1b[31mred\x1b[0m", ""])
def test_echo_writes_what_typer_s_echo_writes(monkeypatch, message, encoding, tty):
    class Terminal(io.BytesIO):  # a terminal, or not, as the stream's bytes end says
        def isatty(self) -> bool:
            return tty

    written = []
    for echo in (console.echo, typer.echo):
        raw = Terminal()
        stream = io.TextIOWrapper(raw, encoding=encoding, errors="strict", write_through=True)
        monkeypatch.setattr(sys, "stderr", stream)
        echo(message, err=True)
        echo(message, err=True, nl=False)
        written.append(raw.getvalue())
    assert written[0] == written[1]


def test_version_read_without_typer_prints_typer_s_line(tmp_path):
    plain, typed = run_child("main", ["--version"], tmp_path), run_child("typer", ["--version"], tmp_path)
    assert plain[:3] == typed[:3] and plain[0] == 0 and plain[1].startswith(b"iacfix ")
    assert (plain[3], typed[3]) == (False, True)
