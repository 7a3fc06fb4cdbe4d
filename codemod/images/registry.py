"""A small Distribution (OCI registry) API client: tag -> manifest digest.

``HEAD /v2/<repository>/manifests/<tag>`` with all four manifest media types in
``Accept`` (OCI image index, Docker manifest list, OCI image manifest, Docker
manifest v2 schema 2) and the digest from ``Docker-Content-Digest``; when a
registry leaves that header out, ``GET`` the manifest and hash the body bytes.
Because the index/list types are accepted, a multi-arch tag resolves to the
index digest -- never to one platform's manifest (asking only for the Docker v2
manifest makes registries hand back the linux/amd64 manifest instead, and
pinning that silently drops every other platform).

Authentication follows the registry's ``WWW-Authenticate`` challenge:
``Bearer realm=...,service=...,scope=...`` -> fetch a token from the realm
(anonymously, or with Basic credentials when we have some) and retry;
``Basic`` -> send Basic credentials.

Credentials, per registry, first match wins:

Credentials are bound to the hosts the user named, never to a host chosen by the input (an
image reference in a model's code, a ``WWW-Authenticate`` realm, a redirect):

1. ``IACFIX_REGISTRY_USERNAME`` / ``IACFIX_REGISTRY_PASSWORD``, used only for the
   registries listed in ``IACFIX_REGISTRY_HOST`` (comma-separated hosts; required:
   without it the variables are ignored, with a warning).
   Amazon ECR: username ``AWS``, password from ``aws ecr get-login-password
   --region <region>`` (valid 12 hours), host ``<account>.dkr.ecr.<region>.amazonaws.com``::

       export IACFIX_REGISTRY_HOST=123456789012.dkr.ecr.us-east-1.amazonaws.com
       export IACFIX_REGISTRY_USERNAME=AWS
       export IACFIX_REGISTRY_PASSWORD="$(aws ecr get-login-password --region us-east-1)"

2. Docker's config (``$DOCKER_CONFIG/config.json``, default ``~/.docker/config.json``):
   ``credHelpers[<registry>]`` or ``credsStore`` -> ``docker-credential-<helper> get``
   when that program is on ``PATH``; else ``auths[<registry>].auth`` (base64
   ``user:password``) or ``auths[<registry>].username/password``.

Without credentials the client tries anonymously (enough for public images).

A Bearer challenge gets the credentials sent to its token realm only when the realm is on the
registry's own host, on ``auth.docker.io`` for Docker Hub, or on a host listed in
``IACFIX_REGISTRY_HOST``; any other realm is asked for an anonymous token. httpx drops the
``Authorization`` header on a redirect to another origin.

Limits: a manifest body over 4 MiB (the OCI distribution limit) or a token answer over 1 MiB is
refused without being read further, and every request has a total deadline (``timeout``
seconds for connect, headers and body together, checked on every socket read and write), so an
endless or byte-by-byte answer cannot hold a run.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import ipaddress
import json
import os
import random
import re
import shutil
import ssl
import subprocess
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Literal, TypeVar
from urllib.parse import quote, urlsplit

import httpcore
import httpx

from .reference import DEFAULT_REGISTRY, ImageRef, parse_image_ref

__all__ = [
    "ACCEPT_MANIFESTS",
    "MEDIA_TYPES",
    "OCI_IMAGE_INDEX",
    "DOCKER_MANIFEST_LIST",
    "OCI_IMAGE_MANIFEST",
    "DOCKER_MANIFEST_V2",
    "Credentials",
    "CredentialLookup",
    "ErrorKind",
    "Resolution",
    "ResolveError",
    "Resolver",
    "default_credentials",
    "docker_config_credentials",
    "env_credentials",
    "is_insecure_registry",
    "resolve",
]

OCI_IMAGE_INDEX = "application/vnd.oci.image.index.v1+json"
DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json"
OCI_IMAGE_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
DOCKER_MANIFEST_V2 = "application/vnd.docker.distribution.manifest.v2+json"
MEDIA_TYPES = (OCI_IMAGE_INDEX, DOCKER_MANIFEST_LIST, OCI_IMAGE_MANIFEST, DOCKER_MANIFEST_V2)
ACCEPT_MANIFESTS = ", ".join(MEDIA_TYPES)
_SCHEMA1_TYPES = (
    "application/vnd.docker.distribution.manifest.v1+json",
    "application/vnd.docker.distribution.manifest.v1+prettyjws",
)

ENV_USERNAME = "IACFIX_REGISTRY_USERNAME"
ENV_PASSWORD = "IACFIX_REGISTRY_PASSWORD"
ENV_HOSTS = "IACFIX_REGISTRY_HOST"

DEFAULT_TIMEOUT = 10.0
DEFAULT_RETRIES = 3
DEFAULT_BACKOFF = 0.5
_MAX_BACKOFF = 8.0
_MAX_RETRY_AFTER = 30.0
_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
_DIGEST_RE = re.compile(r"sha256:[0-9a-f]{64}")
_USER_AGENT = "iacfix-image-resolver"
#: The OCI distribution spec's limit for a manifest; registries refuse bigger ones on push.
MAX_MANIFEST_BYTES = 4 * 1024 * 1024
MAX_TOKEN_BYTES = 1024 * 1024
MAX_ERROR_BYTES = 64 * 1024
#: Realms that may get the credentials of a registry on another host.
_KNOWN_REALMS = {"docker.io": ("auth.docker.io",)}

ErrorKind = Literal["unauthorized", "not_found", "network", "protocol"]


# ---------------------------------------------------------------------------
# Public value types
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Resolution:
    """The registry's answer: ``digest`` (``sha256:...``), the manifest's media type
    (``None`` if the registry did not say) and the normalised registry name."""

    digest: str
    media_type: str | None
    registry: str


class ResolveError(Exception):
    """Resolution failed.  ``kind`` is one of ``unauthorized``, ``not_found``,
    ``network``, ``protocol``; ``message`` names the image."""

    def __init__(self, kind: ErrorKind, message: str, *, image: str | None = None):
        super().__init__(message)
        self.kind: ErrorKind = kind
        self.message = message
        self.image = image

    def __repr__(self) -> str:
        return f"ResolveError({self.kind!r}, {self.message!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ResolveError) and (self.kind, self.message) == (other.kind, other.message)

    def __hash__(self) -> int:
        return hash((self.kind, self.message))


@dataclass(frozen=True)
class Credentials:
    username: str
    password: str = field(repr=False)

    def basic_header(self) -> str:
        raw = f"{self.username}:{self.password}".encode()
        return "Basic " + base64.b64encode(raw).decode("ascii")


CredentialLookup = Callable[[str], Credentials | None]


# ---------------------------------------------------------------------------
# Credentials
# ---------------------------------------------------------------------------


_warned_unscoped = threading.Event()


def credential_hosts(environ: Mapping[str, str] | None = None) -> set[str]:
    """The hosts named in ``IACFIX_REGISTRY_HOST`` (normalised)."""
    env = os.environ if environ is None else environ
    return {_normalise_server(h) for h in env.get(ENV_HOSTS, "").split(",") if h.strip()}


def env_credentials(registry: str, environ: Mapping[str, str] | None = None) -> Credentials | None:
    """``IACFIX_REGISTRY_USERNAME``/``_PASSWORD`` for ``registry``, only when ``registry`` is one
    of the hosts in ``IACFIX_REGISTRY_HOST``. Without that list they go nowhere: the registry
    an image names comes from the input, and the input must not choose where a password goes."""
    env = os.environ if environ is None else environ
    user, password = env.get(ENV_USERNAME), env.get(ENV_PASSWORD)
    if not user or password is None:
        return None
    allowed = credential_hosts(env)
    if not allowed:
        if not _warned_unscoped.is_set():
            _warned_unscoped.set()
            import sys

            sys.stderr.write(
                f"iacfix: warning: {ENV_USERNAME} is set but {ENV_HOSTS} is not: the credentials are "
                f"not sent anywhere (name the registry hosts they belong to in {ENV_HOSTS})\n"
            )
        return None
    if _normalise_server(registry) not in allowed:
        return None
    return Credentials(user, password)


def _normalise_server(server: str) -> str:
    """``https://index.docker.io/v1/`` -> ``docker.io``; ``https://host:5000`` -> ``host:5000``."""
    s = server.strip()
    if "://" in s:
        s = urlsplit(s).netloc or s
    s = s.split("/", 1)[0].lower()
    if s in ("index.docker.io", "registry-1.docker.io", "registry.hub.docker.com"):
        return DEFAULT_REGISTRY
    return s


