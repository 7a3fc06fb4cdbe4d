"""IAC002 — container images referenced by a mutable tag (`nginx:latest`) instead of a digest."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from iacfix.config import Config
from iacfix.fix import Applicability, Edit, Finding
from iacfix.images.reference import ImageRef, parse_image_ref
from iacfix.model import Arr, Binary, Ident, Node, Obj, Program, Resource, Str, Template
from iacfix.rules import Context, RuleDoc, Transform, register
from iacfix.values import value_at

# Where images live: the task definition's / job definition's JSON, and Lambda's imageUri.
JSON_HOLDERS = {
    "aws:ecs/taskDefinition:TaskDefinition": ("containerDefinitions",),
    "aws:batch/jobDefinition:JobDefinition": ("containerProperties", "ecsProperties", "eksProperties"),
}
LAMBDA = "aws:lambda/function:Function"
FALLBACK_OPS = {"||", "??", "or"}
IMAGE_KEYS = {"image"}


def digest_for(settings: Config | None, ref: ImageRef) -> str | None:
    """The digest the user supplied for `ref` (`--pin`, `[images]`, iacfix.lock), or None.

    Looked up by the reference as written first, then by any configured reference that names
    the same image (`nginx` == `nginx:latest` == `docker.io/library/nginx:latest`)."""
    if settings is None:
        return None
    written = ref.familiar
    d = settings.digest_for(written) if written else None
    if d:
        return d
    for table in (settings.images, settings.lock):
        for key, digest in table.items():
            try:
                other = parse_image_ref(key)
            except ValueError:
                continue
            if other.digest is None and (other.registry, other.repository, other.tag) == (
                ref.registry,
                ref.repository,
                ref.tag,
            ):
                return digest
    return None


@register
class PinContainerImages(Transform):
    id = "IAC002"
    slug = "pin-container-images"
    tokens = tuple(t.rsplit(":", 1)[1] for t in (*JSON_HOLDERS, LAMBDA))  # the class names: its only candidates
    title = "Container image not pinned to a digest"
    severity = "high"
    applicability = Applicability.SAFE
    doc = RuleDoc(
        what="Finds container images referenced by a tag (`nginx:latest`, `redis:7`, or no tag at "
        "all, which means `:latest`) in ECS container definitions (`JSON.stringify`, "
        "`pulumi.jsonStringify` or a JSON string), AWS Batch job definitions and "
        "`aws.lambda.Function.imageUri`, including the strings that feed them (a const, the "
        'fallback of `config.get(...) || "nginx:latest"` or `process.env.X || ...`), and '
        "pins them to the digest you supply: `nginx:latest` -> `nginx:latest@sha256:...`.",
        why="A tag is mutable: `latest` today is not `latest` tomorrow. Two deployments of the same "
        "program can run different code, a rollback does not roll back, and a scan of the "
        "image says nothing about what actually runs.",
        before='containerDefinitions: JSON.stringify([{ name: "web", image: "nginx:latest" }])',
        after='containerDefinitions: JSON.stringify([{ name: "web", image: "nginx:latest@sha256:<digest>" }])',
        fix_safety="Safe when a digest is known: the digest is the image the tag points to now, so "
        "nothing changes except that it stops moving. iacfix never invents a digest: "
        "give one with `--pin nginx:latest=sha256:...`, in `[tool.iacfix.images]`, or "
        "resolve them from the registry into iacfix.lock with `iacfix pin-images`. "
        "Without one the finding is reported and the code left alone. Images the "
        "program builds itself (`repo.repositoryUrl`, template strings with "
        "substitutions) and references already pinned are left alone.",
        references=(
            "https://docs.aws.amazon.com/AmazonECS/latest/bestpracticesguide/security-tasks-containers.html",
            "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_image",
            "Checkov CKV_DOCKER_7 (latest tag)",
            "hadolint DL3007 (using latest)",
        ),
    )

    def check(self, program: Program, ctx: Context) -> Iterator[Finding]:
        settings = ctx.settings
        seen: set[int] = set()
        spans: list[tuple[int, int, Resource]] = []
        for res in program.resources:
            args = res.args
            if res.token not in JSON_HOLDERS or args is None:
                continue
            for key in JSON_HOLDERS[res.token]:
                prop = args.find(key)
                if prop is None or prop.value is None:
                    continue
                spans.append((prop.value.start, prop.value.end, res))
                target = program.resolve(prop.value)
                if target is not prop.value and target is not None:
                    spans.append((target.start, target.end, res))  # `containerDefinitions: defs`
                if isinstance(target, (Str, Template)):
                    yield from self._json_string(program, target, res, settings, seen)
        # JSON.stringify(...) calls inside the holders (also inside `.apply(...)` callbacks; none without one).
        for call in program.calls if spans else ():
            if program.stringify_kind(call) is None:
                continue
            owner = next((r for s, e, r in spans if s <= call.start and call.end <= e), None)
            if owner is None or not call.args:
                continue
            for lit_node in self._image_values(program, call.args[0]):
                yield from self._pin(program, lit_node, owner, settings, seen)
        for res in program.resources_of(LAMBDA):
            for lit_node in self._string_sources(program, value_at(res.args, "imageUri")):
                yield from self._pin(program, lit_node, res, settings, seen)

    # -- finding the strings --------------------------------------------------------------------
    def _image_values(self, program: Program, node: Node | None, depth: int = 0) -> Iterator[Str | Template]:
        """String nodes holding an `image` value inside a container-definition value."""
        if node is None or depth > 12:
            return
        node = program.resolve(node)
        if isinstance(node, Arr):
            for item in node.items:
                yield from self._image_values(program, item, depth + 1)
        elif isinstance(node, Obj):
            for p in node.props:
                if p.key in IMAGE_KEYS and p.value is not None:
                    yield from self._string_sources(program, p.value)
                elif isinstance(program.resolve(p.value), (Obj, Arr)):
                    yield from self._image_values(program, p.value, depth + 1)

    def _string_sources(self, program: Program, node: Node | None, depth: int = 0) -> Iterator[Str | Template]:
        """The literal strings an expression can evaluate to: itself, through consts, and the
        fallbacks of `a || "x"` / `a ?? "x"` / `a or "x"`."""
        if node is None or depth > 8:
            return
        if isinstance(node, Ident):
            target = program.resolve(node)
            if target is not node and target is not None:
                yield from self._string_sources(program, target, depth + 1)
            return
        if isinstance(node, Binary) and node.op in FALLBACK_OPS:
            yield from self._string_sources(program, node.left, depth + 1)
            yield from self._string_sources(program, node.right, depth + 1)
            return
        if isinstance(node, Str):
            yield node
        elif isinstance(node, Template) and not node.substitutions:
            yield node

    # -- pinning --------------------------------------------------------------------------------
    def _pin(
        self, program: Program, node: Str | Template, res: Resource, settings: Config | None, seen: set[int]
    ) -> Iterator[Finding]:
        if node.start in seen:
            return
        seen.add(node.start)
        yield from self._finding(
            program, node, node.literal, res, settings, lambda pinned: program.edits.set_literal(node, pinned)
        )

    def _finding(
        self, program: Program, node: Node, image: Any, res: Resource, settings: Config | None, edits_for: Any
    ) -> Iterator[Finding]:
        """The finding for an image written by a tag; none for a digest or a string that names no image."""
        if not isinstance(image, str):
            return
        try:
            ref = parse_image_ref(image)
        except ValueError:
            return
        if ref.is_pinned:
            return
        digest = digest_for(settings, ref)
        shown = ref.familiar
        mutable = (
            f"'{shown}' uses the mutable tag ':latest'"
            if ref.tag == "latest" and ref.tag_written
            else f"'{shown}' has no tag, so it means ':latest'"
            if ref.tag == "latest"
            else f"'{shown}' uses the mutable tag ':{ref.tag}'"
        )
        if digest is None:
            msg = (
                f"container image {mutable}: deployments may run different images. Pin it to a "
                f"digest: `--pin {shown}=sha256:<digest>`, `[tool.iacfix.images]` "
                f'"{shown}" = "sha256:...", or `iacfix pin-images` to resolve it from the registry'
            )
            yield self.finding(msg, node, resource=res, image=shown)
            return
        try:
            pinned = ref.with_digest(digest)
        except ValueError:
            return
        edits: list[Edit] = edits_for(pinned)
        if not edits:
            return
        yield self.finding(
            f"container image {mutable}; pinned to {digest[:19]}...",
            node,
            f"Pin {shown} to {digest[:19]}...",
            edits,
            resource=res,
            image=shown,
            digest=digest,
        )

    def _json_string(
        self, program: Program, node: Str | Template, res: Resource, settings: Config | None, seen: set[int]
    ) -> Iterator[Finding]:
        """`containerDefinitions: '[{"image": "nginx:latest"}]'` — a JSON document in a string."""
        text = node.literal
        if not isinstance(text, str) or node.start in seen:
            return
        seen.add(node.start)
        try:
            doc = json.loads(text)
        except ValueError:
            return
        images: list[str] = []

        def visit(v: Any) -> None:
            if isinstance(v, dict):
                for k, x in v.items():
                    if k in IMAGE_KEYS and isinstance(x, str):
                        images.append(x)
                    else:
                        visit(x)
            elif isinstance(v, list):
                for x in v:
                    visit(x)

        visit(doc)
        kit = program.edits
        for image in dict.fromkeys(images):
            # The image's JSON string, quotes included, wherever the document holds it.
            yield from self._finding(
                program,
                node,
                image,
                res,
                settings,
                lambda pinned, image=image: kit.replace_in_string(
                    node, json.dumps(image), json.dumps(pinned), every=True
                ),
            )
