"""iacfix.images.lock: iacfix.lock round trips, atomic writes, upward search."""

from __future__ import annotations

import os
import stat
import tomllib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iacfix.images import lock as lockmod
from iacfix.images.lock import LOCK_FILENAME, LockEntry, dumps_lock, find_lock, load_lock, utc_now, write_lock

D1 = "sha256:" + "1" * 64
D2 = "sha256:" + "2" * 64


def test_round_trip(tmp_path):
    path = tmp_path / LOCK_FILENAME
    entries = {
        "nginx:latest": LockEntry(D1, "docker.io", "2026-01-02T03:04:05Z"),
        "ghcr.io/org/app:1.2": LockEntry(D2, "ghcr.io", "2026-01-02T03:04:06Z"),
        "localhost:5000/app": LockEntry(D1, "localhost:5000", "2026-01-02T03:04:07Z"),
    }
    write_lock(path, entries)
    assert load_lock(path) == entries


def test_format_is_the_documented_one(tmp_path):
    path = tmp_path / LOCK_FILENAME
    write_lock(path, {"nginx:latest": LockEntry(D1, "docker.io", "2026-01-02T03:04:05Z")})
    text = path.read_text()
    assert text.startswith("#")
    assert (
        '[images."nginx:latest"]\n'
        f'digest = "{D1}"\n'
        'registry = "docker.io"\n'
        'resolved_at = "2026-01-02T03:04:05Z"\n'
    ) in text
    data = tomllib.loads(text)
    assert data["images"]["nginx:latest"]["digest"] == D1


def test_output_is_sorted_and_stable(tmp_path):
    a, b = tmp_path / "a.lock", tmp_path / "b.lock"
    e = {k: LockEntry(D1, "docker.io", "2026-01-01T00:00:00Z") for k in ["redis:7", "alpine:3", "nginx:1"]}
    write_lock(a, e)
    write_lock(b, dict(reversed(list(e.items()))))
    assert a.read_bytes() == b.read_bytes()
    keys = [line for line in a.read_text().splitlines() if line.startswith("[")]
    assert keys == ['[images."alpine:3"]', '[images."nginx:1"]', '[images."redis:7"]']


def test_missing_file_is_empty(tmp_path):
    assert load_lock(tmp_path / "nope.lock") == {}


def test_empty_mapping_writes_valid_toml(tmp_path):
    path = tmp_path / LOCK_FILENAME
    write_lock(path, {})
    assert load_lock(path) == {}


@pytest.mark.parametrize(
    "text, msg",
    [
        ("not toml [", "not a valid lock file"),
        ('images = "x"', "must be a table"),
        ('[images."a:1"]\ndigest = "sha256:zz"\nregistry = "r"\nresolved_at = "t"\n', "not a digest"),
        ('[images."a:1"]\ndigest = 5\nregistry = "r"\nresolved_at = "t"\n', "must be a string"),
        ('[images."a:1"]\nregistry = "r"\nresolved_at = "t"\n', "digest must be a string"),
    ],
)
def test_malformed_lock_names_the_file(tmp_path, text, msg):
    path = tmp_path / LOCK_FILENAME
    path.write_text(text)
    with pytest.raises(ValueError) as ei:
        load_lock(path)
    assert msg in str(ei.value) and str(path) in str(ei.value)


def test_tolerates_unquoted_datetime_and_extra_keys(tmp_path):
    path = tmp_path / LOCK_FILENAME
    path.write_text(f'[images."a:1"]\ndigest = "{D1}"\nregistry = "r"\nresolved_at = 2026-01-02T03:04:05Z\nnote = "x"\n')
    assert load_lock(path)["a:1"].resolved_at == "2026-01-02T03:04:05Z"


def test_escaping_hostile_keys_and_values(tmp_path):
    path = tmp_path / LOCK_FILENAME
    weird = 'we"ird\\key\n\t\x00\x1f\x7f\u00e9\U0001f600]'
    entries = {weird: LockEntry(D1, 'reg"\\\n', "t\b\f\r")}
    write_lock(path, entries)
    assert load_lock(path) == entries


