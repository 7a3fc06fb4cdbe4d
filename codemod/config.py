"""Configuration: `[tool.iacfix]` in pyproject.toml, or a `.iacfix.toml`, found upward.

```toml
[tool.iacfix]
select = ["IAC001", "IAC002"]      # ids, slugs or id prefixes; default: all
extend-select = ["IAC101"]         # added to `select` (and to --select)
ignore = ["cost-allocation-tags"]
unsafe-fixes = false
exclude = ["node_modules", "*.d.ts"]
profile = "ephemeral"               # also run the rules for stacks torn down after each test

[tool.iacfix.per-file-ignores]             # path glob -> rules not applied there
"legacy/*.ts" = ["IAC006"]

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
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .errors import ConfigError

_DIGEST_RE = re.compile(r"^sha256:[0-9a-f]{64}$")
# Profiles turn on rule sets that are off by default (a rule names the profiles it belongs to).
PROFILES = ("ephemeral",)


@dataclass(frozen=True)
class Config:
    """A run's settings: the rules selected, their options, and the values fixes may use."""

    select: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    unsafe_fixes: bool = False
    exclude: tuple[str, ...] = ()
    rule_options: dict[str, dict[str, Any]] = field(default_factory=dict)  # keyed by id or slug
    images: dict[str, str] = field(default_factory=dict)  # reference -> sha256 digest
    iam_resources: dict[str, list[str]] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    source: str | None = None  # the file it came from
    lock: dict[str, str] = field(default_factory=dict)  # reference -> digest from iacfix.lock
    # (path glob, rules ignored in the files it matches), in the order written
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    profile: str | None = None  # e.g. "ephemeral": stacks of test accounts, torn down after each run
    # The configs for_path() derived from this one, by the rules they add to `ignore`: one
    # object per distinct set, so the engine's cache of active transforms keeps working.
    _derived: dict[tuple[str, ...], Config] = field(default_factory=dict, init=False, repr=False, compare=False)

    def with_(self, **kw: Any) -> Config:
        return replace(self, **kw)

    def enabled(self, rule_id: str, slug: str, profiles: frozenset[str] = frozenset()) -> bool:
        """Whether a rule runs. A rule of a profile (`profiles` not empty) is off unless that
        profile is on or a selector names the rule itself (its id or slug: not a prefix, not "all")."""

        def hit(patterns: tuple[str, ...]) -> bool:
            return any(selector_matches(p, rule_id, slug) for p in patterns)

        if hit(self.ignore):
            return False
        if profiles and self.profile not in profiles:
            return any(p.lower() in (rule_id.lower(), slug) for p in (*self.select, *self.extend_select))
        return not self.select or hit(self.select) or hit(self.extend_select)

    def for_path(self, path: str) -> Config:
        """This config with the per-file ignores that match `path` added to `ignore`."""
        if not self.per_file_ignores:
            return self
        candidates = _path_forms(path, Path(self.source).parent if self.source else None)
        extra = tuple(
            r for pat, rules in self.per_file_ignores if any(fnmatch.fnmatch(c, pat) for c in candidates) for r in rules
        )
        if not extra:
            return self
        derived = self._derived.get(extra)
        if derived is None:
            derived = self._derived[extra] = replace(self, ignore=self.ignore + extra, per_file_ignores=())
        return derived

    def excluded(self, path: str) -> bool:
        if not self.exclude:
            return False  # asked per file found: no path parsing when nothing is excluded
        parts = Path(path).parts
        for pat in self.exclude:
            if fnmatch.fnmatch(path, pat) or any(fnmatch.fnmatch(p, pat) for p in parts):
                return True
        return False

    def digest_for(self, ref: str) -> str | None:
        return self.images.get(ref) or self.lock.get(ref)


def selector_matches(pattern: str, rule_id: str, slug: str) -> bool:
    """A rule selector: `all`, a slug, or an id or id prefix (any case)."""
    p = pattern.lower()
    return p in ("all", "*") or p == slug or rule_id.lower().startswith(p)


def _path_forms(path: str, root: Path | None) -> list[str]:
    """The spellings a per-file-ignores glob may match: as given, relative to the configuration
    file's folder, and the bare file name (a glob without '/' matches it anywhere, as in ruff)."""
    forms = [path.replace("\\", "/")]
    if root is not None:
        try:
            forms.append(Path(path).resolve().relative_to(root.resolve()).as_posix())
        except (ValueError, OSError):
            pass
    forms.append(Path(path).name)
    return forms


