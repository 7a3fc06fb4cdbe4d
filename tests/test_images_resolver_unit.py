"""iacfix.images.registry with an in-process httpx.MockTransport (no sockets at all):
Docker Hub's URL/scheme/auth shape and protocol-error paths a local registry cannot produce."""

from __future__ import annotations

import hashlib
import threading

import httpx
import pytest

from iacfix.images.registry import (
    DOCKER_MANIFEST_LIST,
    DOCKER_MANIFEST_V2,
    MEDIA_TYPES,
    OCI_IMAGE_INDEX,
    OCI_IMAGE_MANIFEST,
    Credentials,
    ResolveError,
    Resolver,
)

DIGEST = "sha256:" + "e" * 64


def resolver(handler, **kw) -> Resolver:
    kw.setdefault("credentials", None)
    kw.setdefault("backoff", 0.0)
    return Resolver(transport=httpx.MockTransport(handler), **kw)


def test_docker_hub_shape():
    seen = []

    def handler(req: httpx.Request) -> httpx.Response:
        seen.append(req)
        if req.url.host == "auth.docker.io":
            assert req.url.params["service"] == "registry.docker.io"
            assert req.url.params["scope"] == "repository:library/nginx:pull"
            assert "authorization" not in req.headers
            return httpx.Response(200, json={"token": "T", "access_token": "T"})
        assert str(req.url) == "https://registry-1.docker.io/v2/library/nginx/manifests/latest"
        assert req.method == "HEAD"
        accept = [a.strip() for a in req.headers["accept"].split(",")]
        assert accept == list(MEDIA_TYPES)
        if req.headers.get("authorization") != "Bearer T":
            return httpx.Response(
                401,
                headers={
                    "WWW-Authenticate": 'Bearer realm="https://auth.docker.io/token",'
                    'service="registry.docker.io",scope="repository:library/nginx:pull"'
                },
            )
        return httpx.Response(200, headers={"Docker-Content-Digest": DIGEST, "Content-Type": OCI_IMAGE_INDEX})

    with resolver(handler) as r:
        res = r.resolve("nginx")
    assert (res.digest, res.media_type, res.registry) == (DIGEST, OCI_IMAGE_INDEX, "docker.io")
    assert [q.url.host for q in seen] == ["registry-1.docker.io", "auth.docker.io", "registry-1.docker.io"]


def test_docker_hub_unknown_repo_401_explains():
    def handler(req):
        if req.url.host == "auth.docker.io":
            return httpx.Response(200, json={"token": "T"})
        return httpx.Response(401, headers={"WWW-Authenticate": 'Bearer realm="https://auth.docker.io/token",service="s"'})

    with resolver(handler) as r, pytest.raises(ResolveError) as ei:
        r.resolve("nosuchuser/nosuchimage:1")
    assert ei.value.kind == "unauthorized"
    assert "nosuchuser/nosuchimage:1" in ei.value.message
    assert "do not exist" in ei.value.message


def test_https_for_remote_and_listed_insecure_gets_http():
    urls = []

    def handler(req):
        urls.append(str(req.url))
        return httpx.Response(200, headers={"Docker-Content-Digest": DIGEST})

    with resolver(handler, insecure_registries=["reg.internal:5000"]) as r:
        r.resolve("ghcr.io/org/app:1")
        r.resolve("reg.internal:5000/app:1")
        r.resolve("localhost/app:1")
    assert urls == [
        "https://ghcr.io/v2/org/app/manifests/1",
        "http://reg.internal:5000/v2/app/manifests/1",
        "http://localhost/v2/app/manifests/1",
    ]


def test_get_fallback_hashes_body_bytes():
    body = b'{"schemaVersion": 2,  "mediaType": "x"}\n'  # odd spacing: hash bytes, not JSON

    def handler(req):
        if req.method == "HEAD":
            return httpx.Response(200, headers={"Content-Type": DOCKER_MANIFEST_V2})
        return httpx.Response(200, content=body, headers={"Content-Type": DOCKER_MANIFEST_V2})

    with resolver(handler) as r:
        res = r.resolve("ghcr.io/org/app:1")
    assert res.digest == "sha256:" + hashlib.sha256(body).hexdigest()


