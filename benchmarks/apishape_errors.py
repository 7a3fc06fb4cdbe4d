"""Which type-checker errors report an API-shape mistake (issue 11), read from the message.

A rule or code alone says too little: pyright's reportArgumentType also fires on a program's own
`opts: ResourceOptions = None` default, reportAttributeAccessIssue on `pulumi.json` (the Pulumi SDK,
not the provider) or on the program's own classes, tsc's TS2339 on `Promise<string>.apply`. An
error counts as an API-shape error only when its message names the provider's API and says the
program used a name or a kind of value that API does not have:

- **unknown-argument**: a keyword argument / object-literal property the callee does not take
  (pyright `No parameter named "x"`; tsc TS2353 / TS2561 whose type is a @pulumi/aws `...Args` /
  nested input type);
- **constructor-arguments**: pyright `No overloads for "__init__" match the provided arguments`.
  Only pulumi_aws resource constructors are overloaded in these programs (`(name, args, opts)` /
  `(name, opts, **kwargs)`); pyright gives this message, naming nothing, when the keywords fit
  neither overload: an unknown or a missing argument (a wrong type on known keywords is reported
  as reportArgumentType instead);
- **missing-argument**: a required argument left out, whose name is a required argument of some
  @pulumi/aws resource, function or nested type (pyright `Argument missing for parameter "x"`;
  tsc TS2741 / TS2345 `Property 'x' is missing ... but required in type 'XArgs'`);
- **wrong-kind**: a value of another kind than the provider's input takes: a string, number,
  boolean or list where the parameter takes none of that kind (pyright `Argument of type "A"
  cannot be assigned to parameter "p" of type "Input[...]"`, tsc TS2322 `Type 'A' is not
  assignable to type 'Input<...>'`), with A a literal or plain kind. Not counted: an `Output` /
  `Promise` where a plain value is expected (the program's data flow, not the API's shape), a
  string where pyright wants a pulumi_aws enum (the provider takes the string: `engine=
  "aurora-postgresql"`; only pulumi_aws's Python typings narrow it), a dict where only an Args
  class is typed (the Python typings' style, same shape);
- **nested-shape**: a dict (or list of dicts) pyright cannot match to the nested input's
  `...ArgsDict`: a key the nested type does not have, or a required one missing (pyright does not
  say which);
- **unknown-member**: a class, function, nested Args class or module the provider does not have
  (pyright `"X" is not a known attribute of module "pulumi_aws..."`, `"x" is unknown import
  symbol`; tsc TS2339 / TS2551 on `typeof import(".../@pulumi/aws/...")`);
- **unknown-output**: a read of an output the resource (or a function's result, or an enum member)
  does not have (pyright `Cannot access attribute "x" for class "C"`, tsc TS2339 / TS2551 `Property
  'x' does not exist on type 'C'`), where C is a @pulumi/aws resource class, function result or
  enum.

Everything else is not an API-shape error: the Pulumi SDK's own names (`pulumi.json`,
`pulumi.export` in TypeScript), `Output` / `Promise` mix-ups, assignments to a resource's
attributes, the program's own classes and defaults.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["KINDS", "kind_of", "OLD_CODES"]

KINDS = ("unknown-argument", "constructor-arguments", "missing-argument", "wrong-kind", "nested-shape",
         "unknown-member", "unknown-output")

# The classification by code / rule alone (before: every error of these codes counted).
OLD_CODES = {
    "typescript": frozenset({"TS2353", "TS2322", "TS2561", "TS2339", "TS2551"}),
    "python": frozenset({"reportCallIssue", "reportArgumentType", "reportAttributeAccessIssue"}),
}


def split(error: str) -> tuple[str, str]:
    """"12:5 TS2322: Type ..." -> ("TS2322", "Type ..."): the code / rule and the message's first line."""
    parts = error.split(" ", 2)
    if len(parts) < 3:
        return "?", error
    return parts[1].rstrip(":"), parts[2].split("\n", 1)[0]


