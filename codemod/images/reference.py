"""Container image references, parsed and normalised the way Docker does it.

Grammar (from the Distribution project's ``reference`` package)::

    reference  := name [ ":" tag ] [ "@" digest ]
    name       := [ domain "/" ] path-component ( "/" path-component )*
    domain     := host [ ":" port ]            host: DNS name, IPv4, or "[" IPv6 "]"
    path-comp  := [a-z0-9]+ ( ( "." | "_" | "__" | "-"+ ) [a-z0-9]+ )*
    tag        := [A-Za-z0-9_] [A-Za-z0-9_.-]{0,127}
    digest     := algorithm ":" hex

The first ``/``-separated component is a registry only if it contains ``.`` or
``:``, is ``localhost``, or has upper-case letters (Docker's rule); otherwise the
image lives on Docker Hub (``docker.io``), and single-component names get the
``library/`` prefix of the official images.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = [
    "DEFAULT_REGISTRY",
    "DEFAULT_TAG",
    "ImageRef",
    "parse_image_ref",
    "looks_like_image",
    "registry_api_host",
]

DEFAULT_REGISTRY = "docker.io"
DOCKER_HUB_API_HOST = "registry-1.docker.io"
DEFAULT_TAG = "latest"
_LEGACY_DOCKER_HUB = "index.docker.io"
_MAX_NAME_LENGTH = 255

_PATH_COMPONENT = re.compile(r"[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*")
_DOMAIN_COMPONENT = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_DOMAIN = re.compile(
    r"(?:" + _DOMAIN_COMPONENT + r"(?:\." + _DOMAIN_COMPONENT + r")*"  # DNS name / IPv4
    r"|\[[0-9A-Fa-f:.]+(?:%[A-Za-z0-9]+)?\])"  # [IPv6]
    r"(?::[0-9]+)?"
)
_TAG = re.compile(r"[\w][\w.-]{0,127}", re.ASCII)
_DIGEST_LENGTHS = {"sha256": 64, "sha384": 96, "sha512": 128}
_DIGEST = re.compile(r"(?P<algo>[a-z0-9]+(?:[.+_-][a-z0-9]+)*):(?P<hex>[a-zA-Z0-9=_-]+)")


@dataclass(frozen=True)
class ImageRef:
    """A parsed, normalised image reference.

    ``registry``   -- normalised registry (``docker.io``, ``ghcr.io``, ``localhost:5000``)
    ``repository`` -- path inside the registry (``library/nginx``)
    ``tag``        -- tag; ``"latest"`` when neither tag nor digest was written,
                      ``None`` for a digest-only reference (``nginx@sha256:...``)
    ``digest``     -- ``sha256:...`` when the reference is already pinned, else ``None``
    ``familiar``   -- the reference exactly as the user wrote it (kept for rewriting)
    """

    registry: str
    repository: str
    tag: str | None
    digest: str | None
    familiar: str = field(default="")

    # -- parsing -----------------------------------------------------------
    @classmethod
    def parse(cls, text: str) -> ImageRef:
        return parse_image_ref(text)

    # -- derived names -----------------------------------------------------
    @property
    def name(self) -> str:
        """``registry/repository`` (``docker.io/library/nginx``)."""
        return f"{self.registry}/{self.repository}"

    @property
    def canonical(self) -> str:
        """Fully-qualified form: ``docker.io/library/nginx:latest[@sha256:...]``."""
        out = self.name
        if self.tag is not None:
            out += f":{self.tag}"
        if self.digest is not None:
            out += f"@{self.digest}"
        return out

    @property
    def api_host(self) -> str:
        """Host (and port) that serves the Distribution API for this registry."""
        return registry_api_host(self.registry)

    @property
    def manifest_reference(self) -> str:
        """What goes after ``/manifests/``: the tag if there is one, else the digest."""
        if self.tag is not None:
            return self.tag
        assert self.digest is not None
        return self.digest

    @property
    def is_pinned(self) -> bool:
        return self.digest is not None

    @property
    def tag_written(self) -> bool:
        """Whether the user wrote a tag (``nginx:latest``) or it is implied (``nginx``)."""
        return _split_familiar(self.familiar or self.canonical)[1] is not None

    # -- rewriting ---------------------------------------------------------
    def with_digest(self, digest: str) -> str:
        """The user's own spelling, pinned: ``nginx:latest`` -> ``nginx:latest@sha256:...``.

        The tag is kept for the reader (Docker ignores it once a digest is present).
        When the user wrote no tag the implicit ``latest`` is spelled out, so the pin
        still says what was resolved: ``nginx`` -> ``nginx:latest@sha256:...``.
        A digest already present is replaced.  A digest-only reference
        (``nginx@sha256:...``) stays digest-only.
        """
        _validate_digest(digest, context=f"digest {digest!r}")
        name, tag, _old = _split_familiar(self.familiar or self.canonical)
        if tag is None and self.tag is not None:
            tag = self.tag
        out = name
        if tag is not None:
            out += f":{tag}"
        return f"{out}@{digest}"

    def __str__(self) -> str:
        return self.familiar or self.canonical


def registry_api_host(registry: str) -> str:
    """``docker.io`` is served by ``registry-1.docker.io``; other registries serve themselves."""
    if registry in (DEFAULT_REGISTRY, _LEGACY_DOCKER_HUB):
        return DOCKER_HUB_API_HOST
    return registry


def _split_familiar(text: str) -> tuple[str, str | None, str | None]:
    """Split ``name[:tag][@digest]`` without validating. Returns (name, tag, digest)."""
    digest = None
    if "@" in text:
        text, digest = text.split("@", 1)
    tag = None
    slash = text.rfind("/")
    colon = text.rfind(":")
    if colon > slash:
        text, tag = text[:colon], text[colon + 1 :]
    return text, tag, digest


def _validate_digest(digest: str, *, context: str) -> None:
    m = _DIGEST.fullmatch(digest)
    if not m:
        raise ValueError(f"{context}: malformed digest (expected 'sha256:<64 hex digits>')")
    algo, hexpart = m.group("algo"), m.group("hex")
    if algo not in _DIGEST_LENGTHS:
        raise ValueError(f"{context}: unsupported digest algorithm {algo!r} (sha256, sha384, sha512)")
    want = _DIGEST_LENGTHS[algo]
    if len(hexpart) != want or not re.fullmatch(r"[0-9a-f]+", hexpart):
        raise ValueError(f"{context}: {algo} digest must be {want} lower-case hex digits")


def parse_image_ref(text: str) -> ImageRef:
    """Parse and normalise ``text``; raise ``ValueError`` saying why it is not a reference."""
    if not isinstance(text, str):
        raise ValueError(f"image reference must be a string, not {type(text).__name__}")
    ctx = f"invalid image reference {text!r}"
    if not text:
        raise ValueError(f"{ctx}: empty")
    if text != text.strip() or any(c.isspace() for c in text):
        raise ValueError(f"{ctx}: contains whitespace")
    if "://" in text:
        raise ValueError(f"{ctx}: looks like a URL; image references have no scheme")
    if text.count("@") > 1:
        raise ValueError(f"{ctx}: more than one '@'")

    name, tag, digest = _split_familiar(text)
    if digest is not None:
        _validate_digest(digest, context=ctx)
    if tag is not None:
        if tag == "":
            raise ValueError(f"{ctx}: empty tag after ':'")
        if not _TAG.fullmatch(tag):
            raise ValueError(
                f"{ctx}: invalid tag {tag!r} (letters, digits, '_', '.', '-'; "
                "must not start with '.' or '-'; at most 128 characters)"
            )
    if not name:
        raise ValueError(f"{ctx}: empty name")
    if len(name) > _MAX_NAME_LENGTH:
        raise ValueError(f"{ctx}: name longer than {_MAX_NAME_LENGTH} characters")

    # Registry or Docker Hub? (Docker's splitDockerDomain rule.)
    first, sep, rest = name.partition("/")
    if sep and (any(c in first for c in ".:") or first == "localhost" or first.lower() != first):
        domain, path = first, rest
        if not _DOMAIN.fullmatch(domain):
            raise ValueError(f"{ctx}: invalid registry host {domain!r}")
        if domain == _LEGACY_DOCKER_HUB:
            domain = DEFAULT_REGISTRY
    else:
        domain, path = DEFAULT_REGISTRY, name
    if not path:
        raise ValueError(f"{ctx}: empty repository path")

    for component in path.split("/"):
        if not component:
            raise ValueError(f"{ctx}: empty path component (doubled or trailing '/')")
        if not _PATH_COMPONENT.fullmatch(component):
            if component.lower() != component and _PATH_COMPONENT.fullmatch(component.lower()):
                raise ValueError(f"{ctx}: repository name must be lowercase ({component!r})")
            raise ValueError(
                f"{ctx}: invalid repository path component {component!r} "
                "(lower-case letters and digits, separated by '.', '_', '__' or dashes)"
            )

    if domain == DEFAULT_REGISTRY and "/" not in path:
        path = f"library/{path}"
    if tag is None and digest is None:
        tag = DEFAULT_TAG
    return ImageRef(registry=domain, repository=path, tag=tag, digest=digest, familiar=text)


# ---------------------------------------------------------------------------
# Heuristic: is this string literal (probably) an image reference?
# ---------------------------------------------------------------------------

_KNOWN_REGISTRY = re.compile(
    r"""^(?:
        docker\.io | index\.docker\.io | registry-1\.docker\.io
      | ghcr\.io | quay\.io | gcr\.io | [a-z0-9-]+\.gcr\.io | [a-z0-9-]+-docker\.pkg\.dev
      | public\.ecr\.aws | [0-9]{12}\.dkr\.ecr(?:-fips)?\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?
      | mcr\.microsoft\.com | [a-z0-9-]+\.azurecr\.io | registry\.k8s\.io | k8s\.gcr\.io
      | registry\.gitlab\.com | docker\.pkg\.github\.com | nvcr\.io | cgr\.dev
    )$""",
    re.VERBOSE,
)
# Words that make a tag on a bare name (``redis:alpine``) read like an image tag.
_TAGGY_WORDS = re.compile(
    r"latest|stable|mainline|alpine|slim|lts|edge|bookworm|bullseye|buster|stretch|jammy|"
    r"focal|noble|bionic|trixie|windowsservercore|nanoserver|distroless|debian|ubuntu|jdk|"
    r"jre|nightly|canary|beta|alpha|rc|perl|otel|musl|glibc|fpm|apache|management|"
    r"community|enterprise|bullseye|ubi|minimal|scratch|busybox|nonroot|debug"
)
_NON_IMAGE_PREFIXES = ("arn:", "/", "./", "../", "~", "$", "{", "s3:", "mailto:", "urn:")


def looks_like_image(text: str) -> bool:
    """Heuristic for string literals found in programs: is ``text`` probably an image?

    Stricter than :func:`parse_image_ref` (for which ``"sts:AssumeRole"``,
    ``"db:5432"`` or ``"ecs-tasks.amazonaws.com"`` are valid references).  Yes for:
    a pinned reference; a reference with a tag whose name has a namespace or a
    registry (``user/app:1``, ``ghcr.io/org/app:1.2``); a bare official name with a
    version-ish tag (``nginx:latest``, ``redis:7``, ``node:20-alpine``); an untagged
    name on a well-known registry or a registry with a port
    (``public.ecr.aws/x/y``, ``localhost:5000/app``).  No for paths, URLs, ARNs,
    IAM actions, ``host:port`` strings, CIDRs, prose and bare words (``nginx``).

    When the context already says "this is an image" (an ``image`` property),
    callers should use :func:`parse_image_ref` directly instead.
    """
    if not isinstance(text, str) or not text or len(text) > 512:
        return False
    if text.startswith(_NON_IMAGE_PREFIXES) or "://" in text:
        return False
    try:
        ref = parse_image_ref(text)
    except ValueError:
        return False
    if ref.digest is not None:
        return True
    name, tag, _ = _split_familiar(text)
    has_domain = ref.registry != DEFAULT_REGISTRY or name.split("/", 1)[0] in (
        DEFAULT_REGISTRY,
        _LEGACY_DOCKER_HUB,
    )
    domain = name.split("/", 1)[0] if has_domain else None

    if tag is None:
        # Untagged: only on registries that are clearly registries.
        if domain is None:
            return False
        return bool(_KNOWN_REGISTRY.match(domain) or ":" in domain or domain == "localhost")

    if domain is not None or "/" in name:
        # Namespaced or on a registry, with a valid tag: image-shaped enough.
        # Reject CIDR-ish "10.0.0.0/16:..." and IP-only domains without a port.
        if domain is not None and re.fullmatch(r"[0-9.]+", domain):
            return False
        return True

    # Bare name with a tag: "nginx:latest" vs "sts:AssumeRole", "db:5432", "env:prod".
    if "." in name or name == "localhost":
        return False  # "example.com:8080", "localhost:80"
    if tag.isdigit():
        return len(tag) <= 2  # "redis:7", "node:20"; "db:5432", "web:8080" are host:port
    if tag.lower() != tag:
        return False  # "sts:AssumeRole", "s3:GetObject"
    if any(c.isdigit() for c in tag):
        return True  # "1.25-alpine", "v2", "3.12-slim"
    return bool(_TAGGY_WORDS.search(tag))
