"""`iacfix pin-images` against a real local registry, then `apply` pinning from the lock offline."""

from __future__ import annotations

import hashlib
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import MODEL
from iacfix.cli import app
from registry_fixture import OCI_IMAGE_INDEX, registry  # noqa: F401

pytestmark = pytest.mark.registry
runner = CliRunner()


def _seed_on(reg, tmp_path: Path, suffix: str) -> Path:
    """The seed scenario with its image moved to the local registry."""
    src = (MODEL / f"seed_scenario{suffix}").read_text()
    ref = f"{reg.host}/library/nginx:latest"
    assert "nginx:latest" in src
    target = tmp_path / f"seed_scenario{suffix}"
    target.write_text(src.replace('"nginx:latest"', f'"{ref}"'))
    return target


@pytest.mark.parametrize("suffix", [".ts", ".py"])
def test_pin_images_writes_the_lock_and_apply_pins_offline(registry, tmp_path, suffix, monkeypatch):  # noqa: F811
    index, children = registry.push_index("library/nginx", "latest", media_type=OCI_IMAGE_INDEX)
    target = _seed_on(registry, tmp_path, suffix)
    ref = f"{registry.host}/library/nginx:latest"

    res = runner.invoke(app, ["pin-images", str(target)], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    lock = tomllib.loads((tmp_path / "iacfix.lock").read_text())
    entry = lock["images"][ref]
    # The digest is the sha256 of the manifest bytes the registry holds: the index, not a platform's.
    assert entry["digest"] == "sha256:" + hashlib.sha256(index.body).hexdigest()
    assert entry["digest"] not in {c.digest for c in children}

    # apply pins from the lock with no network at all: any HTTP request now fails the test.
    import httpx

    def no_network(*a, **k):
        raise AssertionError("apply must not touch the network")

    monkeypatch.setattr(httpx.Client, "send", no_network)
    res = runner.invoke(app, ["apply", "--select", "IAC002", str(target)], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    text = target.read_text()
    assert f'"{ref}@{entry["digest"]}"' in text

    # Offline mode and a second run: nothing left to resolve, nothing changes.
    again = runner.invoke(app, ["pin-images", "--offline", str(target)], catch_exceptions=False)
    assert again.exit_code == 0, again.output


def test_pin_images_reports_a_missing_tag(registry, tmp_path):  # noqa: F811
    f = tmp_path / "index.ts"
    f.write_text('import * as aws from "@pulumi/aws";\n'
                 'new aws.ecs.TaskDefinition("t", { family: "t", containerDefinitions: JSON.stringify([{ name: "a", '
                 f'image: "{registry.host}/nope/app:1.0" }}]) }});\n')
    before = f.read_bytes()
    res = runner.invoke(app, ["pin-images", str(f)], catch_exceptions=False)
    assert res.exit_code == 1
    assert "not_found" in res.output and "nope/app:1.0" in res.output
    assert f.read_bytes() == before
    assert not (tmp_path / "iacfix.lock").exists()


def test_offline_never_resolves(tmp_path):
    f = tmp_path / "index.ts"
    f.write_text('import * as aws from "@pulumi/aws";\n'
                 'new aws.ecs.TaskDefinition("t", { family: "t", containerDefinitions: JSON.stringify([{ name: "a", '
                 'image: "127.0.0.1:9/app:1.0" }]) });\n')
    res = runner.invoke(app, ["pin-images", "--offline", str(f)], catch_exceptions=False)
    assert res.exit_code == 1
    assert "offline" in res.output
