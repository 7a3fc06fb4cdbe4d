"""Real registries for the `registry` tests.

* ``registry``       (session): Debian's ``docker-registry`` (CNCF Distribution) on
  127.0.0.1:<free port>, plain HTTP, no auth, storage in a temp dir, started with
  our own config (the package's default config listens on every interface).
* ``auth_registry``  (session): the same with htpasswd (bcrypt) Basic auth.
* ``token_registry`` (function): an in-test token server + reverse proxy in front of
  ``registry`` that answers ``401 WWW-Authenticate: Bearer realm=...`` until a token
  from its own ``/token`` endpoint is presented; knobs to drop
  ``Docker-Content-Digest``, inject 429/5xx answers and require Basic credentials
  on the token endpoint.

Nothing here talks to anything but 127.0.0.1.  Without the binaries (install with
``.ci/install-debian-packages.sh``) the tests are skipped locally and fail when ``CI=true``.

Use from a test module::

    from registry_fixture import registry, auth_registry, token_registry  # noqa: F401
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import http.server
import json
import os
import secrets
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import httpx
import pytest

OCI_IMAGE_INDEX = "application/vnd.oci.image.index.v1+json"
DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json"
OCI_IMAGE_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
DOCKER_MANIFEST_V2 = "application/vnd.docker.distribution.manifest.v2+json"
OCI_CONFIG = "application/vnd.oci.image.config.v1+json"
DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json"
OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip"
DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar.gzip"

REGISTRY_BIN_ENV = "IACFIX_TEST_REGISTRY_BIN"
STARTUP_TIMEOUT = 15.0


def sha256_digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def _missing(what: str) -> None:
    reason = f"{what} not found; run .ci/install-debian-packages.sh (Debian: apt-get install docker-registry apache2-utils)"
    if os.environ.get("CI") == "true":
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


def _registry_binary() -> str:
    explicit = os.environ.get(REGISTRY_BIN_ENV)
    if explicit:
        if not os.access(explicit, os.X_OK):
            _missing(f"{REGISTRY_BIN_ENV}={explicit}")
        return explicit
    found = shutil.which("docker-registry") or (
        "/usr/bin/docker-registry" if os.access("/usr/bin/docker-registry", os.X_OK) else None
    )
    if not found:
        _missing("docker-registry binary")
    return found  # type: ignore[return-value]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---------------------------------------------------------------------------
# Pushing content with plain HTTP
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Pushed:
    digest: str
    body: bytes
    media_type: str


class _Pusher:
    """Blob upload (POST, then PUT ?digest=) and manifest PUT, over plain HTTP."""

    url: str
    _push_auth: tuple[str, str] | None = None

    _http: httpx.Client | None = None

    def _client(self) -> httpx.Client:
        # one client per registry (creating an httpx.Client costs ~60 ms)
        if self._http is None:
            self._http = httpx.Client(base_url=self.url, auth=self._push_auth, timeout=10.0, trust_env=False)
        return self._http

    def push_blob(self, repo: str, data: bytes) -> str:
        digest = sha256_digest(data)
        c = self._client()
        r = c.post(f"/v2/{repo}/blobs/uploads/")
        assert r.status_code == 202, (r.status_code, r.text)
        location = urljoin(self.url + "/", r.headers["Location"])
        sep = "&" if urlsplit(location).query else "?"
        r = c.put(
            f"{location}{sep}digest={digest}",
            content=data,
            headers={"Content-Type": "application/octet-stream"},
        )
        assert r.status_code == 201, (r.status_code, r.text)
        return digest

    def push_manifest(self, repo: str, reference: str, body: bytes, media_type: str) -> str:
        c = self._client()
        r = c.put(f"/v2/{repo}/manifests/{reference}", content=body, headers={"Content-Type": media_type})
        assert r.status_code == 201, (r.status_code, r.text)
        digest = r.headers["Docker-Content-Digest"]
        assert digest == sha256_digest(body), "registry stored different bytes than we sent"
        return digest

    def push_image(
        self,
        repo: str,
        tag: str | None,
        *,
        media_type: str = OCI_IMAGE_MANIFEST,
        os_: str = "linux",
        arch: str = "amd64",
    ) -> Pushed:
        """Push a tiny single-platform image (config + one layer).  ``tag=None``
        pushes by digest only (for index children)."""
        docker = media_type == DOCKER_MANIFEST_V2
        layer = secrets.token_bytes(64)
        config = json.dumps(
            {
                "architecture": arch,
                "os": os_,
                "rootfs": {"type": "layers", "diff_ids": [sha256_digest(layer)]},
                "config": {},
            },
            sort_keys=True,
        ).encode()
        config_digest = self.push_blob(repo, config)
        layer_digest = self.push_blob(repo, layer)
        manifest = {
            "schemaVersion": 2,
            "mediaType": media_type,
            "config": {
                "mediaType": DOCKER_CONFIG if docker else OCI_CONFIG,
                "size": len(config),
                "digest": config_digest,
            },
            "layers": [
                {
                    "mediaType": DOCKER_LAYER if docker else OCI_LAYER,
                    "size": len(layer),
                    "digest": layer_digest,
                }
            ],
        }
        body = json.dumps(manifest, indent=3).encode()  # registries must hash bytes as sent
        digest = self.push_manifest(repo, tag or sha256_digest(body), body, media_type)
        return Pushed(digest, body, media_type)

    def push_index(
        self,
        repo: str,
        tag: str,
        *,
        media_type: str = OCI_IMAGE_INDEX,
        platforms: tuple[tuple[str, str], ...] = (("linux", "amd64"), ("linux", "arm64")),
    ) -> tuple[Pushed, list[Pushed]]:
        """Push one manifest per platform (by digest) and an index under ``tag``."""
        child_type = DOCKER_MANIFEST_V2 if media_type == DOCKER_MANIFEST_LIST else OCI_IMAGE_MANIFEST
        children = [self.push_image(repo, None, media_type=child_type, os_=o, arch=a) for o, a in platforms]
        index = {
            "schemaVersion": 2,
            "mediaType": media_type,
            "manifests": [
                {
                    "mediaType": child.media_type,
                    "size": len(child.body),
                    "digest": child.digest,
                    "platform": {"os": o, "architecture": a},
                }
                for child, (o, a) in zip(children, platforms)
            ],
        }
        body = json.dumps(index, indent=2).encode()
        digest = self.push_manifest(repo, tag, body, media_type)
        return Pushed(digest, body, media_type), children


# ---------------------------------------------------------------------------
# docker-registry process
# ---------------------------------------------------------------------------


class LocalRegistry(_Pusher):
    def __init__(self, workdir: Path, *, htpasswd: Path | None = None, credentials: tuple[str, str] | None = None):
        self.workdir = workdir
        self.binary = _registry_binary()
        self.htpasswd = htpasswd
        self.credentials = credentials
        self._push_auth = credentials
        self.port = 0
        self.host = ""
        self.url = ""
        self.startup_seconds = 0.0
        self._proc: subprocess.Popen[bytes] | None = None
        self._log_path = workdir / "registry.log"

    def _config(self) -> dict:
        config: dict = {
            "version": "0.1",
            "log": {"level": "warn", "accesslog": {"disabled": True}},
            "storage": {
                "filesystem": {"rootdirectory": str(self.workdir / "data")},
                "delete": {"enabled": True},
                "cache": {"blobdescriptor": "inmemory"},
            },
            "http": {"addr": f"127.0.0.1:{self.port}", "secret": secrets.token_hex(16)},
        }
        if self.htpasswd is not None:
            config["auth"] = {"htpasswd": {"realm": "iacfix-test", "path": str(self.htpasswd)}}
        return config

    def start(self) -> "LocalRegistry":
        last_log = ""
        for _attempt in range(3):  # the free port can be taken between probe and bind
            self.port = _free_port()
            self.host = f"127.0.0.1:{self.port}"
            self.url = f"http://{self.host}"
            config_path = self.workdir / "config.yml"  # JSON is YAML
            config_path.write_text(json.dumps(self._config(), indent=2))
            env = {k: v for k, v in os.environ.items() if not k.startswith("REGISTRY_")}
            t0 = time.monotonic()
            log = open(self._log_path, "wb")
            self._proc = subprocess.Popen(
                [self.binary, "serve", str(config_path)],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=env,
            )
            log.close()
            if self._wait_ready(t0):
                self.startup_seconds = time.monotonic() - t0
                return self
            self.stop()
            last_log = self._log_path.read_text(errors="replace")[-2000:]
        raise RuntimeError(f"docker-registry did not start; log tail:\n{last_log}")

    def _wait_ready(self, t0: float) -> bool:
        assert self._proc is not None
        while time.monotonic() - t0 < STARTUP_TIMEOUT:
            if self._proc.poll() is not None:
                return False
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=1.0)
            try:
                conn.request("GET", "/v2/")
                if conn.getresponse().status in (200, 401):
                    return True
            except OSError:
                pass
            finally:
                conn.close()
            time.sleep(0.005)
        return False

    def stop(self) -> None:
        if self._http is not None:
            self._http.close()
            self._http = None
        proc, self._proc = self._proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def _make_htpasswd(path: Path, user: str, password: str) -> None:
    htpasswd = shutil.which("htpasswd")
    if not htpasswd:
        _missing("htpasswd (apache2-utils)")
    # -B bcrypt (the only scheme Distribution accepts), -b password on the command line, -n to stdout
    out = subprocess.run([htpasswd, "-Bbn", user, password], capture_output=True, text=True, check=True).stdout
    path.write_text(out.strip() + "\n")


@pytest.fixture(scope="session")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalRegistry]:
    reg = LocalRegistry(tmp_path_factory.mktemp("registry")).start()
    try:
        yield reg
    finally:
        reg.stop()


@pytest.fixture(scope="session")
def auth_registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalRegistry]:
    workdir = tmp_path_factory.mktemp("auth-registry")
    _registry_binary()  # skip/fail on the registry before complaining about htpasswd
    user, password = "iacfix", secrets.token_urlsafe(12)
    _make_htpasswd(workdir / "htpasswd", user, password)
    reg = LocalRegistry(workdir, htpasswd=workdir / "htpasswd", credentials=(user, password)).start()
    try:
        yield reg
    finally:
        reg.stop()


# ---------------------------------------------------------------------------
# Bearer-token front: token server + reverse proxy (http.server, 127.0.0.1)
# ---------------------------------------------------------------------------

_HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-authorization"}


@dataclass
class TokenProxy(_Pusher):
    """Reverse proxy to ``backend`` demanding a bearer token from its own realm.

    Knobs (set them in a test): ``bearer`` (challenge at all), ``token_credentials``
    (require Basic user/password at the token endpoint), ``strip_digest`` (drop
    Docker-Content-Digest from manifest answers), ``failures`` (statuses answered,
    one per manifest request, before forwarding), ``retry_after`` (header on those).
    ``requests`` and ``token_requests`` record what clients sent.
    """

    backend: LocalRegistry
    bearer: bool = True
    token_credentials: tuple[str, str] | None = None
    strip_digest: bool = False
    failures: list[int] = field(default_factory=list)
    retry_after: str | None = None
    requests: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    token_requests: list[dict[str, object]] = field(default_factory=list)
    host: str = ""
    url: str = ""
    _tokens: set[str] = field(default_factory=set)
    _server: http.server.ThreadingHTTPServer | None = None
    _thread: threading.Thread | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    # pushes go straight to the backend (same storage)
    def _client(self) -> httpx.Client:
        return self.backend._client()

    @property
    def realm(self) -> str:
        return f"{self.url}/token"

    def start(self) -> "TokenProxy":
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:  # keep pytest output clean
                pass

            def do_GET(self) -> None:
                proxy._handle(self)

            do_HEAD = do_GET
            do_PUT = do_GET
            do_POST = do_GET
            do_PATCH = do_GET
            do_DELETE = do_GET

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        port = self._server.server_address[1]
        self.host = f"127.0.0.1:{port}"
        self.url = f"http://{self.host}"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, name="token-proxy", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    # -- request handling -----------------------------------------------------
    @staticmethod
    def _reply(h: http.server.BaseHTTPRequestHandler, status: int, headers: dict[str, str], body: bytes = b"") -> None:
        h.send_response(status)
        for k, v in headers.items():
            h.send_header(k, v)
        if "Content-Length" not in headers:
            h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        if h.command != "HEAD" and body:
            h.wfile.write(body)

    def _handle(self, h: http.server.BaseHTTPRequestHandler) -> None:
        length = int(h.headers.get("Content-Length") or 0)
        body = h.rfile.read(length) if length else b""
        parts = urlsplit(h.path)
        with self._lock:
            self.requests.append((h.command, h.path, dict(h.headers.items())))
        if parts.path == "/token":
            return self._handle_token(h, parse_qs(parts.query))

        if self.bearer:
            auth = h.headers.get("Authorization", "")
            token = auth[len("Bearer ") :] if auth.startswith("Bearer ") else None
            if token is None or token not in self._tokens:
                challenge = f'Bearer realm="{self.realm}",service="test"'
                segs = parts.path.split("/")
                if "manifests" in segs or "blobs" in segs:
                    i = segs.index("manifests" if "manifests" in segs else "blobs")
                    name = "/".join(segs[2:i])
                    challenge += f',scope="repository:{name}:pull"'
                err = json.dumps({"errors": [{"code": "UNAUTHORIZED", "message": "authentication required"}]})
                return self._reply(
                    h, 401, {"WWW-Authenticate": challenge, "Content-Type": "application/json"}, err.encode()
                )

        if "/manifests/" in parts.path:
            with self._lock:
                status = self.failures.pop(0) if self.failures else None
            if status is not None:
                headers = {"Content-Type": "application/json"}
                if self.retry_after is not None:
                    headers["Retry-After"] = self.retry_after
                return self._reply(h, status, headers, b'{"errors":[{"code":"TOOMANYREQUESTS"}]}')

        # forward to the real registry
        conn = http.client.HTTPConnection("127.0.0.1", self.backend.port, timeout=10)
        fwd = {k: v for k, v in h.headers.items() if k.lower() not in _HOP_BY_HOP | {"host", "authorization"}}
        if self.backend.credentials:
            u, p = self.backend.credentials
            fwd["Authorization"] = "Basic " + base64.b64encode(f"{u}:{p}".encode()).decode()
        conn.request(h.command, h.path, body=body or None, headers=fwd)
        resp = conn.getresponse()
        data = resp.read()
        out = {k: v for k, v in resp.getheaders() if k.lower() not in _HOP_BY_HOP | {"content-length"}}
        if self.strip_digest:
            out = {k: v for k, v in out.items() if k.lower() != "docker-content-digest"}
        if h.command == "HEAD":
            out["Content-Length"] = resp.getheader("Content-Length", "0")
        conn.close()
        self._reply(h, resp.status, out, data)

    def _handle_token(self, h: http.server.BaseHTTPRequestHandler, query: dict[str, list[str]]) -> None:
        auth = h.headers.get("Authorization", "")
        with self._lock:
            self.token_requests.append({"query": query, "authorization": auth})
        if self.token_credentials is not None:
            u, p = self.token_credentials
            expected = "Basic " + base64.b64encode(f"{u}:{p}".encode()).decode()
            if auth != expected:
                return self._reply(h, 401, {"Content-Type": "application/json"}, b'{"details":"bad credentials"}')
        if query.get("service") != ["test"]:
            return self._reply(h, 400, {"Content-Type": "application/json"}, b'{"details":"bad service"}')
        token = secrets.token_urlsafe(16)
        with self._lock:
            self._tokens.add(token)
        body = json.dumps({"token": token, "expires_in": 300}).encode()
        self._reply(h, 200, {"Content-Type": "application/json"}, body)


@pytest.fixture
def token_registry(registry: LocalRegistry) -> Iterator[TokenProxy]:
    proxy = TokenProxy(backend=registry).start()
    try:
        yield proxy
    finally:
        proxy.stop()