def _docker_hub_server_url(registry: str) -> str:
    return "https://index.docker.io/v1/" if registry == DEFAULT_REGISTRY else registry


def _docker_config_path(environ: Mapping[str, str]) -> Path:
    base = environ.get("DOCKER_CONFIG")
    if base:
        return Path(base) / "config.json"
    return Path.home() / ".docker" / "config.json"


def _run_credential_helper(helper: str, registry: str, environ: Mapping[str, str]) -> Credentials | None:
    program = shutil.which(f"docker-credential-{helper}", path=environ.get("PATH"))
    if program is None:
        return None
    for server in dict.fromkeys([_docker_hub_server_url(registry), registry]):
        try:
            proc = subprocess.run(
                [program, "get"],
                input=server,
                capture_output=True,
                text=True,
                timeout=30,
                env=dict(environ),
            )
        except (OSError, subprocess.SubprocessError):
            return None
        if proc.returncode != 0:
            continue  # "credentials not found in native keychain"
        try:
            data = json.loads(proc.stdout)
        except ValueError:
            return None
        user, secret = data.get("Username"), data.get("Secret")
        if user and secret is not None and user != "<token>":
            # "<token>" means an OAuth identity token; not supported (falls back to anonymous).
            return Credentials(user, secret)
    return None


def docker_config_credentials(registry: str, environ: Mapping[str, str] | None = None) -> Credentials | None:
    """Credentials for ``registry`` from Docker's config.json (helpers, then ``auths``)."""
    env = os.environ if environ is None else environ
    path = _docker_config_path(env)
    try:
        config = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(config, dict):
        return None
    want = _normalise_server(registry)

    helpers = config.get("credHelpers") or {}
    if isinstance(helpers, dict):
        for server, helper in helpers.items():
            if _normalise_server(server) == want and isinstance(helper, str):
                creds = _run_credential_helper(helper, registry, env)
                if creds is not None:
                    return creds

    auths = config.get("auths") or {}
    entry = None
    if isinstance(auths, dict):
        for server, value in auths.items():
            if _normalise_server(server) == want and isinstance(value, dict):
                entry = value
                break
    if entry is not None:
        auth = entry.get("auth")
        if isinstance(auth, str) and auth:
            try:
                decoded = base64.b64decode(auth).decode("utf-8")
            except (ValueError, UnicodeDecodeError):
                decoded = ""
            user, sep, password = decoded.partition(":")
            if sep and user:
                return Credentials(user, password)
        name, secret = entry.get("username"), entry.get("password")
        if isinstance(name, str) and name and isinstance(secret, str):
            return Credentials(name, secret)

    store = config.get("credsStore")
    if isinstance(store, str) and store:
        return _run_credential_helper(store, registry, env)
    return None