def find_config_file(start: Path) -> Path | None:
    start = start.resolve()
    here = start if start.is_dir() else start.parent
    for d in [here, *here.parents]:
        dot = d / ".iacfix.toml"
        if dot.is_file():
            return dot
        pp = d / "pyproject.toml"
        if pp.is_file():
            import tomllib  # here, not at the top: most runs find no configuration file to read

            try:
                data = tomllib.loads(pp.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                # As for .iacfix.toml: a broken file is an error, never silently skipped (it may
                # hold the [tool.iacfix] table the user thinks is in force).
                raise ConfigError(str(pp), f"invalid TOML: {exc}") from None
            if "iacfix" in data.get("tool", {}):
                return pp
    return None


def load_config(path: Path | None) -> Config:
    if path is None:
        return Config()
    import tomllib  # here, not at the top: most runs find no configuration file to read

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


# ---- configured text that becomes code -------------------------------------------------------

_HOLE = re.compile(r"\$\{([^}]*)\}?")
_IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")


def check_arn_holes(source: str, key: str, arn: str) -> str:
    """A configured ARN is literal text with `${name}` holes, each exactly one identifier (a
    program variable). Anything else in a hole (`${x[require('child_process')...]}`, `${a.b}`,
    `${f()}`, an unclosed `${`) is refused here, once, at load: a configuration file found
    upward from a dataset must never put code into the programs iacfix fixes."""
    for m in _HOLE.finditer(arn):
        inner = m.group(1)
        if not m.group(0).endswith("}"):
            raise ConfigError(source, f"{key}: {arn!r} has a `${{` that is never closed")
        if not _IDENTIFIER.fullmatch(inner):
            raise ConfigError(source, f"{key}: {arn!r}: a `${{...}}` hole holds one variable name, not {inner!r}")
    return arn


def from_table(t: dict[str, Any], source: str = "<config>") -> Config:
    known = {
        "select",
        "extend-select",
        "ignore",
        "unsafe-fixes",
        "exclude",
        "per-file-ignores",
        "rules",
        "images",
        "iam",
        "tags",
        "profile",
    }
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
        iam_res[svc] = [
            check_arn_holes(source, f"iam.resources.{svc}", a) for a in _strs(source, f"iam.resources.{svc}", arns)
        ]
    tags = {}
    for k, v in (t.get("tags") or {}).items():
        if not isinstance(v, str):
            raise ConfigError(source, f"tags.{k}: tag values are strings")
        tags[k] = v
    rules = t.get("rules") or {}
    if not isinstance(rules, dict) or not all(isinstance(v, dict) for v in rules.values()):
        raise ConfigError(source, "`rules` must be tables: [tool.iacfix.rules.<slug>]")
    pfi = t.get("per-file-ignores") or {}
    if not isinstance(pfi, dict):
        raise ConfigError(source, '`per-file-ignores` must be a table: "glob" = ["IAC006", ...]')
    per_file = tuple((pat, _strs(source, f"per-file-ignores.{pat!r}", rules)) for pat, rules in pfi.items())
    unsafe = t.get("unsafe-fixes", False)
    if not isinstance(unsafe, bool):
        raise ConfigError(source, "`unsafe-fixes` must be true or false")
    profile = t.get("profile")
    if profile is not None and profile not in PROFILES:
        raise ConfigError(source, f"`profile` must be one of {', '.join(map(repr, PROFILES))}, not {profile!r}")
    return Config(
        select=_strs(source, "select", t.get("select")),
        extend_select=_strs(source, "extend-select", t.get("extend-select")),
        per_file_ignores=per_file,
        ignore=_strs(source, "ignore", t.get("ignore")),
        unsafe_fixes=unsafe,
        exclude=_strs(source, "exclude", t.get("exclude")),
        rule_options={k: dict(v) for k, v in rules.items()},
        images=images,
        iam_resources=iam_res,
        tags=tags,
        source=source,
        profile=profile,
    )


def parse_pin(text: str) -> tuple[str, str]:
    """`nginx:latest=sha256:<hex>` -> (reference, digest)."""
    ref, sep, digest = text.rpartition("=")
    if not sep or not ref:
        raise ConfigError("--pin", f"expected REFERENCE=sha256:<hex>, got {text!r}")
    if not _DIGEST_RE.match(digest):
        raise ConfigError("--pin", f"{text!r}: the digest must be 'sha256:' and 64 lowercase hex digits")
    return ref, digest
