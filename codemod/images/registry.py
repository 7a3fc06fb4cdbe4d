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

1. ``IACFIX_REGISTRY_USERNAME`` / ``IACFIX_REGISTRY_PASSWORD``.  If
   ``IACFIX_REGISTRY_HOST`` is set (comma-separated hosts) they are used only for
   those registries; otherwise for every registry that asks.  Setting
   ``IACFIX_REGISTRY_HOST`` is recommended so the password never goes anywhere else.
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
from typing import Literal, TypeVar, Union
from urllib.parse import quote, urlsplit

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
        return (
            isinstance(other, ResolveError)
            and (self.kind, self.message) == (other.kind, other.message)
        )

    def __hash__(self) -> int:
        return hash((self.kind, self.message))


@dataclass(frozen=True)
class Credentials:
    username: str
    password: str = field(repr=False)

    def basic_header(self) -> str:
        raw = f"{self.username}:{self.password}".encode()
        return "Basic " + base64.b64encode(raw).decode("ascii")


CredentialLookup = Callable[[str], Union[Credentials, None]]


# ---------------------------------------------------------------------------
# Credentials
# ---------------------------------------------------------------------------


def env_credentials(registry: str, environ: Mapping[str, str] | None = None) -> Credentials | None:
    env = os.environ if environ is None else environ
    user, password = env.get(ENV_USERNAME), env.get(ENV_PASSWORD)
    if not user or password is None:
        return None
    hosts = env.get(ENV_HOSTS, "").strip()
    if hosts:
        allowed = {_normalise_server(h) for h in hosts.split(",") if h.strip()}
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


def docker_config_credentials(
    registry: str, environ: Mapping[str, str] | None = None
) -> Credentials | None:
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
        user, password = entry.get("username"), entry.get("password")
        if isinstance(user, str) and user and isinstance(password, str):
            return Credentials(user, password)

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
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout),
            verify=_ssl_context(),
            follow_redirects=True,
            transport=transport,
            headers={"User-Agent": _USER_AGENT},
            limits=httpx.Limits(max_connections=32, max_keepalive_connections=16),
        )
        self._lock = threading.Lock()
        self._cache: dict[tuple[str, str, str], Future[Resolution]] = {}
        self._creds_cache: dict[str, Credentials | None] = {}
        # (api host, repository) -> Authorization header value that worked last time
        self._auth: dict[tuple[str, str], str] = {}

    # -- lifecycle -----------------------------------------------------------
    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> "Resolver":
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
                fut.set_exception(
                    ResolveError("protocol", f"{image}: unexpected error: {e!r}", image=str(image))
                )
        return fut.result()

    def resolve_many(
        self, refs: Iterable[_K], concurrency: int = 8
    ) -> dict[_K, Resolution | ResolveError]:
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
            for r, res in zip(items, pool.map(one, items)):
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
        url = (
            f"{self._base_url(image)}/v2/{image.repository}/manifests/"
            f"{quote(image.manifest_reference, safe=':')}"
        )
        headers = {"Accept": ACCEPT_MANIFESTS}
        resp = self._send(image, "HEAD", url, headers)
        if resp.status_code == 405:  # a registry without HEAD support: GET it is
            resp = self._send(image, "GET", url, headers)
        self._check_status(image, resp)
        media_type = _media_type(resp)
        if media_type in _SCHEMA1_TYPES:
            raise ResolveError(
                "protocol",
                f"{image}: registry {image.registry} only serves a deprecated schema 1 manifest; "
                "not pinning it",
                image=str(image),
            )
        digest = resp.headers.get("Docker-Content-Digest", "").strip()
        if not digest:
            if resp.request.method == "HEAD":
                resp = self._send(image, "GET", url, headers)
                self._check_status(image, resp)
                media_type = _media_type(resp) or media_type
            body = resp.content
            if not body:
                raise ResolveError(
                    "protocol",
                    f"{image}: registry {image.registry} sent neither Docker-Content-Digest "
                    "nor a manifest body",
                    image=str(image),
                )
            digest = "sha256:" + hashlib.sha256(body).hexdigest()
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

    def _check_status(self, image: ImageRef, resp: httpx.Response) -> None:
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
                f"{image}: registry {image.registry} kept answering HTTP {code} after "
                f"{self._retries} retries",
                image=str(image),
            )
        raise ResolveError(
            "protocol",
            f"{image}: unexpected HTTP {code} from {image.api_host} for {where}",
            image=str(image),
        )

    def _send(self, image: ImageRef, method: str, url: str, headers: dict[str, str]) -> httpx.Response:
        """One logical request with auth negotiation (at most one challenge round)."""
        auth_key = (image.api_host, image.repository)
        with self._lock:
            cached = self._auth.get(auth_key)
        hdrs = dict(headers)
        if cached:
            hdrs["Authorization"] = cached
        resp = self._request_with_retries(image, method, url, hdrs)
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
        resp = self._request_with_retries(image, method, url, hdrs)
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
        resp = self._request_with_retries(image, "GET", realm, headers, params=params)
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
            token = data.get("token") or data.get("access_token")
        except (ValueError, AttributeError):
            token = None
        if not isinstance(token, str) or not token:
            raise ResolveError(
                "protocol", f"{image}: token endpoint {parts.netloc} returned no token", image=str(image)
            )
        return token

    def _request_with_retries(
        self,
        image: ImageRef,
        method: str,
        url: str,
        headers: dict[str, str],
        params: dict[str, str] | None = None,
    ) -> httpx.Response:
        attempt = 0
        while True:
            try:
                resp = self._client.request(method, url, headers=headers, params=params)
            except httpx.TransportError as e:
                if attempt >= self._retries:
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
                resp.close()
            attempt += 1
            time.sleep(delay)

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


def _media_type(resp: httpx.Response) -> str | None:
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