def default_credentials(registry: str) -> Credentials | None:
    """Environment variables first, then Docker's config.json."""
    return env_credentials(registry) or docker_config_credentials(registry)


# ---------------------------------------------------------------------------
# Transport helpers
# ---------------------------------------------------------------------------


def is_insecure_registry(registry: str, insecure_registries: Iterable[str] = ()) -> bool:
    """Plain HTTP for loopback (``localhost``, ``127.0.0.0/8``, ``::1``) and listed registries."""
    listed = {r.strip().lower() for r in insecure_registries}
    reg = registry.lower()
    if reg in listed:
        return True
    host = _host_of(reg)
    if host in listed:
        return True
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _host_of(hostport: str) -> str:
    if hostport.startswith("["):
        return hostport[1 : hostport.index("]")]
    return hostport.rsplit(":", 1)[0] if ":" in hostport else hostport


_CHALLENGE_PARAM = re.compile(r'\s*([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*,?')


def _parse_challenge(header: str) -> tuple[str, dict[str, str]]:
    """``Bearer realm="x",service="y"`` -> ("bearer", {"realm": "x", "service": "y"})."""
    header = header.strip()
    scheme, _, rest = header.partition(" ")
    params: dict[str, str] = {}
    for m in _CHALLENGE_PARAM.finditer(rest):
        value = m.group(2) if m.group(2) is not None else m.group(3)
        params[m.group(1).lower()] = re.sub(r"\\(.)", r"\1", value)
    return scheme.lower(), params


class _Unauthorized(Exception):
    pass


# ---------------------------------------------------------------------------
# A total deadline per request
# ---------------------------------------------------------------------------
# httpx's timeouts are per socket operation: a server sending one byte every few seconds never
# trips them. The Resolver sets a deadline (thread-local: each request runs in its calling
# thread) and every connect, read and write on the socket gets at most the time left.

