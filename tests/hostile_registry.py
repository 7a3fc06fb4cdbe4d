"""A hostile registry on loopback, for the tests that prove no registry can hang, flood or
trick `pin-images` (http.server in a thread; nothing but 127.0.0.1).

Each behaviour is a path prefix, so one server plays them all (`/v2/<mode>/app/manifests/tag`):

* ``endless``   200 with a manifest body that never ends (chunked, 64 KiB at a time);
* ``drip``      200 with headers and body sent one byte at a time, `drip_seconds` apart;
* ``oversized`` 200 with a 5 MiB manifest (Content-Length says so);
* ``bigchunked`` 200 with a 5 MiB manifest and no Content-Length (chunked);
* ``redirect``  302 to the same path on another host (`other`, a second server), which records
                the headers it gets;
* ``wrongdigest`` 200, Docker-Content-Digest that is not the hash of the body it sends;
* ``realm``     401 Bearer challenge whose realm is on another host (`other`); that host hands
                out tokens and records what it got;
* ``basic``     401 Basic challenge (for credentials the registry's own host may get).

``requests`` records (server, method, path, headers) for every request, on both servers.
"""

from __future__ import annotations

import hashlib
import http.server
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

MANIFEST = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                       "config": {}, "layers": []}).encode()
OCI = "application/vnd.oci.image.manifest.v1+json"


def digest_of(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


@dataclass
class Hostile:
    drip_seconds: float = 0.2
    host: str = ""
    other_host: str = ""
    requests: list[tuple[str, str, str, dict[str, str]]] = field(default_factory=list)
    _servers: list[http.server.ThreadingHTTPServer] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)

    def start(self) -> "Hostile":
        main = self._serve("main", self._main)
        other = self._serve("other", self._other)
        self.host = f"127.0.0.1:{main.server_address[1]}"
        self.other_host = f"localhost:{other.server_address[1]}"  # another host name, same machine
        return self

    def stop(self) -> None:
        self._stop.set()
        for s in self._servers:
            s.shutdown()
            s.server_close()

    def image(self, mode: str) -> str:
        return f"{self.host}/{mode}/app:tag"

    def seen_by(self, server: str) -> list[dict[str, str]]:
        return [h for s, _, _, h in self.requests if s == server]

    # -- plumbing ---------------------------------------------------------------------------
    def _serve(self, name: str, handler) -> http.server.ThreadingHTTPServer:
        owner = self

        class H(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a: object) -> None:
                pass

            def do_GET(self) -> None:
                owner.requests.append((name, self.command, self.path, {k.lower(): v for k, v in self.headers.items()}))
                try:
                    handler(self)
                except OSError:  # the client went away (it gave up on a drip, a cut-off body)
                    pass

            do_HEAD = do_GET

        srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
        srv.daemon_threads = True
        srv.handle_error = lambda request, address: None  # a client giving up is the point here
        threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        self._servers.append(srv)
        return srv

    @staticmethod
    def _send(h, status: int, headers: dict[str, str], body: bytes = b"") -> None:
        h.send_response(status)
        for k, v in headers.items():
            h.send_header(k, v)
        if "Content-Length" not in headers and "Transfer-Encoding" not in headers:
            h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        if h.command != "HEAD" and body:
            h.wfile.write(body)

    def _main(self, h) -> None:
        path = h.path.split("?")[0]
        if path == "/v2/" or "/manifests/" not in path:
            return self._send(h, 200, {}, b"{}")
        mode = path.split("/")[2]
        getattr(self, f"_mode_{mode}")(h)

    # -- behaviours -------------------------------------------------------------------------
    def _mode_endless(self, h) -> None:
        h.send_response(200)
        h.send_header("Content-Type", OCI)
        h.send_header("Transfer-Encoding", "chunked")
        h.end_headers()
        if h.command == "HEAD":  # no digest header: the client must GET and hash the body
            return
        block = b" " * 65536
        while not self._stop.is_set():
            h.wfile.write(b"%x\r\n%s\r\n" % (len(block), block))

    def _mode_drip(self, h) -> None:
        head = (f"HTTP/1.1 200 OK\r\nContent-Type: {OCI}\r\nContent-Length: {len(MANIFEST)}\r\n"
                f"Docker-Content-Digest: {digest_of(MANIFEST)}\r\n\r\n").encode()
        for i in range(len(head)):
            if self._stop.is_set():
                return
            h.wfile.write(head[i:i + 1])
            h.wfile.flush()
            time.sleep(self.drip_seconds)

    def _mode_oversized(self, h) -> None:
        body = b"{" + b" " * (5 * 1024 * 1024) + b"}"
        self._send(h, 200, {"Content-Type": OCI}, body)

    def _mode_bigchunked(self, h) -> None:
        h.send_response(200)
        h.send_header("Content-Type", OCI)
        h.send_header("Transfer-Encoding", "chunked")
        h.end_headers()
        if h.command == "HEAD":
            return
        block = b" " * 65536
        for _ in range(80):
            h.wfile.write(b"%x\r\n%s\r\n" % (len(block), block))
        h.wfile.write(b"0\r\n\r\n")

    def _mode_redirect(self, h) -> None:
        self._send(h, 302, {"Location": f"http://{self.other_host}{h.path}"})

    def _mode_wrongdigest(self, h) -> None:
        self._send(h, 200, {"Content-Type": OCI, "Docker-Content-Digest": digest_of(b"something else")}, MANIFEST)

    def _mode_realm(self, h) -> None:
        if h.headers.get("Authorization", "").startswith("Bearer "):
            return self._send(h, 200, {"Content-Type": OCI, "Docker-Content-Digest": digest_of(MANIFEST)}, MANIFEST)
        self._send(h, 401, {"WWW-Authenticate": f'Bearer realm="http://{self.other_host}/token",service="x"'})

    def _mode_basic(self, h) -> None:
        if h.headers.get("Authorization", "").startswith("Basic "):
            return self._send(h, 200, {"Content-Type": OCI, "Docker-Content-Digest": digest_of(MANIFEST)}, MANIFEST)
        self._send(h, 401, {"WWW-Authenticate": 'Basic realm="registry"'})

    def _other(self, h) -> None:
        if h.path.startswith("/token"):
            return self._send(h, 200, {"Content-Type": "application/json"}, b'{"token": "anon"}')
        self._send(h, 200, {"Content-Type": OCI, "Docker-Content-Digest": digest_of(MANIFEST)}, MANIFEST)


@pytest.fixture
def hostile() -> Iterator[Hostile]:
    h = Hostile().start()
    try:
        yield h
    finally:
        h.stop()
