"""Batch fixing: folders, JSONL and Parquet datasets of model responses, on many processes.

- `fix_record(record, config, field="response", language="markdown")` -> a new record;
- `run_batch(input, config, BatchOptions(...))` -> Summary (what `iacfix batch` runs);
- `iacfix.batch.hf.make_batch_fn(...)` for Hugging Face `datasets.Dataset.map(batched=True)`;
- `iacfix.batch.raydata.IacfixMapper` for Ray Data `map_batches`.

Names are loaded on first use: the CLI imports this package at start-up (for `batch.command`).
"""

from __future__ import annotations

__all__ = [
    "META_FIELD",
    "META_FIELDS",
    "FieldCollision",
    "fix_record",
    "guess_language",
    "out_field_for",
    "run_batch",
    "BatchOptions",
    "BatchError",
]

_FROM = {
    "META_FIELD": "records",
    "FieldCollision": "records",
    "META_FIELDS": "records",
    "fix_record": "records",
    "guess_language": "records",
    "out_field_for": "records",
    "run_batch": "runner",
    "BatchOptions": "runner",
    "BatchError": "runner",
}


def __getattr__(name: str):
    mod = _FROM.get(name)
    if mod is None:
        raise AttributeError(f"module 'iacfix.batch' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"{__name__}.{mod}"), name)
    globals()[name] = value
    return value