_deadline = threading.local()


def _time_left(exc: type[Exception], timeout: float | None) -> float | None:
    end = getattr(_deadline, "at", None)
    if end is None:
        return timeout
    left = end - time.monotonic()
    if left <= 0:
        raise exc("the request's total deadline passed")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream):
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _time_left(httpcore.ReadTimeout, timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _time_left(httpcore.WriteTimeout, timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        return _DeadlineStream(
            self._inner.start_tls(ssl_context, server_hostname, _time_left(httpcore.ConnectTimeout, timeout))
        )

    def get_extra_info(self, info: str) -> object:
        return self._inner.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    def __init__(self) -> None:
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable | None = None,
    ) -> httpcore.NetworkStream:
        return _DeadlineStream(
            self._inner.connect_tcp(
                host, port, _time_left(httpcore.ConnectTimeout, timeout), local_address, socket_options
            )
        )

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable | None = None
    ) -> httpcore.NetworkStream:  # pragma: no cover
        return _DeadlineStream(
            self._inner.connect_unix_socket(path, _time_left(httpcore.ConnectTimeout, timeout), socket_options)
        )

    def sleep(self, seconds: float) -> None:  # pragma: no cover
        self._inner.sleep(seconds)


def _deadline_transport(ssl_context: ssl.SSLContext, limits: httpx.Limits) -> httpx.HTTPTransport:
    """httpx's own transport on a connection pool whose sockets honour the deadline. (httpx does
    not take a network backend; its transport keeps the httpcore pool in `_pool`.)"""
    transport = httpx.HTTPTransport(verify=ssl_context, limits=limits)
    transport._pool = httpcore.ConnectionPool(
        ssl_context=ssl_context,
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        network_backend=_DeadlineBackend(),
    )
    return transport


@dataclass(frozen=True)
class _Reply:
    """A registry answer read within its size limit."""

    status_code: int
    headers: httpx.Headers
    content: bytes
    method: str

    def json(self) -> object:
        return json.loads(self.content)


# ---------------------------------------------------------------------------
# Resolver
# ---------------------------------------------------------------------------

_K = TypeVar("_K")


