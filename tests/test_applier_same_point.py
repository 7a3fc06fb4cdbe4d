"""Insertions of two fixes at one point, written in one pass in the order the passes would give.

Each case is fixed twice: as the applier does it, and with every same-point insertion deferred to
the next pass (`_slot` answering None: the applier before issue 17's change). The outputs must be
byte-identical, and the first must take fewer passes where the insertions could be ordered, as
many where they could not.
"""

from __future__ import annotations

from unittest import mock

import pytest

from iacfix import applier
from iacfix.applier import ActiveTransform, fix_code
from iacfix.fix import AfterStatement, Append, AtPrologue, Edit, Lead
from iacfix.rules import Context, RuleDoc, Transform

_DOC = RuleDoc("w", "y", "b", "a", "s")
HEAD = 'import * as aws from "@pulumi/aws";\n'


class _AppendKey(Transform):
    """Adds `key: true` at the end of every KMS key's arguments."""

    doc = _DOC

    def __init__(self, rule: str, key: str):
        self.id, self.slug, self.title, self.key = rule, rule.lower(), rule, key

    def check(self, program, ctx):
        for res in program.resources_of("kms.Key"):
            if res.args is not None and res.args.get(self.key) is None:
                edits = program.edits.insert_prop(res.args, self.key, True)
                yield self.finding("no " + self.key, res.name, "add " + self.key, edits, resource=res)


class _Companion(Transform):
    """Puts a `cls` resource for every bucket after the bucket's statement (kept apart from the
    code that follows), saying what it declares when `declares`."""

    doc = _DOC

    def __init__(self, rule: str, cls: str, declares: bool = True):
        self.id, self.slug, self.title, self.cls, self.declares = rule, rule.lower(), rule, cls, declares

    def check(self, program, ctx):
        if program.resources_of("s3." + self.cls):
            return
        for res in program.resources_of("s3.Bucket"):
            kit = program.edits
            code = kit.resource_statement(f"aws.s3.{self.cls}", f"{self.cls}-1", {"bucket": res.var}, None)
            declares = (f"aws.s3.{self.cls}",) if self.declares else ()
            edit = kit.insert_after_statement(res, code, keep_apart=True, declares=declares)
            yield self.finding("no " + self.cls, res.name, "add " + self.cls, [edit], resource=res)


class _Rename(Transform):
    """Renames every bucket's `name` argument to `bucket` (an edit inside the bucket's statement)."""

    doc = _DOC

    def __init__(self, rule: str):
        self.id, self.slug, self.title = rule, rule.lower(), rule

    def check(self, program, ctx):
        for res in program.resources_of("s3.Bucket"):
            prop = res.args.get("name") if res.args is not None else None
            if prop is not None:
                yield self.finding("name", prop, "rename", program.edits.rename_key(prop, "bucket"), resource=res)


class _Declare(Transform):
    """Declares `name` at the end of the prologue when the program does not bind it."""

    doc = _DOC

    def __init__(self, rule: str, name: str, value: str):
        self.id, self.slug, self.title, self.name, self.value = rule, rule.lower(), rule, name, value

    def check(self, program, ctx):
        if self.name in program.bindings or not program.resources:
            return
        kit = program.edits
        edit = kit.declare_at_top(kit.declaration(self.name, self.value, ""), declares=(self.name,))
        assert edit is not None
        yield self.finding("no " + self.name, program.resources[0].name, "declare", [edit])


def _both(src: str, *transforms: Transform):
    """The applier's result, and the result with every same-point insertion deferred."""
    active = [ActiveTransform(t, Context()) for t in transforms]
    now = fix_code(src.encode(), "typescript", active, unsafe=True)
    with mock.patch.object(applier, "_slot", lambda *a: None):
        deferred = fix_code(src.encode(), "typescript", active, unsafe=True)
    assert not now.notes and not deferred.notes
    return now, deferred


def test_a_later_append_lands_after_the_earlier_one_in_the_same_pass():
    src = HEAD + 'const k = new aws.kms.Key("k", {\n    description: "x",\n});\n'
    now, deferred = _both(src, _AppendKey("IAC901", "first"), _AppendKey("IAC902", "second"))
    assert now.output == deferred.output
    assert '    description: "x",\n    first: true,\n    second: true,\n});' in now.output.decode()
    assert (now.passes, deferred.passes) == (2, 3)


@pytest.mark.parametrize("closing", ['    description: "x"\n});', 'description: "x" });', 'description: "x", });'])
def test_appends_keep_the_separators_the_object_had(closing):
    src = HEAD + 'const k = new aws.kms.Key("k", {' + ("\n" if closing.startswith(" ") else " ") + closing + "\n"
    now, deferred = _both(src, _AppendKey("IAC901", "first"), _AppendKey("IAC902", "second"))
    assert now.output == deferred.output
    assert now.passes < deferred.passes


def test_an_append_whose_comma_is_written_apart_still_waits_a_pass():
    # `description: "x" // c`: the comma goes after the entry, the new line after the comment;
    # a second append joined to it would lack the comma the next pass writes.
    src = HEAD + 'const k = new aws.kms.Key("k", {\n    description: "x" // c\n});\n'
    now, deferred = _both(src, _AppendKey("IAC901", "first"), _AppendKey("IAC902", "second"))
    assert now.output == deferred.output
    assert now.passes == deferred.passes == 3


