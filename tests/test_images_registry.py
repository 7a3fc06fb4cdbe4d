"""iacfix.images.registry against a real Distribution registry on 127.0.0.1."""

from __future__ import annotations

import base64
import json
import os
import socket
import stat
import time
import uuid

import pytest

from iacfix.images.reference import parse_image_ref
from iacfix.images.registry import (
    ACCEPT_MANIFESTS,
    Credentials,
    ResolveError,
    Resolver,
    docker_config_credentials,
    env_credentials,
    is_insecure_registry,
    resolve,
)
from registry_fixture import (  # noqa: F401  (fixtures)
    DOCKER_MANIFEST_LIST,
    DOCKER_MANIFEST_V2,
    OCI_IMAGE_INDEX,
    OCI_IMAGE_MANIFEST,
    auth_registry,
    registry,
    sha256_digest,
    token_registry,
)

pytestmark = pytest.mark.registry

ANON = None  # credentials=None: never look at the machine's docker config or env


def repo() -> str:
    return f"t/{uuid.uuid4().hex[:10]}"


# -- plain registry -------------------------------------------------------------


def test_oci_manifest_digest_is_sha256_of_pushed_bytes(registry):
    name = repo()
    pushed = registry.push_image(name, "1.0", media_type=OCI_IMAGE_MANIFEST)
    res = resolve(f"{registry.host}/{name}:1.0", credentials=ANON)
    assert res.digest == sha256_digest(pushed.body) == pushed.digest
    assert res.media_type == OCI_IMAGE_MANIFEST
    assert res.registry == registry.host


def test_docker_v2_manifest(registry):
    name = repo()
    pushed = registry.push_image(name, "latest", media_type=DOCKER_MANIFEST_V2)
    res = resolve(f"{registry.host}/{name}", credentials=ANON)  # implicit :latest
    assert res.digest == sha256_digest(pushed.body)
    assert res.media_type == DOCKER_MANIFEST_V2


@pytest.mark.parametrize("index_type", [OCI_IMAGE_INDEX, DOCKER_MANIFEST_LIST])
def test_multi_arch_resolves_to_index_not_platform(registry, index_type):
    name = repo()
    index, children = registry.push_index(name, "multi", media_type=index_type)
    res = resolve(f"{registry.host}/{name}:multi", credentials=ANON)
    assert res.digest == index.digest == sha256_digest(index.body)
    assert res.media_type == index_type
    assert res.digest not in {c.digest for c in children}


def test_asking_only_for_docker_v2_gets_a_platform_manifest(registry):
    """Why all four Accept types matter: this is the naive client's bug, shown for real."""
    name = repo()
    index, children = registry.push_index(name, "multi", media_type=DOCKER_MANIFEST_LIST)
    r = registry._client().head(f"/v2/{name}/manifests/multi", headers={"Accept": DOCKER_MANIFEST_V2})
    assert r.status_code == 200
    assert r.headers["Docker-Content-Digest"] == children[0].digest  # linux/amd64 only
    assert r.headers["Docker-Content-Digest"] != index.digest


def test_accept_header_lists_all_four_types():
    for t in (OCI_IMAGE_INDEX, DOCKER_MANIFEST_LIST, OCI_IMAGE_MANIFEST, DOCKER_MANIFEST_V2):
        assert t in ACCEPT_MANIFESTS


def test_missing_tag_is_not_found(registry):
    name = repo()
    registry.push_image(name, "1.0")
    with pytest.raises(ResolveError) as ei:
        resolve(f"{registry.host}/{name}:nope", credentials=ANON)
    assert ei.value.kind == "not_found"
    assert f"{name}:nope" in ei.value.message


def test_missing_repository_is_not_found(registry):
    with pytest.raises(ResolveError) as ei:
        resolve(f"{registry.host}/{repo()}:1", credentials=ANON)
    assert ei.value.kind == "not_found"


def test_digest_only_reference_is_verified(registry):
    name = repo()
    pushed = registry.push_image(name, "1.0")
    res = resolve(f"{registry.host}/{name}@{pushed.digest}", credentials=ANON)
    assert res.digest == pushed.digest
    with pytest.raises(ResolveError) as ei:
        resolve(f"{registry.host}/{name}@sha256:{'0' * 64}", credentials=ANON)
    assert ei.value.kind == "not_found"


def test_tag_moves_new_resolver_sees_it_cached_resolver_does_not(registry):
    name = repo()
    first = registry.push_image(name, "moving")
    ref = f"{registry.host}/{name}:moving"
    with Resolver(credentials=ANON) as r:
        assert r.resolve(ref).digest == first.digest
        second = registry.push_image(name, "moving")
        assert r.resolve(ref).digest == first.digest  # per-run cache
    assert resolve(ref, credentials=ANON).digest == second.digest