class Resolver:
    """Resolves image references to manifest digests; caches answers for one run.

    Thread-safe: :meth:`resolve_many` runs lookups on a thread pool, and identical
    references (same registry, repository and tag) share one request.
    """

    def __init__(
        self,
        *,
        credentials: Credentials | CredentialLookup | None = default_credentials,
        insecure_registries: Iterable[str] = (),
        timeout: float = DEFAULT_TIMEOUT,
        retries: int = DEFAULT_RETRIES,
        backoff: float = DEFAULT_BACKOFF,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._credentials = credentials
        self._insecure = tuple(insecure_registries)
        self._timeout = timeout
        self._retries = max(0, int(retries))
        self._backoff = max(0.0, backoff)
        limits = httpx.Limits(max_connections=32, max_keepalive_connections=16)
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout),
            verify=_ssl_context(),
            follow_redirects=True,
            transport=transport or _deadline_transport(_ssl_context(), limits),
            # identity: the body is hashed as sent, and a compressed body cannot expand past the cap
            headers={"User-Agent": _USER_AGENT, "Accept-Encoding": "identity"},
            limits=limits,
        )
        self._lock = threading.Lock()
        self._cache: dict[tuple[str, str, str], Future[Resolution]] = {}
        self._creds_cache: dict[str, Credentials | None] = {}
        # (api host, repository) -> Authorization header value that worked last time
        self._auth: dict[tuple[str, str], str] = {}

    # -- lifecycle -----------------------------------------------------------
    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Resolver:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- public API ------------------------------------------------------------
    def resolve(self, ref: ImageRef | str) -> Resolution:
        """Digest of what ``ref``'s tag points to now (of the digest itself when the
        reference is digest-only).  Raises :class:`ResolveError`."""
        image = parse_image_ref(ref) if isinstance(ref, str) else ref
        key = (image.registry, image.repository, image.manifest_reference)
        with self._lock:
            fut = self._cache.get(key)
            owner = fut is None
            if owner:
                fut = Future()
                self._cache[key] = fut
        assert fut is not None
        if owner:
            try:
                fut.set_result(self._resolve_uncached(image))
            except ResolveError as e:
                fut.set_exception(e)
            except Exception as e:  # a bug, but never leave waiters hanging
                fut.set_exception(ResolveError("protocol", f"{image}: unexpected error: {e!r}", image=str(image)))
        return fut.result()

    def resolve_many(self, refs: Iterable[_K], concurrency: int = 8) -> dict[_K, Resolution | ResolveError]:
        """Resolve every reference (``ImageRef`` or string) concurrently.

        Returns ``{ref: Resolution | ResolveError}`` keyed by the objects passed in.
        Strings that are not image references raise ``ValueError`` before any request.
        """
        items = list(dict.fromkeys(refs))
        parsed = {r: (parse_image_ref(r) if isinstance(r, str) else r) for r in items}
        results: dict[_K, Resolution | ResolveError] = {}
        if not items:
            return results

        def one(r: _K) -> Resolution | ResolveError:
            try:
                return self.resolve(parsed[r])  # type: ignore[arg-type]
            except ResolveError as e:
                return e

        workers = max(1, min(int(concurrency), len(items)))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="iacfix-resolve") as pool:
            for r, res in zip(items, pool.map(one, items), strict=False):
                results[r] = res
        return results

    # -- internals ---------------------------------------------------------------
    def _creds_for(self, registry: str) -> Credentials | None:
        c = self._credentials
        if c is None or isinstance(c, Credentials):
            return c
        with self._lock:
            if registry in self._creds_cache:
                return self._creds_cache[registry]
        found = c(registry)
        with self._lock:
            self._creds_cache[registry] = found
        return found

    def _base_url(self, image: ImageRef) -> str:
        scheme = "http" if is_insecure_registry(image.registry, self._insecure) else "https"
        return f"{scheme}://{image.api_host}"

    def _resolve_uncached(self, image: ImageRef) -> Resolution:
        url = f"{self._base_url(image)}/v2/{image.repository}/manifests/{quote(image.manifest_reference, safe=':')}"
        headers = {"Accept": ACCEPT_MANIFESTS}
        resp = self._send(image, "HEAD", url, headers)
        if resp.status_code == 405:  # a registry without HEAD support: GET it is
            resp = self._send(image, "GET", url, headers)
        self._check_status(image, resp)
        media_type = _media_type(resp)
        if media_type in _SCHEMA1_TYPES:
            raise ResolveError(
                "protocol",
                f"{image}: registry {image.registry} only serves a deprecated schema 1 manifest; not pinning it",
                image=str(image),
            )
        digest = resp.headers.get("Docker-Content-Digest", "").strip()
        if not digest:
            if resp.method == "HEAD":
                resp = self._send(image, "GET", url, headers)
                self._check_status(image, resp)
                media_type = _media_type(resp) or media_type
            body = resp.content
            if not body:
                raise ResolveError(
                    "protocol",
                    f"{image}: registry {image.registry} sent neither Docker-Content-Digest nor a manifest body",
                    image=str(image),
                )
            digest = "sha256:" + hashlib.sha256(body).hexdigest()
        elif resp.method == "GET" and resp.content and digest.startswith("sha256:"):
            actual = "sha256:" + hashlib.sha256(resp.content).hexdigest()
            if actual != digest:
                raise ResolveError(
                    "protocol",
                    f"{image}: registry {image.registry} says the manifest is {digest[:80]} but the "
                    f"manifest it sent is {actual}; not pinning it",
                    image=str(image),
                )
        if not _DIGEST_RE.fullmatch(digest):
            raise ResolveError(
                "protocol",
                f"{image}: registry {image.registry} returned a malformed digest {digest[:80]!r}",
                image=str(image),
            )
        if image.tag is None and image.digest is not None and digest != image.digest:
            raise ResolveError(
                "protocol",
                f"{image}: registry answered with digest {digest} for {image.digest}",
                image=str(image),
            )
        return Resolution(digest=digest, media_type=media_type, registry=image.registry)

    def _check_status(self, image: ImageRef, resp: _Reply) -> None:
        code = resp.status_code
        if 200 <= code < 300:
            return
        where = f"{image.registry}/{image.repository}:{image.manifest_reference}"
        if code == 404:
            raise ResolveError(
                "not_found",
                f"{image}: not found ({where} does not exist on {image.api_host})",
                image=str(image),
            )
        if code in (401, 403):
            hint = ""
            if image.registry == DEFAULT_REGISTRY:
                hint = " (Docker Hub also answers this way for repositories that do not exist)"
            raise ResolveError(
                "unauthorized",
                f"{image}: registry {image.registry} refused access to {image.repository} "
                f"(HTTP {code}){hint}; set credentials (docker login, or "
                f"{ENV_USERNAME}/{ENV_PASSWORD})",
                image=str(image),
            )
        if code in _RETRY_STATUS:
            raise ResolveError(
                "network",
                f"{image}: registry {image.registry} kept answering HTTP {code} after {self._retries} retries",
                image=str(image),
            )
        raise ResolveError(
            "protocol",
            f"{image}: unexpected HTTP {code} from {image.api_host} for {where}",
            image=str(image),
        )

    def _send(self, image: ImageRef, method: str, url: str, headers: dict[str, str]) -> _Reply:
        """One logical request with auth negotiation (at most one challenge round)."""
        auth_key = (image.api_host, image.repository)
        with self._lock:
            cached = self._auth.get(auth_key)
        hdrs = dict(headers)
        if cached:
            hdrs["Authorization"] = cached
        resp = self._request_with_retries(image, method, url, hdrs, limit=MAX_MANIFEST_BYTES)
        if resp.status_code != 401:
            return resp
        challenge = resp.headers.get("WWW-Authenticate", "")
        try:
            authz = self._answer_challenge(image, challenge)
        except _Unauthorized:
            return resp
        if authz is None:
            return resp
        hdrs["Authorization"] = authz
        resp = self._request_with_retries(image, method, url, hdrs, limit=MAX_MANIFEST_BYTES)
        if resp.status_code < 400:
            with self._lock:
                self._auth[auth_key] = authz
        return resp

    def _answer_challenge(self, image: ImageRef, challenge: str) -> str | None:
        scheme, params = _parse_challenge(challenge)
        creds = self._creds_for(image.registry)
        if scheme == "basic":
            if creds is None:
                return None
            return creds.basic_header()
        if scheme == "bearer":
            realm = params.get("realm")
            if not realm:
                raise ResolveError(
                    "protocol",
                    f"{image}: Bearer challenge from {image.registry} has no realm",
                    image=str(image),
                )
            scope = params.get("scope") or f"repository:{image.repository}:pull"
            return "Bearer " + self._fetch_token(image, realm, params.get("service"), scope, creds)
        if not challenge:
            return None
        raise ResolveError(
            "protocol",
            f"{image}: unsupported auth challenge from {image.registry}: {challenge[:120]!r}",
            image=str(image),
        )

    def _fetch_token(
        self,
        image: ImageRef,
        realm: str,
        service: str | None,
        scope: str,
        creds: Credentials | None,
    ) -> str:
        parts = urlsplit(realm)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ResolveError(
                "protocol", f"{image}: bad token realm {realm!r} from {image.registry}", image=str(image)
            )
        headers: dict[str, str] = {}
        if creds is not None and not self._realm_may_get_credentials(image, parts.netloc):
            creds = None  # a realm elsewhere, named by the registry's answer: anonymous token only
        if creds is not None:
            if parts.scheme == "http" and not is_insecure_registry(parts.netloc, self._insecure):
                raise ResolveError(
                    "protocol",
                    f"{image}: refusing to send credentials to plain-HTTP token realm {realm}",
                    image=str(image),
                )
            headers["Authorization"] = creds.basic_header()
        params = {"scope": scope}
        if service:
            params["service"] = service
        resp = self._request_with_retries(image, "GET", realm, headers, params=params, limit=MAX_TOKEN_BYTES)
        if resp.status_code in (401, 403):
            raise _Unauthorized()
        if resp.status_code != 200:
            raise ResolveError(
                "protocol",
                f"{image}: token endpoint {parts.netloc} answered HTTP {resp.status_code}",
                image=str(image),
            )
        try:
            data = resp.json()
            token = data.get("token") or data.get("access_token") if isinstance(data, dict) else None
        except ValueError:
            token = None
        if not isinstance(token, str) or not token:
            raise ResolveError(
                "protocol", f"{image}: token endpoint {parts.netloc} returned no token", image=str(image)
            )
        return token

    def _realm_may_get_credentials(self, image: ImageRef, realm_netloc: str) -> bool:
        realm = _normalise_server(realm_netloc)
        if realm in (_normalise_server(image.api_host), _normalise_server(image.registry)):
            return True
        if _host_of(realm) in _KNOWN_REALMS.get(image.registry, ()):
            return True
        return realm in credential_hosts() or _host_of(realm) in credential_hosts()

    def _request_with_retries(
        self,
        image: ImageRef,
        method: str,
        url: str,
        headers: dict[str, str],
        params: dict[str, str] | None = None,
        limit: int = MAX_MANIFEST_BYTES,
    ) -> _Reply:
        attempt = 0
        while True:
            try:
                resp = self._fetch(image, method, url, headers, params, limit)
            except httpx.HTTPError as e:
                # A timeout already took the whole deadline: retrying it would multiply --timeout.
                if (
                    attempt >= self._retries
                    or not isinstance(e, httpx.TransportError)
                    or isinstance(e, httpx.TimeoutException)
                ):
                    host = urlsplit(url).netloc
                    raise ResolveError(
                        "network",
                        f"{image}: cannot reach registry {image.registry} at {host}: "
                        f"{type(e).__name__}: {str(e) or 'no detail'}",
                        image=str(image),
                    ) from e
                delay = self._delay(attempt, None)
            else:
                if resp.status_code not in _RETRY_STATUS or attempt >= self._retries:
                    return resp
                delay = self._delay(attempt, resp.headers.get("Retry-After"))
            attempt += 1
            time.sleep(delay)

    def _fetch(
        self, image: ImageRef, method: str, url: str, headers: dict[str, str], params: dict[str, str] | None, limit: int
    ) -> _Reply:
        """One HTTP exchange within the total deadline, the body read up to `limit` bytes (an
        error answer up to MAX_ERROR_BYTES): a bigger one is refused, never buffered."""
        _deadline.at = time.monotonic() + self._timeout
        try:
            with self._client.stream(method, url, headers=headers, params=params) as resp:
                cap = limit if resp.status_code < 400 else MAX_ERROR_BYTES
                declared = resp.headers.get("Content-Length", "")
                if method != "HEAD" and declared.isdigit() and int(declared) > cap and resp.status_code < 400:
                    raise self._too_big(image, cap, int(declared))
                body = bytearray()
                if method != "HEAD":
                    for chunk in resp.iter_bytes():
                        body += chunk
                        if len(body) > cap:
                            if resp.status_code >= 400:
                                del body[cap:]
                                break
                            raise self._too_big(image, cap, None)
                return _Reply(resp.status_code, resp.headers, bytes(body), method)
        finally:
            _deadline.at = None

    def _too_big(self, image: ImageRef, cap: int, declared: int | None) -> ResolveError:
        size = f"{declared:,} bytes" if declared is not None else f"more than {cap:,} bytes"
        return ResolveError(
            "protocol",
            f"{image}: registry {image.registry} sent an answer of {size}; the limit is {cap:,} "
            "(a manifest is at most 4 MiB); not read further",
            image=str(image),
        )

    def _delay(self, attempt: int, retry_after: str | None) -> float:
        if retry_after:
            seconds: float | None
            try:
                seconds = float(retry_after)
            except ValueError:
                try:
                    seconds = parsedate_to_datetime(retry_after).timestamp() - time.time()
                except (TypeError, ValueError):
                    seconds = None
            if seconds is not None:
                return min(max(seconds, 0.0), _MAX_RETRY_AFTER)
        base = min(self._backoff * (2**attempt), _MAX_BACKOFF)
        return base * (0.5 + random.random() / 2)  # jitter in [base/2, base]


@functools.lru_cache(maxsize=1)
def _ssl_context() -> ssl.SSLContext:
    # Building one costs ~50 ms (loading the CA bundle); share it across Resolvers.
    return httpx.create_ssl_context()


def _media_type(resp: _Reply) -> str | None:
    ct = resp.headers.get("Content-Type")
    if not ct:
        return None
    return ct.split(";", 1)[0].strip() or None


def resolve(
    ref: ImageRef | str,
    *,
    credentials: Credentials | CredentialLookup | None = default_credentials,
    insecure_registries: Iterable[str] = (),
    timeout: float = DEFAULT_TIMEOUT,
    retries: int = DEFAULT_RETRIES,
    backoff: float = DEFAULT_BACKOFF,
) -> Resolution:
    """Resolve one reference with a throw-away :class:`Resolver`.  Raises :class:`ResolveError`."""
    with Resolver(
        credentials=credentials,
        insecure_registries=insecure_registries,
        timeout=timeout,
        retries=retries,
        backoff=backoff,
    ) as r:
        return r.resolve(ref)