def test_a_later_statement_after_a_statement_lands_before_the_earlier_one():
    # The later rule's statement is written right after the bucket, and the blank line it added
    # to keep apart from `export` is not written (the earlier statement's blank line follows it).
    src = HEAD + 'const b = new aws.s3.Bucket("b", {});\nexport const id = b.id;\n'
    now, deferred = _both(src, _Companion("IAC901", "BucketVersioning"), _Companion("IAC902", "BucketPolicy"))
    assert now.output == deferred.output
    out = now.output.decode()
    assert out.index("BucketPolicy(") < out.index("BucketVersioning(") and "\n\n\n" not in out
    assert (now.passes, deferred.passes) == (2, 3)


def test_a_later_declaration_at_the_prologue_lands_before_the_earlier_one():
    src = HEAD + 'const k = new aws.kms.Key("k", {});\n'
    now, deferred = _both(src, _Declare("IAC901", "first", 1), _Declare("IAC902", "second", 2))
    assert now.output == deferred.output
    assert now.output.decode().startswith(HEAD + "\nconst second = 2;\n\nconst first = 1;\n")
    assert (now.passes, deferred.passes) == (2, 3)


def test_an_insertion_that_does_not_say_what_it_declares_still_waits_a_pass():
    src = HEAD + 'const b = new aws.s3.Bucket("b", {});\nexport const id = b.id;\n'
    now, deferred = _both(
        src, _Companion("IAC901", "BucketVersioning"), _Companion("IAC902", "BucketPolicy", declares=False)
    )
    assert now.output == deferred.output
    assert now.passes == deferred.passes == 3


def test_two_insertions_declaring_one_name_still_wait_a_pass():
    # The later one, proposed on a text declaring its name, would write nothing.
    src = HEAD + 'const k = new aws.kms.Key("k", {});\n'
    now, deferred = _both(src, _Declare("IAC901", "same", 1), _Declare("IAC902", "same", 2))
    assert now.output == deferred.output and "const same = 2" not in now.output.decode()
    assert now.passes == deferred.passes == 2


def test_a_fix_editing_the_anchoring_statement_keeps_the_later_insertion_waiting():
    # IAC903 edits the bucket's statement in the same pass: the next pass may give IAC901 more to
    # put after it, which would go before a statement of IAC902 written a pass early.
    src = HEAD + 'const b = new aws.s3.Bucket("b", { name: "x" });\nexport const id = b.id;\n'
    rules = (_Companion("IAC901", "BucketVersioning"), _Companion("IAC902", "BucketPolicy"), _Rename("IAC903"))
    now, deferred = _both(src, *rules)
    assert now.output == deferred.output
    assert now.passes == deferred.passes == 3


def _ins(text: str, place) -> Edit:
    return Edit.insert(10, text, place)


def test_slot_orders_by_place_and_refuses_what_it_cannot_order():
    app = Append((0, 20), frozenset({"a"}))
    assert applier._slot(_ins(",b", Append((0, 20), frozenset({"b"}))), "IAC2", [("IAC1", _ins(",a", app))]) == 1
    assert applier._slot(_ins(",b", Append((5, 20), frozenset({"b"}))), "IAC2", [("IAC1", _ins(",a", app))]) is None
    assert applier._slot(_ins(",a", Append((0, 20), frozenset({"a"}))), "IAC2", [("IAC1", _ins(",x", app))]) is None
    assert applier._slot(_ins(",b", Append((0, 20), frozenset({"b"}))), "IAC1", [("IAC1", _ins(",a", app))]) is None
    assert applier._slot(_ins(",b", None), "IAC2", [("IAC1", _ins(",a", app))]) is None
    after = AfterStatement(0, frozenset({"X"}))
    assert (
        applier._slot(_ins("\n\ny", AfterStatement(0, frozenset({"Y"}))), "IAC2", [("IAC1", _ins("\n\nx", after))]) == 0
    )
    assert applier._slot(_ins("\n\ny", app), "IAC2", [("IAC1", _ins("\n\nx", after))]) is None
    imp, code, mixed = (
        AtPrologue(frozenset({n}), lead) for n, lead in (("i", Lead.IMPORTS), ("c", Lead.CODE), ("m", Lead.MIXED))
    )
    decl = _ins("\n\nd", AtPrologue(frozenset({"d"}), Lead.CODE))
    assert applier._slot(decl, "IAC3", [("IAC1", _ins("\ni", imp)), ("IAC2", _ins("\n\nc", code))]) == 1
    assert applier._slot(decl, "IAC3", [("IAC1", _ins("\ni", imp))]) == 1
    assert applier._slot(decl, "IAC3", [("IAC1", _ins("\nm\n\nm", mixed))]) is None


@pytest.mark.parametrize(
    ("third", "disturbed"),
    [((5, 12), True), ((30, 31), True), ((58, 60), True), ((61, 70), False), ((0, 9), False)],
)
def test_another_fix_editing_the_container_disturbs_the_point(third, disturbed):
    from iacfix.fix import Finding, Fix

    place = Append((10, 60), frozenset({"a"}))
    first = Fix("a", (Edit.insert(50, ",a", place), Edit(20, 25, "x")))  # its own edit inside: no matter
    second = Fix("b", (Edit.insert(50, ",b", Append((10, 60), frozenset({"b"}))),))
    other = Fix("c", (Edit(*third, "y"),))
    chosen = [(Finding(r, "m", 0, 1), fx) for r, fx in (("IAC1", first), ("IAC2", second), ("IAC3", other))]
    points = {50: [("IAC1", first.edits[1]), ("IAC2", second.edits[0])]}
    assert applier._disturbed(chosen, points) == ({50} if disturbed else set())
