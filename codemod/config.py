"""Configuration: `[tool.iacfix]` in pyproject.toml, or a `.iacfix.toml`, found upward.

```toml
[tool.iacfix]
select = ["IAC001", "IAC002"]      # ids, slugs or id prefixes; default: all
ignore = ["cost-allocation-tags"]
unsafe-fixes = false
exclude = ["node_modules", "*.d.ts"]

[tool.iacfix.rules.log-group-retention]   # per-transform options, by slug or id
days = 14

[tool.iacfix.images]                       # image reference -> digest
"nginx:latest" = "sha256:..."

[tool.iacfix.iam.resources]                # service -> resource ARNs (`${var}` = program variable)
s3 = ["arn:aws:s3:::app-data-${environmentSuffix}"]

[tool.iacfix.tags]                         # tag key -> value
Project = "payments"
```
"""

from __future__ import annotations

import fnmatch
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .errors import ConfigError

_DIGEST_RE = re.compile(r"^sha256:[0-9a-f]{64}$")


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    unsafe_fixes: bool = False
    exclude: tuple[str, ...] = ()
    rule_options: dict[str, dict[str, Any]] = field(default_factory=dict)  # keyed by id or slug
    images: dict[str, str] = field(default_factory=dict)  # reference -> sha256 digest
    iam_resources: dict[str, list[str]] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    source: str | None = None  # the file it came from
    lock: dict[str, str] = field(default_factory=dict)  # reference -> digest from iacfix.lock

    def with_(self, **kw: Any) -> "Config":
        return replace(self, **kw)

    def enabled(self, rule_id: str, slug: str) -> bool:
        def hit(patterns: tuple[str, ...]) -> bool:
            for p in patterns:
                pl = p.lower()
                if pl in ("all", "*") or pl == slug or rule_id.lower().startswith(pl):
                    return True
            return False

        if self.select and not hit(self.select):
            return False
        return not hit(self.ignore)

    def excluded(self, path: str) -> bool:
        parts = Path(path).parts
        for pat in self.exclude:
            if fnmatch.fnmatch(path, pat) or any(fnmatch.fnmatch(p, pat) for p in parts):
                return True
        return False

    def digest_for(self, ref: str) -> str | None:
        return self.images.get(ref) or self.lock.get(ref)


def find_config_file(start: Path) -> Path | None:
    start = start.resolve()
    here = start if start.is_dir() else start.parent
    for d in [here, *here.parents]:
        dot = d / ".iacfix.toml"
        if dot.is_file():
            return dot
        pp = d / "pyproject.toml"
        if pp.is_file():
            try:
                data = tomllib.loads(pp.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError):
                continue
            if "iacfix" in data.get("tool", {}):
                return pp
    return None


def load_config(path: Path | None) -> Config:
    if path is None:
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(str(path), "no such file") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(path), f"invalid TOML: {exc}") from None
    table = data.get("tool", {}).get("iacfix", data if path.name != "pyproject.toml" else {})
    return from_table(table, str(path))


def _strs(source: str, key: str, v: Any) -> tuple[str, ...]:
    if v is None:
        return ()
    if isinstance(v, str):
        return (v,)
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        raise ConfigError(source, f"`{key}` must be a list of strings")
    return tuple(v)


def from_table(t: dict[str, Any], source: str = "<config>") -> Config:
    known = {"select", "ignore", "unsafe-fixes", "exclude", "rules", "images", "iam", "tags"}
    unknown = set(t) - known
    if unknown:
        raise ConfigError(source, f"unknown key(s) {', '.join(sorted(unknown))} (known: {', '.join(sorted(known))})")
    images = {}
    for ref, digest in (t.get("images") or {}).items():
        if not isinstance(digest, str) or not _DIGEST_RE.match(digest):
            raise ConfigError(source, f"images.{ref!r}: expected 'sha256:<64 hex>', got {digest!r}")
        images[ref] = digest
    iam_res = {}
    for svc, arns in ((t.get("iam") or {}).get("resources") or {}).items():
        iam_res[svc] = list(_strs(source, f"iam.resources.{svc}", arns))
    tags = {}
    for k, v in (t.get("tags") or {}).items():
        if not isinstance(v, str):
            raise ConfigError(source, f"tags.{k}: tag values are strings")
        tags[k] = v
    rules = t.get("rules") or {}
    if not isinstance(rules, dict) or not all(isinstance(v, dict) for v in rules.values()):
        raise ConfigError(source, "`rules` must be tables: [tool.iacfix.rules.<slug>]")
    unsafe = t.get("unsafe-fixes", False)
    if not isinstance(unsafe, bool):
        raise ConfigError(source, "`unsafe-fixes` must be true or false")
    return Config(
        select=_strs(source, "select", t.get("select")),
        ignore=_strs(source, "ignore", t.get("ignore")),
        unsafe_fixes=unsafe,
        exclude=_strs(source, "exclude", t.get("exclude")),
        rule_options={k: dict(v) for k, v in rules.items()},
        images=images,
        iam_resources=iam_res,
        tags=tags,
        source=source,
    )


def parse_pin(text: str) -> tuple[str, str]:
    """`nginx:latest=sha256:<hex>` -> (reference, digest)."""
    ref, sep, digest = text.rpartition("=")
    if not sep or not ref:
        raise ConfigError("--pin", f"expected REFERENCE=sha256:<hex>, got {text!r}")
    if not _DIGEST_RE.match(digest):
        raise ConfigError("--pin", f"{text!r}: the digest must be 'sha256:' and 64 lowercase hex digits")
    return ref, digest
