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
