"""The batch's HTML report: a page a dataset cleaner works from.

One self-contained file (no script, style or font from elsewhere): the totals; findings left per
rule and fixes per rule as bar charts laid out by the browser (HTML, not SVG text, so no label is
ever cut off); and a table of every record (its name, status, the rules that fixed it, the
findings left by rule) that filters by rule, by status and by name, each record's diff one click
away (`<details>`). Rows are streamed from the report spool, so the page is written without
holding the batch in memory.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable
from typing import Any, TextIO

STATUSES = ("changed", "unchanged", "skipped", "failed")
MAX_DIFF_LINES = 2000  # per record; a longer diff is cut, with a note

_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:1.5em 2em;color:#1d232a}
h1{font-size:1.5em;margin:0 0 .2em} h2{font-size:1.15em;margin:1.6em 0 .5em}
.muted{color:#68737d} table{border-collapse:collapse} td,th{padding:.3em .6em;text-align:left;vertical-align:top}
.totals td,.totals th{border:1px solid #d0d7de} .totals{margin:.8em 0}
.chart{display:grid;grid-template-columns:max-content minmax(8em,1fr) max-content;gap:.25em .6em;
  align-items:center;max-width:60em}
.chart .label{white-space:nowrap;background:none;border:0;padding:0;font:inherit;color:#0b57a4;
  cursor:pointer;text-align:right}
.chart .label:hover{text-decoration:underline}
.chart .track{background:#eef1f4;height:1.1em;border-radius:2px}
.chart .bar{background:#3b7dd8;height:100%;border-radius:2px;min-width:2px}
.chart.left .bar{background:#d4742c}
.filters{display:flex;flex-wrap:wrap;gap:.8em;align-items:center;margin:.6em 0}
#records{width:100%;border-top:1px solid #d0d7de} #records th{border-bottom:2px solid #d0d7de;position:sticky;top:0;background:#fff}
#records td{border-bottom:1px solid #e6e9ec} #records td.name{word-break:break-word;min-width:12em;max-width:28em}
.tag{display:inline-block;padding:0 .4em;margin:.05em;border-radius:3px;background:#eef1f4;font-size:.9em;white-space:nowrap}
.tag.left{background:#fbe9dc}
.status-failed{color:#b3261e;font-weight:600} .status-changed{color:#1a7f37}
details summary{cursor:pointer;color:#0b57a4}
pre.diff{margin:.4em 0;padding:.5em;background:#f6f8fa;overflow:auto;max-width:90vw;max-height:40em;font-size:12px}
pre.diff .add{color:#116329;background:#e6ffec;display:block} pre.diff .del{color:#82071e;background:#ffebe9;display:block}
pre.diff .hunk{color:#6639ba;display:block}
"""

# Filters rows by rule, status and name; keeps the count line honest. No external code.
_SCRIPT = """
(function () {
  var rule = document.getElementById('rule-filter');
  var status = document.getElementById('status-filter');
  var text = document.getElementById('text-filter');
  var count = document.getElementById('shown');
  var rows = Array.prototype.slice.call(document.querySelectorAll('#records tbody tr'));
  function apply() {
    var r = rule.value, s = status.value, t = text.value.toLowerCase(), shown = 0;
    rows.forEach(function (row) {
      var rules = (row.dataset.left + ' ' + row.dataset.applied).split(' ');
      var ok = (!r || rules.indexOf(r) >= 0)
        && (!s || row.dataset.status === s || (s === 'left' && row.dataset.left !== ''))
        && (!t || row.dataset.name.toLowerCase().indexOf(t) >= 0);
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = shown + ' of ' + rows.length + ' records';
  }
  [rule, status].forEach(function (el) { el.addEventListener('change', apply); });
  text.addEventListener('input', apply);
  Array.prototype.forEach.call(document.querySelectorAll('.chart .label'), function (b) {
    b.addEventListener('click', function () {
      rule.value = b.dataset.rule;
      if (b.dataset.left === '1') { status.value = 'left'; }
      apply();
      document.getElementById('records-section').scrollIntoView();
    });
  });
  apply();
})();
"""


def _chart(counts: Counter, titles: dict[str, str], what: str, left: bool) -> str:
    if not counts:
        return f'<p class="muted">No {what}.</p>'
    top = max(counts.values())
    parts = [f'<div class="chart{" left" if left else ""}" role="list" aria-label="{html.escape(what)}">']
    for rule, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        label = html.escape(f"{rule} {titles.get(rule, '')}".strip())
        pct = max(0.5, 100 * n / top)
        parts.append(
            f'<button class="label" data-rule="{html.escape(rule)}" data-left="{int(left)}" '
            f'title="Show the records with {html.escape(rule)}">{label}</button>'
            f'<div class="track"><div class="bar" style="width:{pct:.1f}%"></div></div><span>{n}</span>'
        )
    parts.append("</div>")
    return "".join(parts)


def _diff_html(diff: str) -> str:
    lines = diff.splitlines()
    cut = len(lines) > MAX_DIFF_LINES
    out = []
    for ln in lines[:MAX_DIFF_LINES]:
        esc = html.escape(ln)
        if ln.startswith(("+++", "---")):
            out.append(f"<b>{esc}</b>\n")
        elif ln.startswith("+"):
            out.append(f'<span class="add">{esc}</span>')
        elif ln.startswith("-"):
            out.append(f'<span class="del">{esc}</span>')
        elif ln.startswith("@@"):
            out.append(f'<span class="hunk">{esc}</span>')
        else:
            out.append(esc + "\n")
    if cut:
        out.append(f"\n... {len(lines) - MAX_DIFF_LINES} more lines (see the output file)\n")
    return "".join(out)


