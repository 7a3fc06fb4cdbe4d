# Load balancing for the storefront: target groups for the API, the web tier and the database proxy.
import pulumi
import pulumi_aws as aws
import pulumi_aws.alb as alb
from pulumi_aws import lb

vpc = aws.ec2.get_vpc_output(default=True)

# Too short a timeout, no protocol on the health check (Args class form).
api_targets = aws.lb.TargetGroup(
    "api",
    port=8080,
    protocol="HTTP",
    target_type="ip",
    vpc_id=vpc.id,
    health_check=aws.lb.TargetGroupHealthCheckArgs(
        enabled=True,
        path="/health",
        interval=30,
        timeout=3,
        healthy_threshold=2,
        unhealthy_threshold=3,
        matcher="200",
    ),
)

# Dict form held in a variable, single quotes, no trailing commas; interval too close to the new timeout.
web_health: aws.lb.TargetGroupHealthCheckArgsDict = {
    'path': '/',
    'interval': 5,
    'timeout': 2
}
web_targets = lb.TargetGroup('web',
    port=80,
    protocol='HTTPS',
    vpc_id=vpc.id,
    health_check=web_health)

# Already fine: left alone.
ok_targets = alb.TargetGroup("ok", port=80, protocol="HTTP", vpc_id=vpc.id,
                             health_check={"path": "/", "timeout": 10, "interval": 30, "protocol": "HTTP"})

# A TCP (network load balancer) target group: the timeout is raised, no HTTP protocol is added.
tcp_targets = aws.lb.TargetGroup("tcp", port=5432, protocol="TCP", vpc_id=vpc.id,
                                 health_check={"interval": 10, "timeout": 4})

# A TCP target group whose health check names a path: it must say HTTP, or the path is never checked.
grpc_targets = aws.lb.TargetGroup("grpc", port=8443, protocol="TCP", vpc_id=vpc.id,
                                  health_check={"path": "/healthz", "interval": 10, "timeout": 5})


# A component whose target group checks an admin path on one line.
class Frontend(pulumi.ComponentResource):
    def __init__(self, name: str, vpc_id: pulumi.Input[str], opts: pulumi.ResourceOptions | None = None):
        super().__init__("storefront:index:Frontend", name, None, opts)
        self.targets = aws.lb.TargetGroup(f"{name}-admin", port=9000, protocol="HTTP", vpc_id=vpc_id,
            health_check=aws.lb.TargetGroupHealthCheckArgs(path="/admin/health", timeout=2),
            opts=pulumi.ResourceOptions(parent=self))
        self.register_outputs({"arn": self.targets.arn})


frontend = Frontend("storefront", vpc.id)
pulumi.export("arns", pulumi.Output.all(api_targets.arn, web_targets.arn, ok_targets.arn, tcp_targets.arn,
                                        grpc_targets.arn))
