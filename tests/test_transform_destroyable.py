"""IAC303 destroyable-stack (profile "ephemeral") and IAC304 final-snapshot."""

from __future__ import annotations

import pytest

from conftest import fix_checked
from iacfix.config import Config, from_table
from iacfix.engine import active_transforms, fix_text
from iacfix.errors import ConfigError

HEAD = 'import * as aws from "@pulumi/aws";\n'
DB = HEAD + 'new aws.rds.Instance("db", { engine: "postgres", instanceClass: "db.t4g.micro", username: "u" });\n'


def ids(config: Config) -> set[str]:
    return {a.transform.id for a in active_transforms(config)}


def test_profile_rules_are_off_by_default_and_on_in_their_profile():
    assert "IAC303" not in ids(Config())
    assert "IAC303" not in ids(Config(select=("IAC3",)))  # a prefix does not name it
    assert "IAC303" in ids(Config(select=("destroyable-stack",)))
    assert "IAC303" in ids(from_table({"profile": "ephemeral"}))
    assert "IAC303" not in ids(from_table({"profile": "ephemeral", "ignore": ["IAC303"]}))
    assert "IAC304" in ids(Config())


def test_selectors_given_as_lists_name_a_profile_rule_too():
    # Config built in code with lists (select=["IAC004"]) crashed every run ("can only concatenate
    # list (not tuple)") while deciding whether the profile rule IAC303 runs.
    assert "IAC303" not in ids(Config(select=["IAC004"]))  # type: ignore[arg-type]
    assert "IAC303" in ids(Config(select=["IAC303"]))  # type: ignore[arg-type]


def test_unknown_profile_is_a_config_error():
    with pytest.raises(ConfigError, match="profile"):
        from_table({"profile": "prod"})


def test_final_snapshot_is_reported_with_what_to_supply():
    res = fix_text(DB, "typescript", Config(select=("IAC304",), unsafe_fixes=True))
    assert not res.changed
    [f] = res.findings
    assert "finalSnapshotIdentifier" in f.message and not f.fixable


def test_ephemeral_profile_skips_the_snapshot_instead():
    res = fix_checked(DB, from_table({"profile": "ephemeral", "select": ["IAC303", "IAC304"]}))
    assert "skipFinalSnapshot: true" in res.output.decode()
    assert not [f for f in res.findings if f.rule == "IAC304"]


def test_destroyable_leaves_expressions_and_shared_options_alone():
    src = HEAD + ('const keep = { protect: true };\n'
                  'const p = process.env.PROTECT === "1";\n'
                  'new aws.rds.Instance("db", { engine: "postgres", instanceClass: "db.t4g.micro", '
                  'deletionProtection: p, skipFinalSnapshot: p }, keep);\n')
    res = fix_checked(src, Config(select=("IAC303",)))
    assert res.output.decode() == src


def test_python_snake_case_in_messages():
    src = "import pulumi_aws as aws\naws.rds.Instance('db', engine='mysql', instance_class='db.t4g.micro')\n"
    res = fix_text(src, "python", Config(select=("IAC304",)))
    assert "final_snapshot_identifier" in res.findings[0].message and "True" in res.findings[0].message
