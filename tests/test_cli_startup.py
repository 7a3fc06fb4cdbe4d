"""Start-up: the command line loads what it uses, and never pydantic.

Typer converts option values through pydantic unless iacfix's own conversion (cli_parsing) is in
place; these tests fail if a typer release or a new option brings the slow path back. Timings are
measured by benchmarks/bench_startup.py, never asserted here.
"""

from __future__ import annotations

import pytest
import typer.main
from conftest import IDEAL, modules_after
from iacfix.cli import app
from iacfix.cli_parsing import typer_converted


def loaded_after(*args: str, cwd=None, prefixes=("pydantic", "rich", "iacfix.transforms.")) -> list[str]:
    """The modules a run of `iacfix ARGS` has loaded when it ends, those named with `prefixes`
    (a name, or the name followed by a dot)."""
    loaded, _ = modules_after(*args, cwd=cwd)
    return [m for m in loaded if any(m == p.rstrip(".") or m.startswith(p.rstrip(".") + ".") for p in prefixes)]


@pytest.mark.parametrize("args", [("apply",), ("check",), ("apply", "--dry-run", "--no-color"),
                                  ("check", "--format", "sarif", "--select", "IAC005")])
def test_commands_on_a_file_never_load_pydantic_rich_or_typer(tmp_path, args):
    """A plain command line of `apply` or `check` is read without typer (cli_plain)."""
    f = tmp_path / "ok.ts"
    f.write_bytes((IDEAL / "IAC005_log_retention.ts").read_bytes())
    loaded = loaded_after(*args, str(f), prefixes=("pydantic", "rich", "typer", "iacfix.transforms."))
    assert not [m for m in loaded if m.startswith(("pydantic", "rich", "typer"))], loaded
    assert any(m.startswith("iacfix.transforms.") for m in loaded)  # the probe sees real imports


@pytest.mark.parametrize("args", [("--version",), ("--help",), ("apply", "--help"), ("batch", "--help")])
def test_help_and_version_load_no_transform(args):
    loaded = loaded_after(*args)
    assert loaded == [], loaded


def test_version_alone_loads_no_typer():
    assert loaded_after("--version", prefixes=("typer",)) == []


def test_every_option_of_every_command_is_converted_without_typer():
    group = typer.main.get_command(app)
    ctx = group.make_context("iacfix", ["--help"], resilient_parsing=True)
    for name, command in group.commands.items():
        sub = command.make_context(name, [], parent=ctx, resilient_parsing=True)
        assert typer_converted(command, sub) == [], name


@pytest.mark.parametrize("name", ["apply", "check", "rules", "explain", "batch", "pin-images", "verify"])
def test_a_command_run_alone_reads_as_in_the_whole_app(name, tmp_path):
    """`main` declares only the command it runs; its help, errors and exit codes are those of the
    app with every command."""
    from typer.testing import CliRunner

    from iacfix.cli import build_app

    f = tmp_path / "x.ts"
    src = 'import * as aws from "@pulumi/aws";\nnew aws.cloudwatch.LogGroup("l", {});\n'
    for args in ([name, "--help"], [name, "--bogus"], [name], [name, "--select", "IAC99", str(f)], [name, str(f)]):
        f.write_text(src)
        whole = CliRunner().invoke(build_app(), args, prog_name="iacfix")
        f.write_text(src)  # apply fixed it
        alone = CliRunner().invoke(build_app((name,)), args, prog_name="iacfix")
        assert (alone.exit_code, alone.output) == (whole.exit_code, whole.output), args


def test_version_alone_reads_as_in_the_whole_app():
    from typer.testing import CliRunner

    from iacfix import __version__
    from iacfix.cli import build_app

    for args in (["--version"], ["--version", "apply"], ["--version", "--help"]):
        whole = CliRunner().invoke(build_app(), args, prog_name="iacfix")
        alone = CliRunner().invoke(build_app(()), args, prog_name="iacfix")
        assert (alone.exit_code, alone.output) == (whole.exit_code, whole.output) == (0, f"iacfix {__version__}\n"), args


# Programs with nothing to fix, though IAC101 (every text) and IAC307 (an import) run on them.
CLEAN = {
    "clean.ts": 'import * as pulumi from "@pulumi/pulumi";\nconst env = new pulumi.Config().require("env");\n'
                "export const name = `app-${env}`;\n",
    "clean.py": 'import pulumi\n\nenv = pulumi.Config().require("env")\npulumi.export("name", f"app-{env}")\n',
}
# What only a fix needs: the edit kits and their value classes, the diff of a changed file; and
# the project of a folder's files (a file given alone is a project by itself).
FOR_FIXES = ["iacfix.diff", "iacfix.edits", "iacfix.frontends.python_edits", "iacfix.frontends.typescript_edits",
             "iacfix.project"]


@pytest.mark.parametrize("name", sorted(CLEAN))
@pytest.mark.parametrize("command", ["apply", "check"])
def test_a_run_that_fixes_nothing_loads_no_edit_kit(tmp_path, name, command):
    f = tmp_path / name
    f.write_text(CLEAN[name])
    loaded = loaded_after(command, str(f), prefixes=("iacfix",))
    assert "iacfix.transforms.output_in_string" in loaded  # the rules ran on a model
    assert [m for m in FOR_FIXES if m in loaded] == [], loaded


# A log group without retention (IAC005 sets one).
UNFIXED = {
    "ts": 'import * as aws from "@pulumi/aws";\nnew aws.cloudwatch.LogGroup("l", {});\n',
    "py": 'import pulumi_aws as aws\n\naws.cloudwatch.LogGroup("l")\n',
}


@pytest.mark.parametrize("ext", sorted(UNFIXED))
def test_a_run_that_fixes_loads_the_edit_kit(tmp_path, ext):
    """The other side of the test above: the probe does see these modules when a fix is made."""
    f = tmp_path / f"x.{ext}"
    f.write_text(UNFIXED[ext])
    loaded = loaded_after("apply", "--dry-run", str(f), prefixes=("iacfix",))
    assert "iacfix.transforms.log_group_retention" in loaded
    assert "iacfix.edits" in loaded and "iacfix.diff" in loaded, loaded
    assert f"iacfix.frontends.{'typescript' if ext == 'ts' else 'python'}_edits" in loaded


def test_a_run_with_no_lock_file_does_not_load_the_lock_module(tmp_path):
    """Every `apply` and `check` looks for iacfix.lock; only a run that finds one reads it."""
    f = tmp_path / "ok.ts"
    f.write_bytes((IDEAL / "IAC005_log_retention.ts").read_bytes())
    assert loaded_after("check", str(f), prefixes=("iacfix.images",)) == ["iacfix.images", "iacfix.images.lock_path"]
    (tmp_path / "iacfix.lock").write_text("")
    assert "iacfix.images.lock" in loaded_after("check", str(f), prefixes=("iacfix.images",))
