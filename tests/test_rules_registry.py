"""Every transform documents itself completely, and the docs are generated from that."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from iacfix.config import ConfigError, Config
from iacfix.engine import active_transforms
from iacfix.fix import Applicability
from iacfix.rules import all_transforms

ROOT = Path(__file__).resolve().parents[1]
TRANSFORMS = all_transforms()


def test_ids_and_slugs_are_unique_and_stable():
    ids = [t.id for t in TRANSFORMS]
    slugs = [t.slug for t in TRANSFORMS]
    assert len(set(ids)) == len(ids) and len(set(slugs)) == len(slugs)
    assert all(re.fullmatch(r"IAC\d{3}", i) for i in ids)
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", s) for s in slugs)


@pytest.mark.parametrize("t", TRANSFORMS, ids=[t.id for t in TRANSFORMS])
def test_docs_have_every_section(t):
    d = t.doc
    for section in ("what", "why", "before", "after", "fix_safety"):
        assert getattr(d, section).strip(), f"{t.id} lacks {section}"
    assert d.before != d.after
    assert d.references and any(r.startswith("https://") for r in d.references), f"{t.id} cites no documentation"
    assert t.severity in ("critical", "high", "medium", "low")
    assert t.applicability in (Applicability.SAFE, Applicability.UNSAFE)
    assert t.languages <= {"typescript", "python"}


@pytest.mark.parametrize("t", TRANSFORMS, ids=[t.id for t in TRANSFORMS])
def test_every_transform_has_golden_pairs(t):
    for suffix in ("ts", "py"):
        lang = "typescript" if suffix == "ts" else "python"
        if lang in t.languages:
            found = list((ROOT / "examples" / "model_response").glob(f"{t.id}_*.{suffix}"))
            assert found, f"{t.id} has no {suffix} golden pair"


def test_rules_doc_is_up_to_date():
    res = subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_rules_doc.py"), "--check"],
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stderr


def test_unknown_rule_options_are_rejected():
    with pytest.raises(ConfigError, match="no option 'dayz'"):
        active_transforms(Config(rule_options={"log-group-retention": {"dayz": 3}}))
    with pytest.raises(ConfigError, match="no transform"):
        active_transforms(Config(rule_options={"no-such-rule": {}}))


@pytest.mark.parametrize("bad", [True, 13, "abc", -5, float("nan"), 7.0, [7]])
def test_a_bad_option_value_is_a_config_error_when_the_configuration_loads(bad):
    with pytest.raises(ConfigError, match=r"rules\.log-group-retention: days must"):
        active_transforms(Config(rule_options={"log-group-retention": {"days": bad}}))


@pytest.mark.parametrize("slug,key,bad", [
    ("health-check-timeout", "min_timeout", 1), ("health-check-timeout", "min_timeout", True),
    ("cost-allocation-tags", "keys", "Owner"), ("cost-allocation-tags", "keys", []),
    ("cost-allocation-tags", "const_name", "common tags"),
    ("cost-allocation-tags", "use_provider_default_tags", "yes"),
    ("ecs-deployment-safety", "grace_period", -1), ("ecs-deployment-safety", "enable_execute_command", 1),
    ("iam-least-privilege", "several_resources", "some"),
])
def test_every_option_is_checked(slug, key, bad):
    with pytest.raises(ConfigError, match=rf"rules\.{slug}: {key}"):
        active_transforms(Config(rule_options={slug: {key: bad}}))


def test_options_reach_the_transform_typed():
    [act] = [a for a in active_transforms(Config(rule_options={"IAC006": {"keys": ["Team"]}}))
             if a.transform.id == "IAC006"]
    assert act.ctx.options.keys == ("Team",) and act.ctx.options.const_name == "commonTags"


def test_a_bad_option_exits_2_with_one_line(tmp_path):
    (tmp_path / ".iacfix.toml").write_text("[rules.log-group-retention]\ndays = 13\n")
    f = tmp_path / "a.ts"
    f.write_text('import * as aws from "@pulumi/aws";\nnew aws.cloudwatch.LogGroup("g", {});\n')
    res = subprocess.run([sys.executable, "-m", "iacfix.cli", "apply", str(f)], capture_output=True, text=True)
    assert res.returncode == 2
    assert res.stderr.count("\n") == 1 and "days must be one of" in res.stderr, res.stderr
    assert f.read_text().endswith("{});\n")  # nothing written