def _tags(counts: dict[str, int], cls: str) -> str:
    return " ".join(
        f'<span class="tag {cls}">{html.escape(r)}{f" &times;{n}" if n > 1 else ""}</span>'
        for r, n in sorted(counts.items())
    )


def _row(r: dict[str, Any]) -> str:
    name = r.get("input", "")
    status = r.get("status", "")
    applied = r.get("fixes") or {a: 1 for a in r.get("applied") or ()}
    left = r.get("left") or {}
    diff = r.get("diff") or ""
    if diff:
        n = diff.count("\n")
        cell = f'<details><summary>diff ({n} lines)</summary><pre class="diff">{_diff_html(diff)}</pre></details>'
    elif r.get("error"):
        cell = f'<span class="muted">{html.escape(r["error"])}</span>'
    else:
        cell = '<span class="muted">no change</span>'
    return (
        f'<tr data-name="{html.escape(name)}" data-status="{html.escape(status)}" '
        f'data-applied="{html.escape(" ".join(sorted(applied)))}" data-left="{html.escape(" ".join(sorted(left)))}">'
        f'<td class="name">{html.escape(name)}</td><td class="status-{html.escape(status)}">{html.escape(status)}</td>'
        f"<td>{_tags(applied, 'fix')}</td><td>{_tags(left, 'left')}</td><td>{cell}</td></tr>\n"
    )


def write_page(
    fh: TextIO,
    summary: dict[str, Any],
    rows: Iterable[dict[str, Any]],
    titles: dict[str, str],
    rows_again: Iterable[dict[str, Any]] | None = None,
) -> None:
    """Write the page. `rows` is read once to count (findings left per rule, records per rule),
    `rows_again` (the same rows, e.g. a second pass over the spool) to write the table."""
    left_findings: Counter[str] = Counter()
    left_records: Counter[str] = Counter()
    fixed_records: Counter[str] = Counter()
    with_left = 0
    for r in rows:
        left = r.get("left") or {}
        with_left += bool(left)
        for rule, n in left.items():
            left_findings[rule] += n
            left_records[rule] += 1
        for rule in r.get("applied") or ():
            fixed_records[rule] += 1
    fixes = Counter(summary.get("fixes_per_transform") or {})
    esc = html.escape
    keys = ("seen", "changed", "unchanged", "skipped", "failed", "fixes", "findings_left")
    totals = (
        "<tr>"
        + "".join(f"<th>{esc(k.replace('_', ' '))}</th>" for k in keys)
        + "<th>records with findings left</th><th>seconds</th></tr><tr>"
        + "".join(f"<td>{summary.get(k, '')}</td>" for k in keys)
        + f'<td id="with-left">{{with_left}}</td><td>{summary.get("wall_seconds", "")} (-j {summary.get("jobs", "")})</td></tr>'
    )
    rules = sorted(set(left_records) | set(fixed_records))
    rule_options = "".join(
        f'<option value="{esc(r)}">{esc(r)} {esc(titles.get(r, ""))} ({left_records[r]} with findings left, '
        f"{fixed_records[r]} fixed)</option>"
        for r in rules
    )
    status_options = "".join(f'<option value="{s}">{s} ({summary.get(s, 0)})</option>' for s in STATUSES)
    fh.write(f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>iacfix batch report</title><style>{_STYLE}</style></head><body>
<h1>iacfix batch report</h1>
<p class="muted">{esc(str(summary.get("input", "")))} &rarr; {esc(str(summary.get("output") or "(dry run: nothing written)"))}</p>
<table class="totals">{totals.format(with_left=with_left)}</table>
<h2>Findings left, by rule</h2>
<p class="muted">What fixing did not settle: values to supply, fixes only --unsafe-fixes makes. Click a rule to list its records.</p>
{_chart(left_findings, titles, "findings left", left=True)}
<h2>Fixes applied, by rule</h2>
{_chart(fixes, titles, "fixes applied", left=False)}
<h2 id="records-section">Records</h2>
<div class="filters">
<label>Rule <select id="rule-filter"><option value="">all rules</option>{rule_options}</select></label>
<label>Status <select id="status-filter"><option value="">all</option>
<option value="left">with findings left ({with_left})</option>{status_options}</select></label>
<label>Name <input id="text-filter" type="search" placeholder="part of a name"></label>
<span id="shown" class="muted"></span>
</div>
<table id="records"><thead><tr><th>record</th><th>status</th><th>fixed by</th><th>findings left</th><th>diff</th></tr></thead>
<tbody>
""")
    for r in rows_again if rows_again is not None else ():
        fh.write(_row(r))
    slow = "".join(
        f"<tr><td>{s['seconds']:.4f}s</td><td>{esc(s['input'])}</td></tr>" for s in summary.get("slowest") or ()
    )
    fh.write(f"""</tbody></table>
<h2>Slowest records</h2>
<table class="totals"><tr><th>time</th><th>record</th></tr>{slow}</table>
<script>{_SCRIPT}</script>
</body></html>
""")
