// Cost-allocation tags on a TypeScript program: one shared object; a literal the program writes itself is its own scheme.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

const config = new pulumi.Config();
const environmentSuffix = config.get("environmentSuffix") || "dev";

const vpc = new aws.ec2.Vpc(`vpc-${environmentSuffix}`, {
    cidrBlock: "10.0.0.0/16",
    enableDnsHostnames: true,
    tags: {
        Name: `vpc-${environmentSuffix}`,
    },
});

const subnet = new aws.ec2.Subnet(`subnet-${environmentSuffix}`, { vpcId: vpc.id, cidrBlock: "10.0.1.0/24" });

const cluster = new aws.ecs.Cluster(`cluster-${environmentSuffix}`);

const role = new aws.iam.Role(`task-role-${environmentSuffix}`, {
    assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }],
    }),
});

// Not taggable: left alone.
const rolePolicy = new aws.iam.RolePolicy(`task-policy-${environmentSuffix}`, {
    role: role.id,
    policy: JSON.stringify({ Version: "2012-10-17", Statement: [] }),
});

// Tags computed by the program: left alone.
const queueTags = config.getObject<Record<string, string>>("queueTags") ?? {};
const queue = new aws.sqs.Queue(`queue-${environmentSuffix}`, { tags: queueTags });

export const vpcId = vpc.id;
export const subnetId = subnet.id;
export const clusterName = cluster.name;
export const queueUrl = queue.url;
export const policyName = rolePolicy.name;
