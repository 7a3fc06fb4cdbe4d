"""`iacfix batch` as a dataset cleaner uses it: only the files meant (--include/--exclude), a
complete dataset in --out (the files not fixed copied as they are), records named by an id field,
and a report that says, per record, the rules applied, the findings left by rule and the diff.
The HTML report is checked in a real headless Chromium (tests/browser_fixture.py)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from browser_fixture import chromium  # noqa: F401 - the fixture
from conftest import MODEL, ROOT, corpus_root
from iacfix.cli import app
from typer.testing import CliRunner

TS = 'import * as aws from "@pulumi/aws";\n\nnew aws.cloudwatch.LogGroup("logs", { name: "/ecs/api" });\n'
MD = f"Here is the program.\n\n```typescript\n{TS}```\n\nDone.\n"
# A response that keeps findings after fixing (an image with no digest, unsafe fixes)
SEED_MD = f"# Answer\n\n```typescript\n{(MODEL / 'seed_scenario.ts').read_text()}```\n"
ARTIFACTS = ROOT / "test-artifacts"  # screenshots kept for people (and CI) to look at

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, ["batch", *args], catch_exceptions=False)


def task_folder(root: Path, n: int = 3) -> Path:
    """Tasks as the shared corpus lays them out: a response to fix, and files to leave alone."""
    for i in range(n):
        task = root / f"Pr{i}"
        task.mkdir(parents=True)
        (task / "MODEL_RESPONSE.md").write_text(MD.replace("/ecs/api", f"/ecs/api-{i}"))
        (task / "IDEAL_RESPONSE.md").write_text(MD)
        (task / "MODEL_FAILURES.md").write_text("The model forgot the retention.\n")
        (task / "metadata.json").write_text(json.dumps({"id": i, "po_id": f"Pr{i}"}))
        (task / "lib").mkdir()
        (task / "lib" / "index.ts").write_text(TS)
    return root


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_include_fixes_only_the_files_meant_and_copies_the_rest(tmp_path):
    src = task_folder(tmp_path / "in")
    before = tree_bytes(src)
    out = tmp_path / "out"
    res = invoke(str(src), "--out", str(out), "--include", "MODEL_RESPONSE.md", "-j", "1")
    assert res.exit_code == 0, res.output
    after = tree_bytes(out)
    assert set(after) == set(before)  # a complete dataset
    for rel, data in before.items():
        if rel.endswith("/MODEL_RESPONSE.md"):
            assert b"retentionInDays" in after[rel]
        else:
            assert after[rel] == data, rel  # IDEAL_RESPONSE.md and lib/index.ts too: not included
    assert tree_bytes(src) == before  # the input is never touched


def test_exclude_and_include_globs_combine(tmp_path):
    src = task_folder(tmp_path / "in")
    out = tmp_path / "out"
    res = invoke(str(src), "--out", str(out), "--include", "*.md", "--exclude", "IDEAL_*", "--exclude", "Pr1/*",
                 "-j", "1", "--report", str(tmp_path / "r.json"))
    assert res.exit_code == 0, res.output
    names = {r["input"] for r in json.loads((tmp_path / "r.json").read_text())["records"]}
    assert names == {"Pr0/MODEL_RESPONSE.md", "Pr0/MODEL_FAILURES.md", "Pr2/MODEL_RESPONSE.md",
                     "Pr2/MODEL_FAILURES.md"}
    assert (out / "Pr1" / "MODEL_RESPONSE.md").read_bytes() == (src / "Pr1" / "MODEL_RESPONSE.md").read_bytes()
    assert b"retentionInDays" in (out / "Pr0" / "MODEL_RESPONSE.md").read_bytes()


def test_report_rows_say_rules_applied_findings_left_and_the_diff(tmp_path):
    src = task_folder(tmp_path / "in", n=1)
    (src / "Pr0" / "MODEL_RESPONSE.md").write_text(SEED_MD)
    report = tmp_path / "r.json"
    res = invoke(str(src), "--out", str(tmp_path / "out"), "--include", "MODEL_RESPONSE.md", "-j", "1",
                 "--report", str(report))
    assert res.exit_code == 0, res.output
    (row,) = json.loads(report.read_text())["records"]
    assert row["input"] == "Pr0/MODEL_RESPONSE.md" and row["status"] == "changed"
    assert "IAC005" in row["applied"] and row["fixes"]["IAC005"] >= 1
    assert row["left"] and all(isinstance(n, int) and n > 0 for n in row["left"].values())
    assert sum(row["left"].values()) == row["findings"]
    assert row["diff"].startswith("--- a/")
    assert any(ln.startswith("+") and "retentionInDays" in ln for ln in row["diff"].splitlines())


def test_id_field_names_the_records(tmp_path):
    ds = tmp_path / "ds.jsonl"
    ds.write_text("".join(json.dumps({"task_id": f"task-{i}", "response": MD}) + "\n" for i in range(3)))
    report = tmp_path / "r.json"
    res = invoke(str(ds), "--out", str(tmp_path / "o.jsonl"), "--id-field", "task_id", "-j", "1",
                 "--report", str(report))
    assert res.exit_code == 0, res.output
    names = [r["input"] for r in json.loads(report.read_text())["records"]]
    assert names == ["task-0", "task-1", "task-2"]


def test_id_field_missing_falls_back_to_the_line(tmp_path):
    ds = tmp_path / "ds.jsonl"
    ds.write_text(json.dumps({"task_id": "a", "response": MD}) + "\n" + json.dumps({"response": MD}) + "\n")
    report = tmp_path / "r.json"
    invoke(str(ds), "--out", str(tmp_path / "o.jsonl"), "--id-field", "task_id", "-j", "1", "--report", str(report))
    names = [r["input"] for r in json.loads(report.read_text())["records"]]
    assert names == ["a", "ds.jsonl:2"]


def test_html_report_in_a_real_browser(tmp_path, chromium):  # noqa: F811 - the fixture
    src = tmp_path / "in"
    src.mkdir()
    for name in ("seed_scenario.ts", "IAC005_log_retention.ts", "IAC002_no_digest.ts", "IAC004_health_check.py"):
        shutil.copy(MODEL / name, src / name)
    (src / "broken.ts").write_bytes(b"\x00\x01 binary")
    page = tmp_path / "report.html"
    res = invoke(str(src), "--out", str(tmp_path / "out"), "-j", "1", "--html", str(page))
    assert res.exit_code == 1, res.output  # the binary file failed
    chromium.get(page.as_uri())
    errors = [e for e in chromium.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]
    assert errors == [], errors
    rows = chromium.find_elements("css selector", "#records tbody tr")
    assert len(rows) == 5
    shown = chromium.find_element("id", "shown")
    assert shown.text == "5 of 5 records"

    # filter by rule: only the records with findings left (or fixes) of IAC002
    from selenium.webdriver.support.ui import Select

    Select(chromium.find_element("id", "rule-filter")).select_by_value("IAC002")
    visible = [r for r in rows if r.is_displayed()]
    assert visible and all("IAC002" in (r.get_attribute("data-left") + r.get_attribute("data-applied"))
                           for r in visible)
    assert shown.text == f"{len(visible)} of 5 records"
    # and by status
    Select(chromium.find_element("id", "rule-filter")).select_by_value("")
    Select(chromium.find_element("id", "status-filter")).select_by_value("failed")
    visible = [r for r in rows if r.is_displayed()]
    assert [r.get_attribute("data-name") for r in visible] == ["broken.ts"]
    Select(chromium.find_element("id", "status-filter")).select_by_value("")

    # a record's diff is one click away
    seed = next(r for r in rows if r.get_attribute("data-name") == "seed_scenario.ts")
    diff = seed.find_element("css selector", "pre.diff")
    assert not diff.is_displayed()
    seed.find_element("css selector", "summary").click()
    assert diff.is_displayed() and "retentionInDays" in diff.text

    # every chart label is drawn whole: nothing cut off on either side
    for label in chromium.find_elements("css selector", ".chart .label"):
        box = chromium.execute_script(
            "const r = arguments[0].getBoundingClientRect();"
            "return [r.left, r.right, arguments[0].scrollWidth, arguments[0].clientWidth];", label)
        assert box[0] >= 0 and box[2] <= box[3] + 1, (label.text, box)
    # clicking a chart label filters the table to that rule
    label = chromium.find_element("css selector", ".chart.left .label")
    label.click()
    assert chromium.find_element("id", "rule-filter").get_attribute("value") == label.get_attribute("data-rule")

    ARTIFACTS.mkdir(exist_ok=True)
    chromium.execute_script("window.scrollTo(0, 0)")
    assert chromium.save_screenshot(str(ARTIFACTS / "batch-report.png"))


@pytest.mark.slow
def test_corpus_model_responses_only(tmp_path):
    """Issue 16's check: over a copy of the corpus, --include MODEL_RESPONSE.md leaves every
    other file byte-identical in --out, and the HTML report lists every record with findings left."""
    corpus = corpus_root()
    if not corpus.is_dir():
        pytest.skip(f"shared corpus not found at {corpus}")
    src = tmp_path / "corpus"
    shutil.copytree(corpus, src)
    out = tmp_path / "out"
    report, page = tmp_path / "r.json", tmp_path / "r.html"
    res = invoke(str(src), "--out", str(out), "--include", "MODEL_RESPONSE.md", "--report", str(report),
                 "--html", str(page), "-q")
    assert res.exit_code in (0, 1), res.output
    before, after = tree_bytes(src), tree_bytes(out)
    assert set(after) == set(before)
    changed_other = [rel for rel, data in before.items()
                     if not rel.endswith("/MODEL_RESPONSE.md") and after[rel] != data]
    assert changed_other == []
    rows = json.loads(report.read_text())["records"]
    assert {r["input"] for r in rows} == {rel for rel in before if rel.endswith("MODEL_RESPONSE.md")}
    text = page.read_text()
    with_left = [r for r in rows if r["left"]]
    assert with_left
    for r in with_left:
        assert f'data-name="{r["input"]}"' in text
