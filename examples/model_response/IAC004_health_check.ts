// Load balancing for the storefront: target groups for the API, the web tier and the database proxy.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import * as alb from "@pulumi/aws/alb";
import { lb } from "@pulumi/aws";

const vpc = aws.ec2.getVpcOutput({ default: true });

// Too short a timeout, no protocol on the health check.
const apiTargets = new aws.lb.TargetGroup("api", {
    port: 8080,
    protocol: "HTTP",
    targetType: "ip",
    vpcId: vpc.id,
    healthCheck: {
        enabled: true,
        path: "/health",
        interval: 30,
        timeout: 3,
        healthyThreshold: 2,
        unhealthyThreshold: 3,
        matcher: "200",
    },
});

// Named import, single quotes, no trailing commas; interval too close to the new timeout.
const webHealth = {
    path: '/',
    interval: 5,
    timeout: 2
};
const webTargets = new lb.TargetGroup('web', {
    port: 80,
    protocol: 'HTTPS',
    vpcId: vpc.id,
    healthCheck: webHealth
});

// Already fine: left alone.
const okTargets = new alb.TargetGroup("ok", {
    port: 80,
    protocol: "HTTP",
    vpcId: vpc.id,
    healthCheck: { path: "/", timeout: 10, interval: 30, protocol: "HTTP" },
});

// A TCP (network load balancer) target group: the timeout is raised, no HTTP protocol is added.
const tcpTargets = new aws.lb.TargetGroup("tcp", {
    port: 5432,
    protocol: "TCP",
    vpcId: vpc.id,
    healthCheck: { interval: 10, timeout: 4 },
});

// A TCP target group whose health check names a path: it must say HTTP, or the path is never checked.
const grpcTargets = new aws.lb.TargetGroup("grpc", {
    port: 8443,
    protocol: "TCP",
    vpcId: vpc.id,
    healthCheck: { path: "/healthz", interval: 10, timeout: 5 },
});

// A component whose target group checks an admin path on one line.
class Frontend extends pulumi.ComponentResource {
    public readonly targets: aws.lb.TargetGroup;

    constructor(name: string, vpcId: pulumi.Input<string>, opts?: pulumi.ComponentResourceOptions) {
        super("storefront:index:Frontend", name, {}, opts);
        this.targets = new aws.lb.TargetGroup(`${name}-admin`, { port: 9000, protocol: "HTTP", vpcId: vpcId,
            healthCheck: { path: "/admin/health", timeout: 2 } }, { parent: this });
        this.registerOutputs({ arn: this.targets.arn });
    }
}

const frontend = new Frontend("storefront", vpc.id);
export const arns = pulumi.all([apiTargets.arn, webTargets.arn, okTargets.arn, tcpTargets.arn, grpcTargets.arn]);
