"""A response's `Pulumi.yaml`: the project file that says how to run its program.

Markdown responses carry the project file as a ```yaml block next to the code. `ProjectFile` reads
the few top-level settings that decide whether `pulumi up` finds and runs the program (`name`,
`runtime` as a scalar or as `runtime: {name: ...}`, `main`) with their byte spans, and knows the
files the response contains (path -> language) and which of them no other file imports (the entry
points). Transforms ask it; its edits replace a value or drop a line, nothing else. No YAML library:
a project file is a handful of `key: value` lines, and anything this reader does not understand
(anchors, flow maps, multi-line scalars) makes the setting unreadable, so nothing is edited.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field

from .fix import Edit

# The runtime that runs a program written in each language.
RUNTIME_OF = {"typescript": "nodejs", "javascript": "nodejs", "python": "python"}


@dataclass(frozen=True)
class Setting:
    """A top-level (or `runtime.name`) scalar: its value, and where the value is written."""

    key: str
    value: str
    start: int
    end: int
    line_start: int
    line_end: int  # after the newline


@dataclass
class ProjectFile:
    body: bytes
    path: str
    files: dict[str, str] = field(default_factory=dict)  # the response's named files -> language
    entries: tuple[str, ...] = ()  # code files no other file imports (tests excluded)
    settings: dict[str, Setting] = field(default_factory=dict)

    @classmethod
    def read(cls, body: bytes, path: str, files: dict[str, str], entries: tuple[str, ...]) -> ProjectFile:
        pf = cls(body, path, dict(files), entries)
        pf.settings = _settings(body)
        return pf

    @property
    def runtime(self) -> Setting | None:
        return self.settings.get("runtime.name") or self.settings.get("runtime")

    @property
    def main(self) -> Setting | None:
        return self.settings.get("main")

    @property
    def code_languages(self) -> set[str]:
        return {lang for lang in self.files.values() if lang in RUNTIME_OF}

    def contains(self, target: str) -> bool:
        """Whether the response holds `target` (a file, or a folder with files in it), relative to
        this project file's folder."""
        here = posixpath.dirname(self.path)
        want = posixpath.normpath(posixpath.join(here, target.strip())) if target.strip() else here or "."
        if want in (".", ""):
            return bool(self.files)
        return want in self.files or any(p.startswith(want.rstrip("/") + "/") for p in self.files)

    def relative(self, file: str) -> str:
        """A file of the response as a path from this project file's folder."""
        here = posixpath.dirname(self.path)
        return posixpath.relpath(file, here) if here else file

    # -- edits ------------------------------------------------------------------------------------
    def set_value(self, setting: Setting, value: str) -> Edit:
        return Edit(setting.start, setting.end, _scalar(value))


def _scalar(value: str) -> str:
    plain = value and all(c.isalnum() or c in "._/-" for c in value) and value[0] not in "-."
    return value if plain or value.startswith("./") else '"' + value.replace('"', '\\"') + '"'


def _settings(body: bytes) -> dict[str, Setting]:
    out: dict[str, Setting] = {}
    pos = 0
    parent: str | None = None
    n = len(body)
    while pos < n:
        nl = body.find(b"\n", pos)
        end = n if nl == -1 else nl + 1
        line = body[pos:end].rstrip(b"\r\n")
        text = line.decode("utf-8", "replace")
        stripped = text.strip()
        if not stripped or stripped.startswith("#"):
            pos = end
            continue
        indent = len(text) - len(text.lstrip(" "))
        key, sep, rest = stripped.partition(":")
        if not sep or " " in key:
            parent = None if indent == 0 else parent
            pos = end
            continue
        full = key if indent == 0 else (f"{parent}.{key}" if parent else None)
        if indent == 0:
            parent = key
        value_text = rest.split(" #", 1)[0].strip()
        if full is not None and value_text and value_text[0] not in "&*|>{[!":
            lead = len(text) - len(text.lstrip(" ")) + len(key) + 1
            raw = rest.split(" #", 1)[0]
            off = lead + (len(raw) - len(raw.lstrip(" ")))
            vstart = pos + len(text[:off].encode())
            quoted = value_text[0] in "'\"" and value_text[-1] == value_text[0] and len(value_text) >= 2
            value = value_text[1:-1] if quoted else value_text
            out[full] = Setting(full, value, vstart, vstart + len(value_text.encode()), pos, end)
        pos = end
    return out