@lru_cache(maxsize=1)
def _names() -> dict[str, frozenset[str]]:
    from iacfix import awsschema

    s = awsschema.schema()
    classes = {e["c"] for e in s["resources"].values()}
    functions = {e["n"] for e in s["functions"].values()}
    types = {t.rpartition(".")[2] for t in s["types"]}
    enums = {t.rpartition(".")[2] for t in s["enums"]}
    required: set[str] = set()
    for table in ("resources", "functions", "types"):
        for e in s[table].values():
            required.update(e.get("r", ()))
    return {
        "classes": frozenset(classes),
        "results": frozenset(f[:1].upper() + f[1:] + "Result" for f in functions),
        "args": frozenset({c + "Args" for c in classes} | {f[:1].upper() + f[1:] + "Args" for f in functions}
                          | {t + "Args" for t in types} | types),
        "enums": frozenset(enums),
        "required": frozenset(required),
    }


def kind_of(error: str, language: str) -> str | None:
    """The API-shape kind (one of KINDS) the error reports, or None when it reports something else."""
    code, msg = split(error)
    if language == "python":
        return _python(code, msg, error)
    return _typescript(code, msg)


# -- Python (pyright) ----------------------------------------------------------------------------

_PY_ARG = re.compile(r'Argument of type "(.*)" cannot be assigned to parameter "(.*)" of type "(.*)" in function "(.*)"$')
_PY_MODULE = re.compile(r'"(.*)" is not a known attribute of module "(.*)"$')
_PY_ATTR = re.compile(r'Cannot access attribute "(.*)" for class "(.*)"$')


def _python(code: str, msg: str, full: str) -> str | None:
    from iacfix.awsschema import camel_name

    if code == "reportCallIssue":
        if msg.startswith("No parameter named "):
            return "unknown-argument"
        if msg == 'No overloads for "__init__" match the provided arguments':
            return "constructor-arguments"
        m = re.match(r'Argument missing for parameter "(.*)"$', msg)
        if m and camel_name(m.group(1)) in _names()["required"]:
            return "missing-argument"
        return None
    if code == "reportArgumentType":
        m = _PY_ARG.match(msg)
        if m is None:
            return None
        given, _param, wanted, _fn = m.groups()
        if "Input[" not in wanted and "Args" not in wanted:
            return None  # not a provider input (a builtin's or the program's own parameter)
        return _py_value(given, wanted)
    if code == "reportAttributeAccessIssue":
        if msg.endswith(" is unknown import symbol"):
            return "unknown-member"
        m = _PY_MODULE.match(msg)
        if m:
            module = m.group(2)
            return "unknown-member" if module == "pulumi_aws" or module.startswith("pulumi_aws.") else None
        m = _PY_ATTR.match(msg)
        if m:
            cls = m.group(2)
            cls = cls[5:-1] if cls.startswith("type[") else cls
            names = _names()
            if cls in names["classes"] or cls in names["results"] or cls in names["enums"]:
                return "unknown-output"
        return None
    return None


def _py_kind(t: str) -> str | None:
    """The kind of value a pyright type stands for: a literal or a plain type."""
    t = t.strip()
    if t.startswith("Literal["):
        inner = t[8:-1]
        if inner in ("True", "False"):
            return "boolean"
        return "string" if inner[:1] in "'\"" else "number"
    return {"str": "string", "LiteralString": "string", "int": "number", "float": "number",
            "bool": "boolean"}.get(t) or ("list" if t.startswith(("list[", "List[", "tuple[")) else
                                          "dict" if t.startswith(("dict[", "Dict[")) else None)


def _alternatives(t: str) -> list[str]:
    """Top-level `|` alternatives of a type, `Input[...]` / `Optional[...]` / `Awaitable` unwrapped."""
    out: list[str] = []
    depth = 0
    cur = ""
    for ch in t:
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        if ch == "|" and depth == 0:
            out.append(cur.strip())
            cur = ""
        else:
            cur += ch
    out.append(cur.strip())
    flat: list[str] = []
    for a in out:
        for wrapper in ("Input[", "Optional[", "Output[", "Awaitable["):
            if a.startswith(wrapper) and a.endswith("]"):
                flat += _alternatives(a[len(wrapper):-1])
                break
        else:
            flat.append(a)
    return flat


