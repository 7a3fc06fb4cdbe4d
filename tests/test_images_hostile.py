"""No registry can hang, flood or trick `pin-images`, and credentials go only to the hosts the user
named: a hostile registry on loopback (tests/hostile_registry.py)."""

from __future__ import annotations

import base64
import threading
import time

import pytest

from hostile_registry import MANIFEST, digest_of, hostile  # noqa: F401
from iacfix.images.registry import Credentials, Resolver, ResolveError, env_credentials

SECRET = Credentials("user", "s3cret")
BASIC = "Basic " + base64.b64encode(b"user:s3cret").decode()


def resolver(**kw) -> Resolver:
    kw.setdefault("timeout", 1.0)
    kw.setdefault("retries", 0)
    kw.setdefault("credentials", None)
    return Resolver(**kw)


def resolve_error(r: Resolver, image: str) -> ResolveError:
    with pytest.raises(ResolveError) as err:
        r.resolve(image)
    return err.value


# ---- item 8: size and time limits -----------------------------------------------------------


def _rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def test_an_endless_manifest_is_cut_off(hostile):
    before = _rss_mb()
    with resolver(timeout=5.0) as r:
        e = resolve_error(r, hostile.image("endless"))
    assert e.kind == "protocol" and "limit" in e.message, e.message
    assert _rss_mb() - before < 100  # read up to the 4 MiB cap, not until memory runs out


@pytest.mark.parametrize("mode", ["oversized", "bigchunked"])
def test_a_manifest_over_4_mib_is_refused(hostile, mode):
    with resolver(timeout=5.0) as r:
        e = resolve_error(r, hostile.image(mode))
    assert e.kind == "protocol" and "4 MiB" in e.message, e.message


def test_a_slow_drip_cannot_outlast_the_deadline(hostile):
    """One byte every 0.2 s never trips a per-read timeout of 1 s; the total deadline does."""
    result: list = []

    def run() -> None:
        with resolver(timeout=1.0) as r:
            try:
                result.append(r.resolve(hostile.image("drip")))
            except ResolveError as exc:
                result.append(exc)

    t = threading.Thread(target=run, daemon=True)
    t0 = time.monotonic()
    t.start()
    t.join(timeout=20)  # the drip takes ~40 s to finish its headers
    assert not t.is_alive(), "the resolver was still waiting on a byte-by-byte answer"
    assert isinstance(result[0], ResolveError) and result[0].kind == "network", result
    assert time.monotonic() - t0 < 10


def test_get_with_a_wrong_digest_is_refused(hostile, monkeypatch):
    """Force the GET path (a registry without HEAD): the digest header must hash the body."""
    from iacfix.images import registry as reg

    real = reg.Resolver._send

    def no_head(self, image, method, url, headers):
        return real(self, image, "GET", url, headers)

    monkeypatch.setattr(reg.Resolver, "_send", no_head)
    with resolver() as r:
        e = resolve_error(r, hostile.image("wrongdigest"))
    assert e.kind == "protocol" and "not pinning" in e.message and digest_of(MANIFEST) in e.message


# ---- item 7: credentials stay with the hosts the user named ------------------------------------


def test_env_credentials_need_a_host_list():
    env = {"IACFIX_REGISTRY_USERNAME": "user", "IACFIX_REGISTRY_PASSWORD": "s3cret"}
    assert env_credentials("evil.example", env) is None
    assert env_credentials("evil.example", {**env, "IACFIX_REGISTRY_HOST": "good.example"}) is None
    assert env_credentials("good.example", {**env, "IACFIX_REGISTRY_HOST": "good.example"}) == SECRET


def test_env_credentials_are_not_sent_to_a_host_the_input_names(hostile, monkeypatch):
    monkeypatch.setenv("IACFIX_REGISTRY_USERNAME", "user")
    monkeypatch.setenv("IACFIX_REGISTRY_PASSWORD", "s3cret")
    monkeypatch.delenv("IACFIX_REGISTRY_HOST", raising=False)
    with resolver(credentials=env_credentials) as r:
        resolve_error(r, hostile.image("basic"))
    assert all("authorization" not in h for h in hostile.seen_by("main"))


def test_credentials_for_the_registry_do_not_go_to_a_realm_elsewhere(hostile):
    with resolver(credentials=lambda reg: SECRET) as r:
        res = r.resolve(hostile.image("realm"))
    assert res.digest == digest_of(MANIFEST)  # an anonymous token from that realm still works
    token_requests = hostile.seen_by("other")
    assert token_requests and all(h.get("authorization") != BASIC for h in token_requests)


def test_a_realm_on_a_listed_host_gets_the_credentials(hostile, monkeypatch):
    monkeypatch.setenv("IACFIX_REGISTRY_HOST", hostile.other_host)
    with resolver(credentials=lambda reg: SECRET) as r:
        r.resolve(hostile.image("realm"))
    assert any(h.get("authorization") == BASIC for h in hostile.seen_by("other"))


def test_credentials_do_not_follow_a_redirect_to_another_host(hostile):
    with resolver(credentials=lambda reg: SECRET) as r:
        r._auth[(hostile.host, "redirect/app")] = BASIC  # as if the registry had accepted them
        res = r.resolve(hostile.image("redirect"))
    assert res.digest == digest_of(MANIFEST)
    assert any(h.get("authorization") == BASIC for h in hostile.seen_by("main"))
    assert hostile.seen_by("other") and all("authorization" not in h for h in hostile.seen_by("other"))
