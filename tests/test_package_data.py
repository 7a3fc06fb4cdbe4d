"""The shipped tables are read through the data package's loader (`iacfix.data.read`): the bytes
importlib.resources gives, from a folder or a zip archive, and a run never imports
importlib.resources for them."""

from __future__ import annotations

import gzip
import importlib
import subprocess
import sys
import zipfile
from importlib import resources
from pathlib import Path

import pytest
from conftest import modules_after
from iacfix import data

SHIPPED = sorted(p.name for p in resources.files("iacfix.data").iterdir() if p.name.endswith((".json", ".gz", ".toml")))


def test_every_shipped_file_reads_as_importlib_resources_reads_it():
    assert {"taggable.json", "iam_actions.json", "aws_schema.json.gz", "hallucinations.toml"} <= set(SHIPPED)
    for name in SHIPPED:
        assert data.read(name) == (resources.files("iacfix.data") / name).read_bytes(), name


def test_a_table_is_read_as_shipped_or_gzipped():
    assert data.read_table("taggable.json") == data.read("taggable.json")  # shipped as it is
    assert data.read_table("aws_schema.json") == gzip.decompress(data.read("aws_schema.json.gz"))
    with pytest.raises(FileNotFoundError, match=r"iacfix.data/no-such-table.json is missing"):
        data.read_table("no-such-table.json")


def test_a_missing_file_is_file_not_found():
    with pytest.raises(FileNotFoundError):
        data.read("no-such-table.json")


def test_a_package_in_a_zip_archive_reads_its_files(tmp_path, monkeypatch):
    archive = tmp_path / "shipped.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("zipped_tables/__init__.py", Path(data.__file__).read_text())
        z.writestr("zipped_tables/table.json", b'{"a": 1}\n')
    monkeypatch.syspath_prepend(str(archive))
    monkeypatch.delitem(sys.modules, "zipped_tables", raising=False)
    zipped = importlib.import_module("zipped_tables")
    assert zipped.__spec__.loader.__class__.__name__ == "zipimporter"  # the archive, not a folder
    assert zipped.read("table.json") == b'{"a": 1}\n'
    with pytest.raises(FileNotFoundError):
        zipped.read("absent.json")


def test_a_run_that_reads_the_tables_does_not_import_importlib_resources(tmp_path):
    f = tmp_path / "logs.ts"
    # IAC005 fixes it; IAC006 reads the taggable table; the API-shape rules read the schema.
    f.write_text('import * as aws from "@pulumi/aws";\nnew aws.cloudwatch.LogGroup("logs", {});\n')
    loaded, stderr = modules_after("apply", "--dry-run", str(f))
    assert "Would fix 2 issue(s) in 1 file(s)." in stderr, stderr
    assert "iacfix.awsdata" in loaded and "iacfix.awsschema" in loaded  # the tables were read
    assert "importlib.resources" not in loaded and "tempfile" not in loaded


# Every reader of a shipped table, called directly (a run reads only the tables its rules ask for).
READERS = """
import sys
from iacfix import awsdata, awsschema, hallucinations
assert awsdata.taggable_table() and awsdata.iam_table()
assert awsschema.resource("aws:s3/bucket:Bucket") is not None and awsschema.version()
assert hallucinations.entries()
print("importlib.resources" in sys.modules, "tempfile" in sys.modules)
"""


def test_every_table_reader_works_without_importlib_resources():
    proc = subprocess.run([sys.executable, "-c", READERS], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["False", "False"]
