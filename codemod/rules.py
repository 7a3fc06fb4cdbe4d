"""What a transform is, how it documents itself, and the registry that lists them.

A transform is a small class: a stable id and slug, the languages it serves, its options, its
documentation in fixed sections, and `check(program, ctx)` yielding findings (with fixes).
`iacfix rules` and `iacfix explain` are generated from these classes.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from .fix import Applicability, Finding, Fix
from .model import Program, Resource
from .options import NoOptions
from .rule_index import suggest, unknown_selector  # noqa: F401  (answered from the index, without importing rules)

if TYPE_CHECKING:  # pragma: no cover
    from .config import Config


@dataclass(frozen=True)
class RuleDoc:
    """A rule's documentation, as `iacfix explain` and docs/rules.md show it."""

    what: str  # What it does
    why: str  # Why it matters (cost / security / reliability)
    before: str  # Example: model code ...
    after: str  # ... and the fixed code
    fix_safety: str  # How safe the fix is, and when it is not offered
    references: tuple[str, ...] = ()  # AWS docs and peer rules (cfn-lint, cdk-nag, Checkov)


@dataclass
class Context:
    """What a transform may know besides the program: its options (an instance of its `Options`
    class, checked when the configuration loaded) and the run's settings."""

    options: Any = field(default_factory=NoOptions)
    settings: Config | None = None  # the whole iacfix Config (tags, images, IAM resources)


class Transform:
    id: ClassVar[str]
    slug: ClassVar[str]
    title: ClassVar[str]
    severity: ClassVar[str] = "medium"  # critical / high / medium / low
    applicability: ClassVar[Applicability] = Applicability.SAFE
    languages: ClassVar[frozenset[str]] = frozenset({"typescript", "python"})
    # A frozen dataclass of the transform's options (see iacfix.options); its defaults are the defaults.
    Options: ClassVar[type] = NoOptions
    # Profiles (`profile = "ephemeral"` in [tool.iacfix]) that turn this rule on; empty: on by default.
    profiles: ClassVar[frozenset[str]] = frozenset()
    # A clean-up rule (unused imports): another rule's fix in the same pass may start using what
    # it would remove. Its fix joins other rules' fixes only when it names what it removes
    # (`removes=` in `finding`) and none of their edits writes one of those names, away from
    # their edits; otherwise it waits for a pass where no other rule fixes anything.
    cleanup: ClassVar[bool] = False
    # Literal text a program must contain for this rule to find anything in it: the rule runs on
    # a text that contains at least one of these (any of them; empty: it always runs). The
    # applier tests them on each pass's text with `bytes in` before building the model, so a
    # file that mentions no log group never costs IAC005 a model. Conservative: every text on
    # which the rule can yield a finding must contain one of them, whatever the aliases, imports
    # or language (the class name `LogGroup` is written in both languages and in every import
    # form; a module alias alone is not). A rule that is unsure declares nothing. tests/test_prefilter.py
    # proves the results unchanged; codemod/rule_index.py carries them to the engine without
    # importing the rule's module.
    tokens: ClassVar[tuple[str, ...]] = ()
    # The tokens hold for a program checked alone, not when its project has other files: the
    # rule looks into them (IAC006 writes here the tags of resources declared there, IAC301
    # exports a component defined there), so there it runs whatever the text holds.
    tokens_alone: ClassVar[bool] = False
    # The resource types (tokens such as `aws:cloudwatch/logGroup:LogGroup`, as `resources_of`
    # takes them) whose declarations are the rule's only candidates: the rule asks the program
    # `resources_of` these types and what hangs from them (arguments, const bindings, positions,
    # edits), nothing else. When every rule of a pass declares some, the front end builds a
    # program of those resources only: a query in C finds the constructors, and nothing else of
    # the file is converted (see docs/ENGINE.md, "Programs scoped to the rules' candidates").
    # Empty: the rule needs the whole program. tests/test_scoped_build.py proves the findings the
    # same on both programs.
    candidates: ClassVar[tuple[str, ...]] = ()
    doc: ClassVar[RuleDoc]

    def check(self, program: Program, ctx: Context) -> Iterable[Finding]:  # pragma: no cover
        raise NotImplementedError

    # A rule for a response's project file (`Pulumi.yaml`) rather than its code: the engine calls
    # `check_project_file` with an `iacfix.projectfile.ProjectFile`; findings' spans and edits are
    # offsets into that file.
    project_file: ClassVar[bool] = False

    def check_project_file(self, project_file: Any, ctx: Context) -> Iterable[Finding]:
        return ()

    # -- helpers for subclasses ----------------------------------------------------------------
    def finding(
        self,
        message: str,
        node_or_span: Any,
        fix_title: str | None = None,
        edits=None,
        resource: Resource | None = None,
        applicability: Applicability | None = None,
        help: str | None = None,
        removes: Iterable[str] = (),
        **data: Any,
    ) -> Finding:
        if isinstance(node_or_span, tuple):
            start, end = node_or_span
        else:
            start, end = node_or_span.start, node_or_span.end
        fix = None
        if edits:
            fix = Fix(fix_title or message, tuple(edits), applicability or self.applicability, frozenset(removes))
        return Finding(
            rule=self.id,
            message=message,
            start=start,
            end=end,
            fix=fix,
            severity=self.severity,
            anchor=resource.start if resource is not None else start,
            data=data,
            help=help,
        )


_REGISTRY: dict[str, type[Transform]] = {}


def register(cls: type[Transform]) -> type[Transform]:
    for attr in ("id", "slug", "title", "doc"):
        if not hasattr(cls, attr):
            raise TypeError(f"{cls.__name__} lacks {attr}")
    if cls.id in _REGISTRY and _REGISTRY[cls.id] is not cls:
        raise ValueError(f"duplicate transform id {cls.id}")
    _REGISTRY[cls.id] = cls
    return cls


def all_transforms() -> list[type[Transform]]:
    """Every transform, by id. Importing `iacfix.transforms` registers them."""
    _load()
    return [_REGISTRY[k] for k in sorted(_REGISTRY)]


def get_transform(key: str) -> type[Transform] | None:
    _load()
    key_l = key.lower()
    for cls in _REGISTRY.values():
        if cls.id.lower() == key_l or cls.slug == key_l:
            return cls
    return None


_loaded = False


def _load() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    import pkgutil  # (here: a run that reads the rule index never lists the package)

    pkg = importlib.import_module("iacfix.transforms")
    for mod in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda m: m.name):
        if not mod.name.startswith("_"):
            importlib.import_module(f"iacfix.transforms.{mod.name}")
