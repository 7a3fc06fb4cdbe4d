"""iacfix.images.reference: Docker's normalisation rules and the image-literal heuristic."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iacfix.images.reference import ImageRef, looks_like_image, parse_image_ref

D = "sha256:" + "ab" * 32
D2 = "sha256:" + "cd" * 32

# text -> (registry, repository, tag, digest, canonical, api_host)
NORMALISATION = {
    "nginx": ("docker.io", "library/nginx", "latest", None, "docker.io/library/nginx:latest", "registry-1.docker.io"),
    "nginx:1.25-alpine": ("docker.io", "library/nginx", "1.25-alpine", None, "docker.io/library/nginx:1.25-alpine", "registry-1.docker.io"),
    "user/app": ("docker.io", "user/app", "latest", None, "docker.io/user/app:latest", "registry-1.docker.io"),
    "docker.io/nginx": ("docker.io", "library/nginx", "latest", None, "docker.io/library/nginx:latest", "registry-1.docker.io"),
    "index.docker.io/library/nginx:1": ("docker.io", "library/nginx", "1", None, "docker.io/library/nginx:1", "registry-1.docker.io"),
    "ghcr.io/org/app:1.2": ("ghcr.io", "org/app", "1.2", None, "ghcr.io/org/app:1.2", "ghcr.io"),
    "localhost:5000/app": ("localhost:5000", "app", "latest", None, "localhost:5000/app:latest", "localhost:5000"),
    "localhost/app:v1": ("localhost", "app", "v1", None, "localhost/app:v1", "localhost"),
    "127.0.0.1:5000/x/y:tag": ("127.0.0.1:5000", "x/y", "tag", None, "127.0.0.1:5000/x/y:tag", "127.0.0.1:5000"),
    "[::1]:5000/app:1": ("[::1]:5000", "app", "1", None, "[::1]:5000/app:1", "[::1]:5000"),
    "public.ecr.aws/nginx/nginx:stable": ("public.ecr.aws", "nginx/nginx", "stable", None, "public.ecr.aws/nginx/nginx:stable", "public.ecr.aws"),
    "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:latest": (
        "123456789012.dkr.ecr.us-east-1.amazonaws.com", "app", "latest", None,
        "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:latest", "123456789012.dkr.ecr.us-east-1.amazonaws.com",
    ),
    "us-docker.pkg.dev/p/r/img:1": ("us-docker.pkg.dev", "p/r/img", "1", None, "us-docker.pkg.dev/p/r/img:1", "us-docker.pkg.dev"),
    f"nginx@{D}": ("docker.io", "library/nginx", None, D, f"docker.io/library/nginx@{D}", "registry-1.docker.io"),
    f"nginx:latest@{D}": ("docker.io", "library/nginx", "latest", D, f"docker.io/library/nginx:latest@{D}", "registry-1.docker.io"),
    "a/b/c/d:x_Y.z-1": ("docker.io", "a/b/c/d", "x_Y.z-1", None, "docker.io/a/b/c/d:x_Y.z-1", "registry-1.docker.io"),
    "my_org/my__app--x.y:1": ("docker.io", "my_org/my__app--x.y", "1", None, "docker.io/my_org/my__app--x.y:1", "registry-1.docker.io"),
    "Registry.Example.COM/app": ("Registry.Example.COM", "app", "latest", None, "Registry.Example.COM/app:latest", "Registry.Example.COM"),
}


@pytest.mark.parametrize("text", list(NORMALISATION))
def test_normalisation(text):
    registry, repository, tag, digest, canonical, api_host = NORMALISATION[text]
    ref = parse_image_ref(text)
    assert (ref.registry, ref.repository, ref.tag, ref.digest) == (registry, repository, tag, digest)
    assert ref.canonical == canonical
    assert ref.api_host == api_host
    assert ref.familiar == text == str(ref)
    # the canonical form parses back to the same thing
    again = parse_image_ref(canonical)
    assert (again.registry, again.repository, again.tag, again.digest) == (registry, repository, tag, digest)


@pytest.mark.parametrize(
    "text, pinned",
    [
        ("nginx:latest", f"nginx:latest@{D2}"),
        ("nginx", f"nginx:latest@{D2}"),  # implicit tag spelled out
        ("docker.io/library/nginx:1", f"docker.io/library/nginx:1@{D2}"),  # user's spelling kept
        ("localhost:5000/app", f"localhost:5000/app:latest@{D2}"),
        ("localhost:5000/app:2", f"localhost:5000/app:2@{D2}"),
        (f"nginx:1@{D}", f"nginx:1@{D2}"),  # re-pin replaces the old digest
        (f"nginx@{D}", f"nginx@{D2}"),  # digest-only stays digest-only
    ],
)
def test_with_digest(text, pinned):
    assert parse_image_ref(text).with_digest(D2) == pinned
    assert parse_image_ref(pinned).digest == D2


def test_with_digest_rejects_bad_digest():
    with pytest.raises(ValueError, match="digest"):
        parse_image_ref("nginx").with_digest("sha256:nothex")


def test_imageref_is_frozen_and_hashable():
    ref = parse_image_ref("nginx:1")
    with pytest.raises(AttributeError):
        ref.tag = "2"  # type: ignore[misc]
    assert {ref: 1}[parse_image_ref("nginx:1")] == 1
    assert ImageRef.parse("nginx:1") == ref
    assert not ref.is_pinned and ref.tag_written
    assert not parse_image_ref("nginx").tag_written


@pytest.mark.parametrize(
    "text, why",
    [
        ("", "empty"),
        ("Nginx", "lowercase"),
        ("nginx:", "empty tag"),
        ("nginx:-x", "invalid tag"),
        ("nginx:" + "a" * 129, "invalid tag"),
        ("a//b", "empty path component"),
        ("a/", "empty path component"),
        ("/a", "empty"),
        ("ghcr.io/", "empty repository"),
        ("ghcr.io/Org/app", "lowercase"),
        ("ghcr.io/org/app_", "invalid repository path component"),
        ("nginx@sha256:abc", "64"),
        ("nginx@sha256:" + "A" * 64, "lower-case hex"),
        ("nginx@md5:" + "a" * 32, "unsupported digest algorithm"),
        ("nginx@" + D + "@" + D, "more than one"),
        ("https://ghcr.io/org/app", "URL"),
        ("nginx latest", "whitespace"),
        (" nginx", "whitespace"),
        ("nginx:1:2", "invalid"),
        ("bad_host.example.com/app", "invalid registry host"),
        ("-foo.example/app", "invalid registry host"),
        ("a" * 256, "255"),
    ],
)
def test_rejects_malformed(text, why):
    with pytest.raises(ValueError) as ei:
        parse_image_ref(text)
    assert why.lower() in str(ei.value).lower()
    assert repr(text)[:30].strip("'") in str(ei.value) or text == ""


@pytest.mark.parametrize(
    "text",
    [
        "nginx:latest",
        "nginx:1.25",
        "redis:7",
        "node:20-alpine",
        "redis:alpine",
        "nginx:stable-alpine",
        "postgres:16.2-bookworm",
        "user/app:1.0",
        "myorg/api:prod",
        "public.ecr.aws/x/y:1",
        "public.ecr.aws/nginx/nginx",
        "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:latest",
        "123456789012.dkr.ecr.us-east-1.amazonaws.com/team/app",
        "ghcr.io/org/app",
        "ghcr.io/org/app:1.2",
        "gcr.io/distroless/static:nonroot",
        "us-central1-docker.pkg.dev/p/r/img",
        "mcr.microsoft.com/dotnet/aspnet:8.0",
        "localhost:5000/app",
        "registry.internal:5000/team/app",
        f"nginx@{D}",
        f"nginx:latest@{D}",
    ],
)
def test_looks_like_image_yes(text):
    assert looks_like_image(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "/health",
        "./app",
        "hello world",
        "arn:aws:iam::123456789012:role/app",
        "arn:aws",
        "sts:AssumeRole",
        "s3:GetObject",
        "logs:CreateLogStream",
        "ecs-tasks.amazonaws.com",
        "db:5432",
        "localhost:8080",
        "example.com:443",
        "env:prod",
        "team:platform",
        "10.0.0.0/16",
        "0.0.0.0/0",
        "2012-10-17",
        "t3.micro",
        "nginx",  # a bare word: use parse_image_ref when the context says "image"
        "user/app",
        "text/html",
        "application/json",
        "s3.amazonaws.com/bucket",
        "https://ghcr.io/org/app:1",
        "${var.image}",
        "index.html",
    ],
)
def test_looks_like_image_no(text):
    assert not looks_like_image(text)


def test_looks_like_image_non_strings():
    assert not looks_like_image(None)  # type: ignore[arg-type]
    assert not looks_like_image(42)  # type: ignore[arg-type]


_component = st.from_regex(r"[a-z0-9]{1,6}(?:[._-][a-z0-9]{1,6}){0,2}", fullmatch=True)
_tag = st.from_regex(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,20}", fullmatch=True)


@given(
    domain=st.sampled_from([None, "ghcr.io", "localhost:5000", "127.0.0.1:5000", "docker.io", "quay.io"]),
    path=st.lists(_component, min_size=1, max_size=3),
    tag=st.one_of(st.none(), _tag),
    digest=st.one_of(st.none(), st.just(D)),
)
def test_roundtrip_property(domain, path, tag, digest):
    if domain is None and ("." in path[0] or path[0] == "localhost"):
        path = ["x" + path[0].replace(".", "-")] + path[1:]  # would read as a registry host
    text = "/".join(([domain] if domain else []) + path)
    if tag:
        text += f":{tag}"
    if digest:
        text += f"@{digest}"
    ref = parse_image_ref(text)
    again = parse_image_ref(ref.canonical)
    assert again.canonical == ref.canonical
    assert (again.registry, again.repository, again.tag, again.digest) == (
        ref.registry, ref.repository, ref.tag, ref.digest,
    )
    pinned = parse_image_ref(ref.with_digest(D2))
    assert pinned.digest == D2
    assert pinned.repository == ref.repository and pinned.registry == ref.registry
    if tag:
        assert pinned.tag == tag
