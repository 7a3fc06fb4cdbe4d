"""IAC104 — RDS instances and Aurora clusters whose storage is not encrypted."""

from __future__ import annotations

from iacfix.fix import Applicability
from iacfix.rules import RuleDoc, Transform, register
from iacfix.values import literal, string, value_at

INSTANCES = ("aws:rds/instance:Instance", "rds.Instance")
CLUSTERS = ("aws:rds/cluster:Cluster", "rds.Cluster")
# Encryption comes from somewhere else: the cluster, the source database, the snapshot.
_INHERITED = {
    "instance": ("clusterIdentifier", "replicateSourceDb", "snapshotIdentifier", "restoreToPointInTime", "s3Import"),
    "cluster": (
        "snapshotIdentifier",
        "replicationSourceIdentifier",
        "restoreToPointInTime",
        "s3Import",
        "globalClusterIdentifier",
    ),
}
# Instance classes of the first generations that do not support encryption at rest.
_NO_ENCRYPTION_CLASSES = ("db.t1.", "db.m1.", "db.m2.")


@register
class RdsStorageEncrypted(Transform):
    id = "IAC104"
    slug = "rds-storage-encrypted"
    tokens = ("Instance", "Cluster")  # rds.Instance / rds.Cluster
    title = "RDS storage not encrypted"
    severity = "high"
    applicability = Applicability.UNSAFE
    doc = RuleDoc(
        what="Sets `storageEncrypted: true` on `aws.rds.Instance` and `aws.rds.Cluster` declarations that "
        "leave it out or set it to false (AWS-managed `aws/rds` key unless a `kmsKeyId` is given).",
        why="Unencrypted database storage, its automated backups, snapshots and read replicas hold the "
        "data in the clear; encryption at rest costs nothing extra and can only be chosen when the "
        "database is created.",
        before='new aws.rds.Instance("db", { engine: "postgres", instanceClass: "db.t3.micro", allocatedStorage: 20 });',
        after='new aws.rds.Instance("db", { engine: "postgres", instanceClass: "db.t3.micro", allocatedStorage: 20, storageEncrypted: true });',
        fix_safety="Unsafe: RDS cannot encrypt an existing database in place, so on a deployed stack Pulumi "
        "replaces the instance or cluster (a new, empty database unless restored from a snapshot). "
        "Fine before the first deployment. Left alone: Aurora Serverless v1 clusters "
        '(`engineMode: "serverless"`, always encrypted), cluster members (`clusterIdentifier`: the '
        "cluster decides), read replicas, restores from snapshots or points in time, global-cluster "
        "members, old instance classes without encryption support, and values from configuration.",
        references=(
            "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html",
            "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Overview.Encryption.html",
            "Checkov CKV_AWS_16 (RDS instance encrypted), CKV_AWS_96 (Aurora cluster encrypted)",
            "cdk-nag AwsSolutions-RDS2",
        ),
    )

    def check(self, program, ctx):
        for res in program.resources_of(*INSTANCES, *CLUSTERS):
            kind = "cluster" if res.cls == "Cluster" else "instance"
            args = res.args
            if args is None:
                continue  # no arguments (cannot deploy) or arguments from elsewhere
            if any(args.find(k) is not None for k in _INHERITED[kind]):
                continue
            if kind == "cluster":
                mode = args.find("engineMode")
                if mode is not None:
                    lit = literal(mode.value, fallbacks=False)
                    if lit is None or lit.value == "serverless":
                        continue
            else:
                if (string(value_at(args, "engine")) or "").startswith("aurora"):
                    continue  # an Aurora instance takes its encryption from the cluster
                if (string(value_at(args, "instanceClass")) or "").startswith(_NO_ENCRYPTION_CLASSES):
                    continue
            prop = args.find("storageEncrypted")
            what = f"RDS {kind}"
            if prop is None:
                if args.opaque:
                    continue
                edits = program.edits.insert_prop(args, "storageEncrypted", True)
                yield self.finding(
                    f"{what} storage is not encrypted (storageEncrypted is not set)",
                    res.name or (res.start, res.end),
                    "Set storageEncrypted: true",
                    edits,
                    resource=res,
                )
                continue
            lit = literal(prop.value, fallbacks=False)
            if lit is None or lit.value is not False:
                continue
            if prop.owner is not args:
                # Set through a spread of a shared object: override it here (TS only: a Python
                # keyword given twice is an error), never edit the shared object.
                if not res.args_inline or args.style != "ts":
                    continue
                edits = program.edits.insert_prop(args, "storageEncrypted", True)
            elif lit.node is not prop.value:
                continue  # false held in a const other code may share: leave it
            else:
                edits = [program.edits.replace(lit.node, True)]
            yield self.finding(
                f"{what} storage is not encrypted (storageEncrypted: false)",
                prop.value,
                "Set storageEncrypted: true",
                edits,
                resource=res,
            )
