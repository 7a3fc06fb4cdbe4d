"""`iacfix pin-images`: resolve unpinned images from their registries into iacfix.lock.

The images come from the pin-container-images transform's own findings (so pin-images and
`apply` agree on what an image is); the digests from the registry (`Resolver`), never invented.
`apply` then pins from the lock file without touching the network.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .. import cli_options as opt

PIN_RULE = "IAC002"


def unpinned_images(paths: list[str], config) -> tuple[dict[str, list[str]], list[str]]:
    """{image reference as written: [where it is used]} for every image still on a tag,
    plus the input errors met on the way."""
    from ..document import Document
    from ..engine import fix_document
    from ..errors import InputError
    from ..files import iter_inputs

    cfg = config.with_(select=(PIN_RULE,), ignore=())
    found: dict[str, list[str]] = {}
    errors: list[str] = []
    for path, problem in iter_inputs(paths, cfg):
        if problem is not None:
            errors.append(str(problem))
            continue
        try:
            doc = Document.read(path)
        except InputError as exc:
            errors.append(str(exc))
            continue
        res = fix_document(doc, cfg, fix=False)
        for f in res.findings:
            image = f.data.get("image")
            if f.rule == PIN_RULE and image:
                found.setdefault(image, []).append(f"{path}:{f.line}")
    return found, errors


def default_lock_path(paths: list[str]) -> Path:
    from .lock import LOCK_FILENAME, find_lock

    first = Path(next((p for p in paths if p != "-"), "."))
    start = first if first.is_dir() else first.parent
    return find_lock(start) or (start / LOCK_FILENAME)


Paths = Annotated[
    list[str],
    typer.Argument(metavar="PATH...", show_default=False, help="Files or folders to scan for images on a tag."),
]
Lock = Annotated[
    Path | None,
    typer.Option(
        "--lock",
        metavar="FILE",
        show_default=False,
        help="Lock file (default: iacfix.lock found upward, else next to the input).",
    ),
]
Offline = Annotated[bool, typer.Option("--offline", help="Never touch the network: only report what the lock lacks.")]
Refresh = Annotated[bool, typer.Option("--refresh", help="Resolve again images already in the lock.")]
Insecure = Annotated[
    list[str],
    typer.Option(
        "--insecure-registry",
        metavar="HOST[:PORT]",
        show_default=False,
        help="Registry spoken to over plain HTTP (loopback always is). Repeatable.",
    ),
]
Timeout = Annotated[float, typer.Option("--timeout", metavar="SECONDS", help="Seconds per registry request.")]
Concurrency = Annotated[int, typer.Option("--concurrency", metavar="N", help="Registry requests in flight.")]


def pin_images(
    paths: Paths,
    lock: Lock = None,
    offline: Offline = False,
    refresh: Refresh = False,
    insecure: Insecure = [],
    timeout: Timeout = 10.0,
    concurrency: Concurrency = 8,
    config_file: opt.ConfigFile = None,
) -> None:
    """Resolve `name:tag` images to the digest their registry serves; write iacfix.lock."""
    from ..config import Config, find_config_file, load_config
    from ..errors import ConfigError
    from .lock import LockEntry, load_lock, update_lock, utc_now
    from .reference import parse_image_ref
    from .registry import ResolveError, Resolver

    try:
        cfg_path = config_file or find_config_file(Path(paths[0]) if Path(paths[0]).exists() else Path("."))
        config = load_config(cfg_path)
    except ConfigError as exc:
        opt.fail(str(exc))
    lock_path = lock or default_lock_path(paths)
    try:
        entries = dict(load_lock(lock_path))
    except (ValueError, OSError) as exc:
        opt.fail(f"{lock_path}: unreadable lock file: {exc}")
    images, errors = unpinned_images(paths, config if isinstance(config, Config) else Config())
    for e in errors:
        opt.error(str(e))
    todo = sorted(ref for ref in images if refresh or ref not in entries)
    if not images:
        typer.echo("No images on a tag found.", err=True)
    failed = 0
    if todo and offline:
        for ref in todo:
            typer.echo(f"{ref}: not in {lock_path} (offline: not resolved)", err=True)
        failed = len(todo)
    elif todo:
        valid = {}
        for ref in todo:
            try:
                valid[ref] = parse_image_ref(ref)
            except ValueError as exc:
                typer.echo(f"{ref}: not a valid image reference: {exc}", err=True)
                failed += 1
        with Resolver(insecure_registries=insecure, timeout=timeout) as resolver:
            results = resolver.resolve_many(list(valid.values()), concurrency=concurrency)
        resolved: dict[str, LockEntry] = {}
        for ref, image in valid.items():
            r = results.get(image)
            if isinstance(r, ResolveError) or r is None:
                failed += 1
                why = f"{r.kind}: {r.message}" if isinstance(r, ResolveError) else "no answer"
                typer.echo(f"{ref}: not resolved ({why}); used at {', '.join(images[ref])}", err=True)
                continue
            resolved[ref] = LockEntry(digest=r.digest, registry=r.registry, resolved_at=utc_now())
            typer.echo(f"{ref} -> {r.digest}")
        if resolved:
            try:  # merged into the file as it is now: another run's entries are kept
                entries = update_lock(lock_path, resolved)
            except (OSError, ValueError) as exc:
                opt.fail(f"{lock_path}: cannot write: {exc}")
            typer.echo(f"Wrote {lock_path} ({len(entries)} image(s)).", err=True)
    known = len([r for r in images if r in entries])
    typer.echo(
        f"{known} of {len(images)} image(s) pinned in {lock_path}; run `iacfix apply` to pin them in the code.",
        err=True,
    )
    if errors:
        raise typer.Exit(2)
    raise typer.Exit(1 if failed else 0)