def test_resolve_many(registry):
    name = repo()
    a = registry.push_image(name, "a")
    b, _ = registry.push_index(name, "b")
    refs = [f"{registry.host}/{name}:a", parse_image_ref(f"{registry.host}/{name}:b"), f"{registry.host}/{name}:zz"]
    refs += [f"{registry.host}/{name}:a"]  # duplicate: one key, one request
    with Resolver(credentials=ANON) as r:
        out = r.resolve_many(refs, concurrency=4)
    assert set(out) == set(refs)
    assert out[refs[0]].digest == a.digest
    assert out[refs[1]].digest == b.digest
    assert isinstance(out[refs[2]], ResolveError) and out[refs[2]].kind == "not_found"


def test_resolve_many_rejects_garbage_before_any_request():
    with Resolver(credentials=ANON) as r, pytest.raises(ValueError):
        r.resolve_many(["nginx:latest", "Not An Image"])


# -- Basic auth (htpasswd) ----------------------------------------------------------


def test_basic_auth_ok(auth_registry):
    name = repo()
    pushed = auth_registry.push_image(name, "1")
    user, password = auth_registry.credentials
    res = resolve(f"{auth_registry.host}/{name}:1", credentials=Credentials(user, password))
    assert res.digest == pushed.digest


def test_basic_auth_bad_password_is_unauthorized(auth_registry):
    name = repo()
    auth_registry.push_image(name, "1")
    user, _ = auth_registry.credentials
    with pytest.raises(ResolveError) as ei:
        resolve(f"{auth_registry.host}/{name}:1", credentials=Credentials(user, "wrong"))
    assert ei.value.kind == "unauthorized"
    assert name in ei.value.message


def test_basic_auth_without_credentials_is_unauthorized(auth_registry):
    with pytest.raises(ResolveError) as ei:
        resolve(f"{auth_registry.host}/{repo()}:1", credentials=ANON)
    assert ei.value.kind == "unauthorized"


def test_credentials_from_docker_config_auths(auth_registry, tmp_path, monkeypatch):
    name = repo()
    pushed = auth_registry.push_image(name, "1")
    user, password = auth_registry.credentials
    auth = base64.b64encode(f"{user}:{password}".encode()).decode()
    (tmp_path / "config.json").write_text(json.dumps({"auths": {f"http://{auth_registry.host}": {"auth": auth}}}))
    monkeypatch.setenv("DOCKER_CONFIG", str(tmp_path))
    monkeypatch.delenv("IACFIX_REGISTRY_USERNAME", raising=False)
    assert docker_config_credentials(auth_registry.host) == Credentials(user, password)
    assert resolve(f"{auth_registry.host}/{name}:1").digest == pushed.digest  # default lookup


def test_credentials_from_docker_credential_helper(auth_registry, tmp_path, monkeypatch):
    name = repo()
    pushed = auth_registry.push_image(name, "1")
    user, password = auth_registry.credentials
    bindir = tmp_path / "bin"
    bindir.mkdir()
    helper = bindir / "docker-credential-fake"
    answer = json.dumps({"ServerURL": auth_registry.host, "Username": user, "Secret": password})
    helper.write_text(
        "#!/bin/sh\n"
        '[ "$1" = get ] || exit 1\n'
        "read server\n"
        f'[ "$server" = "{auth_registry.host}" ] || {{ echo "credentials not found" >&2; exit 1; }}\n'
        f"echo '{answer}'\n"
    )
    helper.chmod(helper.stat().st_mode | stat.S_IXUSR)
    (tmp_path / "config.json").write_text(json.dumps({"credHelpers": {auth_registry.host: "fake"}}))
    monkeypatch.setenv("DOCKER_CONFIG", str(tmp_path))
    monkeypatch.setenv("PATH", f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}")
    monkeypatch.delenv("IACFIX_REGISTRY_USERNAME", raising=False)
    assert resolve(f"{auth_registry.host}/{name}:1").digest == pushed.digest


def test_env_credentials_scoping():
    env = {"IACFIX_REGISTRY_USERNAME": "AWS", "IACFIX_REGISTRY_PASSWORD": "tok"}
    assert env_credentials("anything.example", env) is None  # unscoped: sent nowhere (the input names hosts)
    scoped = {**env, "IACFIX_REGISTRY_HOST": "123456789012.dkr.ecr.us-east-1.amazonaws.com"}
    assert env_credentials("123456789012.dkr.ecr.us-east-1.amazonaws.com", scoped) == Credentials("AWS", "tok")
    assert env_credentials("docker.io", scoped) is None
    assert "tok" not in repr(Credentials("AWS", "tok"))


def test_env_credentials_against_real_registry(auth_registry, monkeypatch):
    name = repo()
    pushed = auth_registry.push_image(name, "1")
    user, password = auth_registry.credentials
    monkeypatch.setenv("DOCKER_CONFIG", "/nonexistent")
    monkeypatch.setenv("IACFIX_REGISTRY_USERNAME", user)
    monkeypatch.setenv("IACFIX_REGISTRY_PASSWORD", password)
    monkeypatch.setenv("IACFIX_REGISTRY_HOST", auth_registry.host)
    assert resolve(f"{auth_registry.host}/{name}:1").digest == pushed.digest


