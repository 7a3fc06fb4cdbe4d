"""Programs grown along one dimension, for the `growth` section of run.py.

Replicating a whole program (the `scaling` section) keeps every name's uses, every class's calls
and every file's imports as many as in one copy: a cost that grows with the number of imports, of
components or of blocks of a response does not show there. Each shape here writes a program of
`n` units of one kind (an imported module and its use, a component class and its call, a fix
among lines that do not parse, ...); the time per unit must stay flat as `n` grows.

Each shape is (language, writer): the writer takes `n` and returns the program's text.
"""

from __future__ import annotations

from collections.abc import Callable

TS_HEAD = 'import * as aws from "@pulumi/aws";\nimport * as pulumi from "@pulumi/pulumi";\n'
PY_HEAD = "import pulumi\nimport pulumi_aws as aws\n"


def ts_imports(n: int) -> str:
    """n modules imported by name, each read twice."""
    head = "".join(f'import * as m{i} from "./m{i}";\n' for i in range(n))
    return head + TS_HEAD + "".join(f"const v{i} = m{i}.x + m{i}.y;\n" for i in range(n))


def py_imports(n: int) -> str:
    return (
        PY_HEAD + "".join(f"import m{i}\n" for i in range(n)) + "".join(f"v{i} = m{i}.x + m{i}.y\n" for i in range(n))
    )


def ts_components(n: int) -> str:
    """n component classes, each making a bucket with its caller's tags, each constructed once."""
    return TS_HEAD + "".join(
        f"class C{i} extends pulumi.ComponentResource {{\n"
        "  constructor(name: string, args: { tags?: Record<string, string> }, opts?: pulumi.ComponentResourceOptions) {\n"
        f'    super("x:y:C{i}", name, {{}}, opts);\n'
        "    const b = new aws.s3.Bucket(`${name}-b`, { tags: args.tags }, { parent: this });\n"
        "  }\n}\n"
        f'new C{i}("c{i}", {{ tags: {{ Team: "t" }} }});\n'
        for i in range(n)
    )


def py_components(n: int) -> str:
    return PY_HEAD + "".join(
        f"class C{i}(pulumi.ComponentResource):\n"
        "    def __init__(self, name, args=None, opts=None):\n"
        f'        super().__init__("x:y:C{i}", name, None, opts)\n'
        '        self.b = aws.s3.Bucket(f"{name}-b", tags=args["tags"], opts=pulumi.ResourceOptions(parent=self))\n'
        '        self.register_outputs({"b": self.b.id})\n'
        f'C{i}("c{i}", {{"tags": {{"Team": "t"}}}})\n'
        for i in range(n)
    )


def ts_fields(n: int) -> str:
    """One class with n resource fields, each read twice in its constructor."""
    return (
        TS_HEAD
        + "class Stack {\n"
        + "".join(f'  b{i} = new aws.s3.Bucket("b{i}");\n' for i in range(n))
        + "  constructor() {\n"
        + "".join(f"    console.log(this.b{i}.arn, this.b{i}.bucketName);\n" for i in range(n))
        + "  }\n}\n"
    )


def py_fields(n: int) -> str:
    return (
        PY_HEAD
        + "class Stack:\n    def __init__(self):\n"
        + "".join(f'        self.b{i} = aws.s3.Bucket("b{i}")\n' for i in range(n))
        + "".join(f"        print(self.b{i}.arn, self.b{i}.bucket)\n" for i in range(n))
    )


def ts_exports(n: int) -> str:
    """n queues, each exported and read in a template."""
    return TS_HEAD + "".join(
        f'const q{i} = new aws.sqs.Queue("q{i}");\nexport const u{i} = q{i}.url;\nexport const a{i} = `${{q{i}.arn}}`;\n'
        for i in range(n)
    )


def py_exports(n: int) -> str:
    return PY_HEAD + "".join(
        f'q{i} = aws.sqs.Queue("q{i}")\npulumi.export("u{i}", q{i}.url)\npulumi.export("a{i}", f"{{q{i}.arn}}")\n'
        for i in range(n)
    )


def ts_broken(n: int) -> str:
    """n log groups (a fix each), each followed by a line that does not parse."""
    return TS_HEAD + "".join(f'new aws.cloudwatch.LogGroup("l{i}", {{}});\nconst x{i} = ;\n' for i in range(n))


def py_broken(n: int) -> str:
    """n log groups inside one function that does not parse (no fix made: each noted)."""
    return PY_HEAD + "def f():\n" + "".join(f'    aws.cloudwatch.LogGroup("l{i}")\n' for i in range(n)) + "    x = (\n"


def md_blocks(n: int) -> str:
    """A markdown response of n TypeScript files, each making a queue with the tags one more file
    exports (every file linked to that one)."""
    parts = ["# Response\n"]
    for i in range(n):
        parts.append(
            f"## file{i}.ts\n```typescript\n{TS_HEAD}"
            f'import {{ tags }} from "./shared";\nexport const q{i} = new aws.sqs.Queue("q{i}", {{ tags }});\n```\n'
        )
    parts.append('## shared.ts\n```typescript\nexport const tags = { Team: "t" };\n```\n')
    return "".join(parts)


SHAPES: dict[str, tuple[tuple[str, Callable[[int], str]], ...]] = {
    "imports": (("typescript", ts_imports), ("python", py_imports)),
    "components": (("typescript", ts_components), ("python", py_components)),
    "fields": (("typescript", ts_fields), ("python", py_fields)),
    "exports": (("typescript", ts_exports), ("python", py_exports)),
    "broken code": (("typescript", ts_broken), ("python", py_broken)),
    "blocks": (("markdown", md_blocks),),
}
