"""Ray Data: map_batches with the IacfixMapper callable class on a local Ray with 2 CPUs.

Marked `ray`; needs the `ray` extra (pip install -e '.[ray]'); skipped where Ray is not installed.
"""

from __future__ import annotations

import pytest

ray = pytest.importorskip("ray")
pytest.importorskip("pandas")

from iacfix.batch.raydata import IacfixMapper  # noqa: E402

pytestmark = pytest.mark.ray

TS = 'import * as aws from "@pulumi/aws";\n\nnew aws.cloudwatch.LogGroup("logs", { name: "/ecs/api" });\n'
MD = f"Intro.\n\n```typescript\n{TS}```\n"
PLAIN = "No code here.\n"


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, ignore_reinit_error=True)
    try:
        yield
    finally:
        ray.shutdown()


def test_map_batches_callable_class(local_ray):
    import ray.data

    n = 40
    items = [{"id": i, "response": MD if i % 3 == 0 else PLAIN} for i in range(n)]
    ds = ray.data.from_items(items)
    out = ds.map_batches(IacfixMapper, fn_constructor_kwargs={"field": "response", "unsafe_fixes": True},
                         batch_format="pandas", batch_size=8, concurrency=2)
    rows = sorted(out.take_all(), key=lambda r: r["id"])
    assert [r["id"] for r in rows] == list(range(n))
    for r in rows:
        assert r["response"] == items[r["id"]]["response"]
        if r["id"] % 3 == 0:
            m = r["iacfix"]
            assert m["status"] == "changed" and m["changed"] and "IAC005" in list(m["applied"])
            assert "retentionInDays" in r["response_fixed"]
        else:
            assert r["iacfix"]["status"] == "unchanged" and r["response_fixed"] == PLAIN


def test_mapper_on_arrow_and_dict_batches():
    import pyarrow as pa

    m = IacfixMapper(field="response")
    t = m(pa.table({"id": [1, 2], "response": [MD, PLAIN]}))
    assert [x["status"] for x in t.column("iacfix").to_pylist()] == ["changed", "unchanged"]
    d = m({"id": [1, 2], "response": [MD, PLAIN]})
    assert [x["status"] for x in d["iacfix"]] == ["changed", "unchanged"] and d["iacfix"][1]["applied"] == []
    with pytest.raises(ValueError, match="already has a field 'status'"):
        IacfixMapper(field="response", meta_field="status")(pa.table({"response": [MD], "status": ["mine"]}))
