import pulumi
import pulumi_aws as cloud
from pulumi_aws import cloudwatch
from pulumi_aws.cloudwatch import LogGroup

config = pulumi.Config()
env = config.get("env") or "dev"
audit_retention = 10  # days, chosen by hand

# Application logs: no retention, kept forever.
app_logs = cloud.cloudwatch.LogGroup(
    f"app-{env}",
    name=f"/app/{env}",
    # TODO: decide on retention
)

# A value CloudWatch does not accept, held in a variable.
audit_logs = cloudwatch.LogGroup("audit", name="/audit", retention_in_days=audit_retention)

# Already fine: left alone.
access_logs = LogGroup("access",
    name="/access",
    retention_in_days=30)

# Retention from configuration: not ours to decide.
tuned_logs = cloud.cloudwatch.LogGroup("tuned", retention_in_days=config.require_int("retention"))

# No arguments at all.
bare_logs = cloud.cloudwatch.LogGroup("bare")

# Zero means "never expire" (changed only with unsafe fixes). The arguments come as a LogGroupArgs
# object (`args=`), a form the TypeScript twin does not have: it passes an object literal.
debug_logs = cloud.cloudwatch.LogGroup(
    "debug",
    args=cloud.cloudwatch.LogGroupArgs(name="/debug", retention_in_days=0),
)

# Shared settings spread in: retention set there.
common = {"skip_destroy": False, "retention_in_days": 14}
job_logs = cloud.cloudwatch.LogGroup("jobs", name="/jobs", **common)


class Logging(pulumi.ComponentResource):
    def __init__(self, name: str, opts: pulumi.ResourceOptions | None = None):
        super().__init__("example:logging:Logging", name, None, opts)
        self.group = cloud.cloudwatch.LogGroup(
            f"{name}-lambda",
            name=f"/aws/lambda/{name}",
            tags={'Team': 'platform'},
            opts=pulumi.ResourceOptions(parent=self))
        self.register_outputs({"group": self.group.name})


logging = Logging("worker")
pulumi.export("logging", logging)
pulumi.export("groups", [app_logs.name, audit_logs.name, access_logs.name, tuned_logs.name, bare_logs.name,
                         debug_logs.name, job_logs.name])
