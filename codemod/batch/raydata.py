"""Ray Data: fix a dataset with `map_batches` and a callable class (one instance per actor).

    import ray
    from iacfix.batch.raydata import IacfixMapper

    ds = ray.data.read_json("responses.jsonl")
    fixed = ds.map_batches(IacfixMapper, fn_constructor_kwargs={"field": "response", "unsafe_fixes": True},
                           batch_format="pandas", concurrency=4)
    fixed.write_parquet("fixed/")

Each actor builds its configuration and parsers once, in `__init__` (a warm-up fix), then
fixes batches; every input column is kept and the iacfix columns are added. Batches may be
pandas DataFrames (recommended), pyarrow Tables, or dicts of arrays/lists.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..config import Config
from .records import META_FIELD, FieldCollision, collision, fix_field, fix_record_outcome, meta, out_field_for


class IacfixMapper:
    def __init__(
        self,
        field: str = "response",
        language: str = "markdown",
        out_field: str | None = None,
        unsafe_fixes: bool = False,
        select: tuple[str, ...] = (),
        ignore: tuple[str, ...] = (),
        config: Config | None = None,
        config_file: str | None = None,
        meta_field: str = META_FIELD,
    ):
        from ..config import load_config

        if config is None:
            config = load_config(Path(config_file)) if config_file else Config()
        self.config = config.with_(
            unsafe_fixes=unsafe_fixes or config.unsafe_fixes,
            select=tuple(select) or config.select,
            ignore=tuple(ignore) + config.ignore,
        )
        self.field = field
        self.language = language
        self.out_field = out_field_for(field, out_field)
        self.meta_field = meta_field
        # Warm up once per actor: imports, parsers, queries, the active transform list.
        fix_record_outcome({field: "```ts\nconst x = 1;\n```\n"}, self.config, field, "markdown", out_field)

    def _columns(self, texts: list[Any]) -> dict[str, list[Any]]:
        fixed, metas = [], []
        for value in texts:
            v, out = fix_field({self.field: value}, self.config, self.field, self.language, "<record>")
            fixed.append(v)
            metas.append(meta(out))
        return {self.out_field: fixed, self.meta_field: metas}

    def __call__(self, batch: Any) -> Any:
        names = list(batch.column_names) if hasattr(batch, "column_names") else list(batch.keys())
        clash = collision(names, self.out_field, self.meta_field)
        if clash:  # never overwrite an input column
            raise FieldCollision(f"iacfix: {clash}")
        try:
            import pandas as pd
        except ImportError:  # pragma: no cover - ray[data] brings pandas
            pd = None
        if pd is not None and isinstance(batch, pd.DataFrame):
            cols = self._columns(batch[self.field].tolist())
            out = batch.copy()
            for k, v in cols.items():
                out[k] = v
            return out
        try:
            import pyarrow as pa
        except ImportError:  # pragma: no cover
            pa = None
        if pa is not None and isinstance(batch, pa.Table):
            cols = self._columns(batch.column(self.field).to_pylist())
            out = batch
            for k, v in cols.items():
                out = out.append_column(
                    k, pa.array(v, type=_arrow_type(pa, k == self.meta_field, out.schema, self.field))
                )
            return out
        cols = self._columns(list(batch[self.field]))
        out = dict(batch)
        import numpy as np

        for k, v in cols.items():
            arr = np.empty(len(v), dtype=object)
            arr[:] = v
            out[k] = arr
        return out


def _arrow_type(pa, is_meta: bool, schema, field: str):
    if is_meta:
        return pa.struct(
            [
                pa.field("changed", pa.bool_()),
                pa.field("applied", pa.list_(pa.string())),
                pa.field("findings", pa.int64()),
                pa.field("status", pa.string()),
                pa.field("error", pa.string()),
            ]
        )
    return schema.field(field).type


__all__ = ["IacfixMapper"]
