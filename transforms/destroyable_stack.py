"""IAC303 — stacks a test account cannot tear down (profile "ephemeral": off by default)."""

from __future__ import annotations

from collections.abc import Iterator

from iacfix import awsschema
from iacfix.fix import Finding
from iacfix.model import Program, Resource
from iacfix.rules import Context, RuleDoc, Transform, register

# Resources that refuse deletion while they hold something (objects, images, records, recovery
# points) unless told to delete the contents too; the argument that says so is checked against the
# provider's schema.
NOT_EMPTY_ON_DELETE = (
    "aws:s3/bucket:Bucket",
    "aws:s3/bucketV2:BucketV2",
    "aws:s3/directoryBucket:DirectoryBucket",
    "aws:s3tables/tableBucket:TableBucket",
    "aws:ecr/repository:Repository",
    "aws:ecrpublic/repository:Repository",
    "aws:route53/zone:Zone",
    "aws:backup/vault:Vault",
    "aws:athena/workgroup:Workgroup",
    "aws:athena/database:Database",
    "aws:iam/user:User",
    "aws:lightsail/bucket:Bucket",
)
FORCE = ("forceDestroy", "forceDelete")
# Arguments that block deletion when true.
PROTECTION = (
    "deletionProtection",
    "deletionProtectionEnabled",
    "enableDeletionProtection",
    "disableApiTermination",
    "skipDestroy",
)
# Resource options that keep the cloud resource when the stack is destroyed.
RETAINING_OPTIONS = ("retainOnDelete", "protect")
SECRET = "aws:secretsmanager/secret:Secret"


@register
class DestroyableStack(Transform):
    id = "IAC303"
    slug = "destroyable-stack"
    tokens = ("aws",)  # AWS resources only
    title = "Stack cannot be torn down in a test account"
    severity = "medium"
    profiles = frozenset({"ephemeral"})
    doc = RuleDoc(
        what='For stacks that are created and destroyed by every test run (`profile = "ephemeral"` in '
        "`[tool.iacfix]`; off by default): turns off deletion protection written as `true` "
        "(`deletionProtection`, `deletionProtectionEnabled`, `enableDeletionProtection`, "
        "`disableApiTermination`, `skipDestroy`); sets `skipFinalSnapshot: true` on databases that "
        "would take a final snapshot; lets buckets, repositories, hosted zones and vaults be deleted "
        "with their contents (`forceDestroy` / `forceDelete`); deletes named Secrets Manager secrets "
        "without a recovery window (`recoveryWindowInDays: 0`); and drops the `retainOnDelete` and "
        "`protect` resource options.",
        why="`pulumi destroy` fails on a protected database or load balancer, on a bucket that still holds "
        "objects, on an RDS instance with no final snapshot name; a retained resource or a secret "
        "scheduled for deletion keeps its name, so the next run of the same test collides with it "
        '("a secret with this name is already scheduled for deletion"). Test accounts fill up with '
        "orphans and later runs fail.",
        before='new aws.rds.Instance("db", { ..., deletionProtection: true });\n'
        'new aws.s3.Bucket("logs", {}, { retainOnDelete: true });',
        after='new aws.rds.Instance("db", { ..., deletionProtection: false, skipFinalSnapshot: true });\n'
        'new aws.s3.Bucket("logs", { forceDestroy: true }, {});',
        fix_safety="Safe for the stacks the profile is for: everything it changes only matters when the stack is "
        "destroyed, and then it deletes data on purpose. Never turn the profile on for a "
        "production stack.",
        references=(
            "https://www.pulumi.com/docs/iac/concepts/options/retainondelete/",
            "https://www.pulumi.com/docs/iac/concepts/options/protect/",
            "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html",
            "https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DeleteSecret.html",
            "Checkov CKV_AWS_293 / CKV_AWS_162 and cdk-nag AwsSolutions-RDS10 (the production opposites: "
            "deletion protection on)",
        ),
    )

    def check(self, program: Program, ctx: Context) -> Iterator[Finding]:
        for res in program.resources:
            shape = awsschema.resource(res.token)
            args = res.args
            if shape is None or (args is None and res.args_node is not None):
                continue  # arguments built elsewhere
            yield from self._options(program, res)
            if args is not None and args.opaque:
                continue  # a spread may set any of these
            for key in PROTECTION:
                p = args.find(key) if args is not None else None
                if shape.arg(key) is not None and p is not None and p.value is not None and p.value.literal is True:
                    if p.owner is args:
                        yield self.finding(
                            f"{key}: true blocks `pulumi destroy`",
                            p.value,
                            f"Set {key}: false",
                            [program.edits.replace(p.value, False)],
                            resource=res,
                        )
            if shape.arg("skipFinalSnapshot") is not None and not self._skips_snapshot(res):
                yield from self._set(
                    program,
                    res,
                    "skipFinalSnapshot",
                    True,
                    "the database takes a final snapshot when destroyed (a snapshot name to "
                    "keep, or a failed destroy when none is given)",
                )
            if res.token in NOT_EMPTY_ON_DELETE:
                force = next((k for k in FORCE if shape.arg(k) is not None), None)
                if force is not None:
                    yield from self._set(
                        program, res, force, True, f"a {res.type_name} that is not empty cannot be deleted"
                    )
            if res.token == SECRET and args is not None and args.find("name") is not None:
                yield from self._set(
                    program,
                    res,
                    "recoveryWindowInDays",
                    0,
                    "a deleted secret keeps its name for its recovery window (30 days): "
                    "the next run's secret of the same name fails",
                )

    def _set(self, program: Program, res: Resource, key: str, value, why: str) -> Iterator[Finding]:
        args = res.args
        p = args.find(key) if args is not None else None
        if p is not None and p.value is not None and p.value.literal == value and type(p.value.literal) is type(value):
            return
        if p is not None and (p.owner is not args or p.value is None or p.value.literal is None):
            return  # set elsewhere, or by an expression: the program decides
        edits = (
            [program.edits.replace(p.value, value)]
            if p is not None and p.value is not None
            else program.edits.add_resource_prop(res, key, value)
        )
        if edits:
            shown = program.edits.render(value, "")
            yield self.finding(
                f"{why}: set {program.edits.member_name(key)} to {shown}",
                res.name or (res.start, res.end),
                f"Set {key}: {shown}",
                edits,
                resource=res,
            )

    @staticmethod
    def _skips_snapshot(res: Resource) -> bool:
        p = res.args.find("skipFinalSnapshot") if res.args is not None else None
        return p is not None and (p.value is None or p.value.literal is True or p.value.literal is None)

    def _options(self, program: Program, res: Resource) -> Iterator[Finding]:
        opts = program.resource_options(res)
        if opts is None or (res.opts is not None and res.opts.start != opts.start):
            return  # options shared through a const: not this resource's alone
        for key in RETAINING_OPTIONS:
            p = opts.get(key)
            if p is not None and p.value is not None and p.value.literal is True:
                yield self.finding(
                    f"the `{key}` option keeps the resource when the stack is destroyed",
                    (p.start, p.end),
                    f"Remove the {key} option",
                    program.edits.remove_prop(p),
                    resource=res,
                )