@settings(max_examples=200)
@given(st.dictionaries(st.text(), st.builds(LockEntry, st.just(D1), st.text(), st.text()), max_size=5))
def test_escaping_property(entries):
    text = dumps_lock(entries)
    images = tomllib.loads(text).get("images", {})
    assert {k: LockEntry(**v) for k, v in images.items()} == entries


def test_write_is_atomic_and_leaves_no_temp_files(tmp_path, monkeypatch):
    path = tmp_path / LOCK_FILENAME
    old = {"nginx:1": LockEntry(D1, "docker.io", "2026-01-01T00:00:00Z")}
    write_lock(path, old)
    before = path.read_bytes()

    def boom(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(lockmod.os, "replace", boom)
    with pytest.raises(OSError):
        write_lock(path, {"nginx:2": LockEntry(D2, "docker.io", "2026-01-01T00:00:00Z")})
    assert path.read_bytes() == before  # old content intact
    assert sorted(p.name for p in tmp_path.iterdir()) == [LOCK_FILENAME]  # temp file cleaned up


def test_write_keeps_mode_and_new_files_are_readable(tmp_path):
    path = tmp_path / LOCK_FILENAME
    write_lock(path, {})
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    os.chmod(path, 0o640)
    write_lock(path, {})
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_find_lock_searches_upward(tmp_path):
    root = tmp_path / "repo"
    deep = root / "infra" / "stacks" / "prod"
    deep.mkdir(parents=True)
    assert find_lock(deep) is None or not str(find_lock(deep)).startswith(str(tmp_path))
    (root / LOCK_FILENAME).write_text("")
    assert find_lock(deep) == (root / LOCK_FILENAME).resolve()
    (deep / "index.ts").write_text("")
    assert find_lock(deep / "index.ts") == (root / LOCK_FILENAME).resolve()  # a file: start at its dir
    (root / "infra" / LOCK_FILENAME).write_text("")
    assert find_lock(deep) == (root / "infra" / LOCK_FILENAME).resolve()  # nearest wins


def test_utc_now_format():
    import re

    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", utc_now())


# ---- item 5: concurrent updates, and what the user wrote in the file --------------------------


def _update_many(path: str, prefix: str, n: int, barrier) -> None:
    from iacfix.images.lock import update_lock

    barrier.wait()
    for i in range(n):
        update_lock(path, {f"{prefix}{i}:latest": LockEntry("sha256:" + "ab" * 32, "docker.io", "2026-01-01T00:00:00Z")})


def test_two_pin_images_at_once_keep_both_entries(tmp_path):
    import multiprocessing as mp

    path = tmp_path / LOCK_FILENAME
    ctx = mp.get_context("fork")
    barrier = ctx.Barrier(2)
    procs = [ctx.Process(target=_update_many, args=(str(path), p, 15, barrier)) for p in ("a", "b")]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    got = load_lock(path)
    assert sorted(got) == sorted([f"a{i}:latest" for i in range(15)] + [f"b{i}:latest" for i in range(15)])


def test_update_keeps_comments_extra_keys_and_other_tables(tmp_path):
    from iacfix.images.lock import update_lock

    path = tmp_path / LOCK_FILENAME
    text = (
        "# my notes about these images\n"
        '[images."nginx:latest"]  # pinned for the 2026 audit\n'
        f'digest = "{"sha256:" + "11" * 32}"\n'
        'registry = "docker.io"\n'
        'resolved_at = "2026-01-01T00:00:00Z"\n'
        'approved_by = "alice"\n'
        "\n"
        "[policy]\n"
        "max_age_days = 30\n"
    )
    path.write_text(text)
    new = LockEntry("sha256:" + "22" * 32, "docker.io", "2026-02-02T00:00:00Z")
    merged = update_lock(path, {"redis:7": new, "nginx:latest": new})
    after = path.read_text()
    for kept in ("# my notes about these images", "# pinned for the 2026 audit", 'approved_by = "alice"',
                 "[policy]", "max_age_days = 30"):
        assert kept in after, after
    assert load_lock(path) == merged == {"nginx:latest": new, "redis:7": new}
