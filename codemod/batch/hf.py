"""Hugging Face `datasets`: fix a Dataset with `Dataset.map(batched=True, num_proc=N)`.

    from datasets import load_dataset
    from iacfix.batch.hf import make_batch_fn, output_features

    ds = load_dataset("json", data_files="responses.jsonl", split="train")
    fn = make_batch_fn(field="response", unsafe_fixes=True)
    fixed = ds.map(fn, batched=True, num_proc=4, features=output_features(ds.features, field="response"))

The function returns only the new columns (`<field>_fixed`, and `iacfix`: a struct of `changed`,
`applied`, `findings`, `status`, `error`); `datasets` keeps every input column beside them. A
dataset that already has a column of either name is refused (`FieldCollision`): choose other
names with `out_field=` / `meta_field=`. Passing `features=` fixes
the column types up front, so a batch where no record has an error (all `None`) cannot clash
with one where some do. `make_batch_fn` returns a small picklable object: each `num_proc`
worker builds its parsers once, on its first batch.
"""

from __future__ import annotations

from typing import Any

from ..config import Config
from .records import META_FIELD, FieldCollision, collision, fix_field, meta, out_field_for


class BatchFn:
    """Picklable callable for `Dataset.map(batched=True)`: dict of lists in, new columns out."""

    def __init__(
        self,
        field: str = "response",
        language: str = "markdown",
        config: Config | None = None,
        out_field: str | None = None,
        meta_field: str = META_FIELD,
    ):
        self.field = field
        self.language = language
        self.config = config or Config()
        self.out_field = out_field_for(field, out_field)
        self.meta_field = meta_field

    def __call__(self, batch: dict[str, list[Any]]) -> dict[str, list[Any]]:
        if self.field not in batch:
            raise KeyError(f"iacfix: the dataset has no column {self.field!r} (columns: {', '.join(batch)})")
        clash = collision(batch, self.out_field, self.meta_field)
        if clash:
            raise FieldCollision(f"iacfix: {clash}")
        fixed, metas = [], []
        for value in batch[self.field]:
            v, out = fix_field({self.field: value}, self.config, self.field, self.language, "<record>")
            fixed.append(v)
            metas.append(meta(out))
        return {self.out_field: fixed, self.meta_field: metas}


def make_batch_fn(
    field: str = "response",
    language: str = "markdown",
    config: Config | None = None,
    out_field: str | None = None,
    *,
    unsafe_fixes: bool = False,
    select: tuple[str, ...] = (),
    ignore: tuple[str, ...] = (),
    meta_field: str = META_FIELD,
) -> BatchFn:
    """A batch function for `Dataset.map(fn, batched=True, num_proc=N)`."""
    config = config or Config()
    if unsafe_fixes or select or ignore:
        config = config.with_(
            unsafe_fixes=unsafe_fixes or config.unsafe_fixes,
            select=tuple(select) or config.select,
            ignore=tuple(ignore) + config.ignore,
        )
    return BatchFn(field, language, config, out_field, meta_field)


def iacfix_batch_fn(
    batch: dict[str, list[Any]],
    field: str = "response",
    language: str = "markdown",
    config: Config | None = None,
    out_field: str | None = None,
    meta_field: str = META_FIELD,
) -> dict[str, list[Any]]:
    """The same as a function: `ds.map(iacfix_batch_fn, batched=True, fn_kwargs={"field": "text"})`."""
    return BatchFn(field, language, config, out_field, meta_field)(batch)


def output_features(
    features: Any, field: str = "response", out_field: str | None = None, meta_field: str = META_FIELD
) -> Any:
    """The input `Features` plus the columns iacfix adds, for `map(..., features=...)`."""
    from datasets import Features, Sequence, Value

    out = dict(features)
    out[out_field_for(field, out_field)] = features[field] if field in features else Value("string")
    out[meta_field] = {
        "changed": Value("bool"),
        "applied": Sequence(Value("string")),
        "findings": Value("int64"),
        "status": Value("string"),
        "error": Value("string"),
    }
    return Features(out)


__all__ = ["BatchFn", "iacfix_batch_fn", "make_batch_fn", "output_features"]