# -- Bearer token flow -------------------------------------------------------------


def test_bearer_token_flow_anonymous(token_registry):
    name = repo()
    index, _ = token_registry.push_index(name, "v1")
    res = resolve(f"{token_registry.host}/{name}:v1", credentials=ANON)
    assert res.digest == index.digest
    assert res.media_type == OCI_IMAGE_INDEX
    [treq] = token_registry.token_requests
    assert treq["query"]["scope"] == [f"repository:{name}:pull"]
    assert treq["query"]["service"] == ["test"]
    assert treq["authorization"] == ""  # anonymous
    manifest_requests = [r for r in token_registry.requests if "/manifests/" in r[1]]
    assert [m for m, _, _ in manifest_requests] == ["HEAD", "HEAD"]  # challenge, then with token
    assert manifest_requests[-1][2]["Authorization"].startswith("Bearer ")


def test_bearer_token_reused_within_a_run(token_registry):
    name = repo()
    token_registry.push_image(name, "a")
    token_registry.push_image(name, "b")
    with Resolver(credentials=ANON) as r:
        r.resolve(f"{token_registry.host}/{name}:a")
        r.resolve(f"{token_registry.host}/{name}:b")
    assert len(token_registry.token_requests) == 1


def test_bearer_token_with_basic_credentials(token_registry):
    name = repo()
    pushed = token_registry.push_image(name, "v1")
    token_registry.token_credentials = ("robot", "s3cret")
    res = resolve(f"{token_registry.host}/{name}:v1", credentials=Credentials("robot", "s3cret"))
    assert res.digest == pushed.digest
    expected = "Basic " + base64.b64encode(b"robot:s3cret").decode()
    assert token_registry.token_requests[-1]["authorization"] == expected


def test_bearer_token_refused_is_unauthorized(token_registry):
    name = repo()
    token_registry.push_image(name, "v1")
    token_registry.token_credentials = ("robot", "s3cret")
    for creds in (ANON, Credentials("robot", "wrong")):
        with pytest.raises(ResolveError) as ei:
            resolve(f"{token_registry.host}/{name}:v1", credentials=creds)
        assert ei.value.kind == "unauthorized"


def test_missing_digest_header_falls_back_to_get_and_hash(token_registry):
    name = repo()
    index, _ = token_registry.push_index(name, "v1")
    token_registry.strip_digest = True
    res = resolve(f"{token_registry.host}/{name}:v1", credentials=ANON)
    assert res.digest == index.digest
    methods = [m for m, p, _ in token_registry.requests if "/manifests/" in p]
    assert methods[-1] == "GET"


def test_retries_on_429_and_503(token_registry):
    name = repo()
    pushed = token_registry.push_image(name, "v1")
    token_registry.bearer = False
    token_registry.failures = [429, 503]
    token_registry.retry_after = "0"
    res = resolve(f"{token_registry.host}/{name}:v1", credentials=ANON, retries=3, backoff=0.01)
    assert res.digest == pushed.digest


def test_retries_are_bounded(token_registry):
    name = repo()
    token_registry.push_image(name, "v1")
    token_registry.bearer = False
    token_registry.failures = [503] * 10
    with pytest.raises(ResolveError) as ei:
        resolve(f"{token_registry.host}/{name}:v1", credentials=ANON, retries=2, backoff=0.01)
    assert ei.value.kind == "network"
    assert "503" in ei.value.message
    assert len([p for _, p, _ in token_registry.requests if "/manifests/" in p]) == 3


# -- network failures ---------------------------------------------------------------


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_registry_down_is_a_quick_network_error():
    port = _closed_port()
    t0 = time.monotonic()
    with pytest.raises(ResolveError) as ei:
        resolve(f"127.0.0.1:{port}/app:1", credentials=ANON, timeout=1.0, retries=2, backoff=0.01)
    assert time.monotonic() - t0 < 2.0
    assert ei.value.kind == "network"
    assert f"127.0.0.1:{port}/app:1" in ei.value.message


def test_unresponsive_registry_times_out():
    """A socket that accepts but never answers: bounded by the timeout, not hanging."""
    with socket.socket() as srv:
        srv.bind(("127.0.0.1", 0))
        srv.listen(8)
        port = srv.getsockname()[1]
        t0 = time.monotonic()
        with pytest.raises(ResolveError) as ei:
            resolve(f"127.0.0.1:{port}/app:1", credentials=ANON, timeout=0.3, retries=0)
        assert time.monotonic() - t0 < 2.0
    assert ei.value.kind == "network"


def test_insecure_registry_rules():
    assert is_insecure_registry("localhost:5000")
    assert is_insecure_registry("127.0.0.1:5000")
    assert is_insecure_registry("127.0.0.2")
    assert is_insecure_registry("[::1]:5000")
    assert not is_insecure_registry("ghcr.io")
    assert not is_insecure_registry("registry.internal:5000")
    assert is_insecure_registry("registry.internal:5000", ["registry.internal:5000"])
    assert is_insecure_registry("registry.internal:5000", ["registry.internal"])
