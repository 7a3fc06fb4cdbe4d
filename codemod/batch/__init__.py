"""Batch fixing: folders, JSONL and Parquet datasets of model responses, on many processes.

- `fix_record(record, config, field="response", language="markdown")` -> a new record;
- `run_batch(input, config, BatchOptions(...))` -> Summary (what `iacfix batch` runs);
- `iacfix.batch.hf.make_batch_fn(...)` for Hugging Face `datasets.Dataset.map(batched=True)`;
- `iacfix.batch.raydata.IacfixMapper` for Ray Data `map_batches`.
"""

from __future__ import annotations

from .records import META_FIELDS, fix_record, guess_language, out_field_for

__all__ = ["META_FIELDS", "fix_record", "guess_language", "out_field_for", "run_batch", "BatchOptions"]


def __getattr__(name: str):
    if name in ("run_batch", "BatchOptions", "BatchError"):
        from . import runner

        return getattr(runner, name)
    raise AttributeError(name)
