"""IAC304 — a database whose destroy needs a final snapshot name the program never gives."""

from __future__ import annotations

from collections.abc import Iterator

from iacfix import awsschema
from iacfix.fix import Finding
from iacfix.model import Program
from iacfix.rules import Context, RuleDoc, Transform, register


@register
class FinalSnapshot(Transform):
    id = "IAC304"
    slug = "final-snapshot"
    # The classes whose schema takes both a final snapshot's name and its skip flag (rds.Instance,
    # rds/docdb/neptune/redshift Cluster): tests/test_prefilter.py checks the schema has no other.
    tokens = ("Instance", "Cluster")
    title = "Final snapshot without a name"
    severity = "medium"
    doc = RuleDoc(
        what="Reports a database (`aws.rds.Instance`, `aws.rds.Cluster`, DocumentDB, Neptune, Redshift, "
        "Lightsail) that takes a final snapshot when destroyed (`skipFinalSnapshot` false or not set, the "
        "provider's default) but names none (`finalSnapshotIdentifier`). The finding says what to "
        'supply; the name is the user\'s to choose. With `profile = "ephemeral"` the '
        "destroyable-stack rule (IAC303) skips the snapshot instead.",
        why='`pulumi destroy` fails: "final_snapshot_identifier is required when skip_final_snapshot is '
        'false". The stack cannot be torn down until the program is changed.',
        before='new aws.rds.Instance("db", { engine: "postgres", instanceClass: "db.t4g.micro", ... });',
        after='new aws.rds.Instance("db", { engine: "postgres", instanceClass: "db.t4g.micro", ...,\n'
        "    finalSnapshotIdentifier: `db-final-${environmentSuffix}` });",
        fix_safety="Reported only: a snapshot name (and whether to keep the data at all) is the user's decision.",
        references=(
            "https://www.pulumi.com/registry/packages/aws/api-docs/rds/instance/#skipfinalsnapshot_nodejs",
            "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html",
        ),
    )

    def check(self, program: Program, ctx: Context) -> Iterator[Finding]:
        for res in program.resources:
            args = res.args
            if args is None or args.opaque:
                continue
            shape = awsschema.resource(res.token)
            if shape is None or shape.arg("skipFinalSnapshot") is None or shape.arg("finalSnapshotIdentifier") is None:
                continue
            skip = args.find("skipFinalSnapshot")
            if skip is not None and (skip.value is None or skip.value.literal is not False):
                continue  # skipped, or decided by an expression
            if args.find("finalSnapshotIdentifier") is not None:
                continue
            kit = program.edits
            yield self.finding(
                f"destroying this {res.type_name} fails: it takes a final snapshot but names none; set "
                f"{kit.member_name('finalSnapshotIdentifier')} to a snapshot name of your choice, or "
                f"{kit.member_name('skipFinalSnapshot')} to {kit.render(True, '')} if the data may go",
                skip.value if skip is not None and skip.value is not None else (res.name or (res.start, res.end)),
                resource=res,
            )
