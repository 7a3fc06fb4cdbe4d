"""The rule index (codemod/_rules_table.py) is what the classes say, and the engine uses it to
import only the transforms a text needs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from iacfix import rule_index
from iacfix.rules import all_transforms

ROOT = Path(__file__).resolve().parents[1]


def test_the_table_is_generated_from_the_classes():
    text = (ROOT / "codemod" / rule_index.TABLE_MODULE).read_text()
    assert text == rule_index.render(all_transforms()), "stale: run .venv/bin/python scripts/gen_rules_index.py"


def test_every_rule_is_indexed_with_its_module():
    classes = all_transforms()
    assert [info.id for info in rule_index.RULES] == [cls.id for cls in classes]
    for info, cls in zip(rule_index.RULES, classes, strict=True):
        assert info.load() is cls
        assert (info.slug, info.languages, info.profiles, info.cleanup) == (
            cls.slug,
            cls.languages,
            cls.profiles,
            cls.cleanup,
        )


def test_names_answered_without_importing_any_transform():
    code = (
        "import sys\n"
        "from iacfix.config import Config\n"
        "from iacfix.engine import active_transforms\n"
        "from iacfix.rules import unknown_selector\n"
        "assert unknown_selector('IAC005') is None and 'names no rule' in unknown_selector('log-group-retenshun')\n"
        "act = active_transforms(Config(select=('IAC0',)))\n"
        "assert [a.id for a in act][:2] == ['IAC001', 'IAC002']\n"
        "print(sorted(m for m in sys.modules if m.startswith('iacfix.transforms.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_a_configured_rule_is_imported_to_check_its_options_and_loads_when_used():
    from iacfix.config import Config
    from iacfix.engine import active_transforms, fix_text

    [act] = [a for a in active_transforms(Config(rule_options={"IAC005": {"days": 14}})) if a.id == "IAC005"]
    assert act.ctx.options.days == 14
    res = fix_text('import * as aws from "@pulumi/aws";\nnew aws.cloudwatch.LogGroup("l", {});\n', "typescript",
                   Config(select=("IAC005",), rule_options={"IAC005": {"days": 14}}))
    assert b"retentionInDays: 14" in res.output