@pytest.mark.parametrize(
    "headers, needle",
    [
        ({"Docker-Content-Digest": "md5:abc"}, "malformed digest"),
        ({"Content-Type": "application/vnd.docker.distribution.manifest.v1+prettyjws", "Docker-Content-Digest": DIGEST}, "schema 1"),
    ],
)
def test_protocol_errors(headers, needle):
    with resolver(lambda req: httpx.Response(200, headers=headers)) as r, pytest.raises(ResolveError) as ei:
        r.resolve("ghcr.io/org/app:1")
    assert ei.value.kind == "protocol" and needle in ei.value.message


def test_unexpected_status_is_protocol_error():
    with resolver(lambda req: httpx.Response(418)) as r, pytest.raises(ResolveError) as ei:
        r.resolve("ghcr.io/org/app:1")
    assert ei.value.kind == "protocol" and "418" in ei.value.message


def test_basic_challenge_sends_credentials():
    def handler(req):
        if req.headers.get("authorization") == Credentials("u", "p").basic_header():
            return httpx.Response(200, headers={"Docker-Content-Digest": DIGEST})
        return httpx.Response(401, headers={"WWW-Authenticate": 'Basic realm="r"'})

    with resolver(handler, credentials=Credentials("u", "p")) as r:
        assert r.resolve("reg.example/app:1").digest == DIGEST
    with resolver(handler, credentials=lambda host: None) as r, pytest.raises(ResolveError) as ei:
        r.resolve("reg.example/app:1")
    assert ei.value.kind == "unauthorized"


def test_no_credentials_over_plain_http_realm():
    def handler(req):
        if req.url.path == "/token":
            raise AssertionError("credentials must not be sent over plain HTTP")
        return httpx.Response(401, headers={"WWW-Authenticate": 'Bearer realm="http://reg.example/token"'})

    with resolver(handler, credentials=Credentials("u", "p")) as r, pytest.raises(ResolveError) as ei:
        r.resolve("reg.example/app:1")
    assert ei.value.kind == "protocol" and "plain-HTTP" in ei.value.message


def test_connect_errors_retry_then_network_error():
    calls = []

    def handler(req):
        calls.append(1)
        raise httpx.ConnectError("refused", request=req)

    with resolver(handler, retries=2) as r, pytest.raises(ResolveError) as ei:
        r.resolve("reg.example/app:1")
    assert ei.value.kind == "network" and len(calls) == 3


def test_identical_refs_share_one_request_under_concurrency():
    calls = []
    gate = threading.Event()

    def handler(req):
        calls.append(str(req.url))
        gate.wait(1.0)
        return httpx.Response(200, headers={"Docker-Content-Digest": DIGEST, "Content-Type": DOCKER_MANIFEST_LIST})

    refs = ["nginx", "nginx:latest", "docker.io/library/nginx:latest", "index.docker.io/nginx"]
    with resolver(handler) as r:
        t = threading.Timer(0.1, gate.set)
        t.start()
        out = r.resolve_many(refs, concurrency=8)
    assert len(calls) == 1
    assert set(out) == set(refs) and all(v.digest == DIGEST for v in out.values())


def test_error_results_are_cached_per_run():
    calls = []

    def handler(req):
        calls.append(1)
        return httpx.Response(404)

    with resolver(handler) as r:
        out = r.resolve_many(["ghcr.io/a/b:1", "ghcr.io/a/b:1"])
        with pytest.raises(ResolveError):
            r.resolve("ghcr.io/a/b:1")
    assert len(calls) == 1 and out["ghcr.io/a/b:1"].kind == "not_found"


def test_media_type_constants():
    assert MEDIA_TYPES == (OCI_IMAGE_INDEX, DOCKER_MANIFEST_LIST, OCI_IMAGE_MANIFEST, DOCKER_MANIFEST_V2)