def _py_value(given: str, wanted: str) -> str | None:
    inner = given[5:-1] if given.startswith("list[") else given
    if re.fullmatch(r"\w+Args", inner) and "Args" in wanted and not re.search(rf"\b{inner}\b", wanted):
        return "nested-shape"  # another nested type's Args class (`GetSubnetFilterArgs` for get_subnets)
    have = _py_kind(given)
    if have is None:
        return None  # an Output, a resource object, Unknown...: not a kind mismatch the API defines
    alts = [a for a in _alternatives(wanted) if a != "None"]
    takes_objects = any(a.endswith(("Args", "ArgsDict")) for a in alts)
    kinds: set[str] = set()
    for a in alts:
        if a in ("str", "int", "float", "bool"):
            kinds.add(_py_kind(a) or "")
        elif a.startswith(("Sequence[", "List[", "list[")):
            kinds.add("list")
        elif a.startswith(("Mapping[", "Dict[", "dict[")):
            kinds.add("dict")
        elif a == "Any":
            return None
        elif takes_objects:
            kinds.add("object")
        else:
            kinds.add("string")  # a bare name alone is a pulumi_aws enum: its values are strings
    if have == "dict" or (have == "list" and given[5:].startswith(("dict[", "Dict["))):
        if "ArgsDict" in wanted:
            return "nested-shape"
        return None if ("object" in kinds or "list" in kinds and have == "list") else "wrong-kind"
    return None if have in kinds else "wrong-kind"


# -- TypeScript (tsc) ----------------------------------------------------------------------------

_TS_LITERAL = re.compile(r"Object literal may only specify known properties, (?:and|but) '(.*?)' does not exist in type '(.*?)'\.")
_TS_PROPERTY = re.compile(r"Property '(.*?)' does not exist on type '(.*?)'\.")
_TS_MISSING = re.compile(r"Property '(.*?)' is missing in type '.*' but required in type '(.*?)'\.")
_TS_ASSIGN = re.compile(r"Type '(.*)' is not assignable to type '(.*)'\.$")


def _strip(t: str, *wrappers: str) -> str:
    changed = True
    while changed:
        changed = False
        for w in wrappers:
            if t.startswith(w + "<") and t.endswith(">"):
                t, changed = t[len(w) + 1:-1], True
    return t


def _typescript(code: str, msg: str) -> str | None:
    names = _names()
    if code in ("TS2353", "TS2561"):
        m = _TS_LITERAL.match(msg)
        return "unknown-argument" if m and _strip(m.group(2), "Input") in names["args"] else None
    if code in ("TS2339", "TS2551"):
        m = _TS_PROPERTY.match(msg)
        if m is None:
            return None
        on = m.group(2)
        if on.startswith("typeof import(") and "/@pulumi/aws/" in on:
            return "unknown-member"
        on = _strip(on, "UnwrappedObject")
        if on in names["classes"] or on in names["results"] or on.removeprefix("typeof ") in names["enums"]:
            return "unknown-output"
        return None
    if code in ("TS2741", "TS2345"):
        m = _TS_MISSING.search(msg)
        return "missing-argument" if m and _strip(m.group(2), "Input") in names["args"] else None
    if code == "TS2322":
        m = _TS_ASSIGN.match(msg)
        if m is None:
            return None
        have, want = _ts_kind(m.group(1)), m.group(2)
        if have is None or not want.startswith("Input<"):  # a provider input, not the program's own type
            return None
        wants = {_ts_kind(a.strip()) for a in _strip(want, "Input").split("|")}
        return None if have in wants or None in wants else "wrong-kind"
    return None


def _ts_kind(t: str) -> str | None:
    t = t.strip()
    if t in ("string", "number", "boolean"):
        return t
    if t in ("true", "false"):
        return "boolean"
    if t[:1] in "\"'`":
        return "string"
    if re.fullmatch(r"-?\d+(\.\d+)?", t):
        return "number"
    if t.endswith("[]") and _ts_kind(t[:-2]) is not None:
        return "list"
    return None
