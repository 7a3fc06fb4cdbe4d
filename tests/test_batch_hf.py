"""Hugging Face `datasets`: Dataset.map(make_batch_fn(...), batched=True, num_proc=2).

Needs the `datasets` extra (pip install -e '.[datasets]'); skipped where it is not installed.
"""

from __future__ import annotations

import pytest

datasets = pytest.importorskip("datasets")

from iacfix.batch.hf import iacfix_batch_fn, make_batch_fn, output_features  # noqa: E402

TS = 'import * as aws from "@pulumi/aws";\n\nnew aws.cloudwatch.LogGroup("logs", { name: "/ecs/api" });\n'
MD = f"Intro.\n\n```typescript\n{TS}```\n"
PLAIN = "No code here.\n"


def make_ds(n: int = 20):
    # The first half has nothing to fix (and no errors): a shard of all-None `error`s and empty
    # `applied` lists must not clash with one that has values.
    texts = [PLAIN] * (n // 2) + [MD if i % 2 else 42 for i in range(n - n // 2)]
    texts = [t if isinstance(t, str) else None for t in texts]
    return datasets.Dataset.from_dict({"id": list(range(n)), "response": texts})


def test_map_batched_num_proc():
    ds = make_ds()
    fn = make_batch_fn(field="response", unsafe_fixes=True)
    out = ds.map(fn, batched=True, batch_size=4, num_proc=2, features=output_features(ds.features))
    assert len(out) == len(ds) and out["id"] == ds["id"]
    assert set(out.column_names) == {"id", "response", "response_fixed", "iacfix"}
    rows = out.to_list()
    assert set(rows[0]["iacfix"]) == {"changed", "applied", "findings", "status", "error"}
    assert all(r["iacfix"]["status"] == "unchanged" for r in rows[:10])
    assert all(r["iacfix"]["status"] == "changed" and "IAC005" in r["iacfix"]["applied"] for r in rows[10:] if r["response"])
    assert all(r["iacfix"]["status"] == "skipped" for r in rows[10:] if r["response"] is None)
    assert all("retentionInDays" in r["response_fixed"] for r in rows if r["iacfix"]["status"] == "changed")


def test_plain_function_with_fn_kwargs():
    ds = datasets.Dataset.from_dict({"text": [MD, PLAIN]})
    out = ds.map(iacfix_batch_fn, batched=True, fn_kwargs={"field": "text", "out_field": "fixed"})
    assert [m["status"] for m in out["iacfix"]] == ["changed", "unchanged"] and out["text"] == [MD, PLAIN]
    assert "retentionInDays" in out["fixed"][0]


def test_missing_column_is_a_clear_error():
    ds = datasets.Dataset.from_dict({"text": [MD]})
    with pytest.raises(Exception, match="no column 'response'"):
        ds.map(make_batch_fn(), batched=True)


def test_a_column_named_like_iacfix_output_is_refused_not_overwritten():
    ds = datasets.Dataset.from_dict({"response": [MD], "iacfix": ["mine"]})
    with pytest.raises(Exception, match="already has a field 'iacfix'"):
        ds.map(make_batch_fn(), batched=True)
    out = ds.map(make_batch_fn(meta_field="fix_meta"), batched=True)
    assert out["iacfix"] == ["mine"] and out["fix_meta"][0]["status"] == "changed"
