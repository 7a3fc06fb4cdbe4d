import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

// An ECS Fargate API behind an Application Load Balancer, as a model wrote it.
// It carries the eight failures of the seed document (see MODEL_FAILURES.md of the task).

export interface ApiServiceArgs {
    vpcId: pulumi.Input<string>;
    subnetIds: pulumi.Input<pulumi.Input<string>[]>;
}

const config = new pulumi.Config();
const environmentSuffix = config.get("environmentSuffix") || "dev";
const commonTags = {
    Environment: environmentSuffix,
    Project: pulumi.getProject(),
    Owner: "cloud-team",
    CostCenter: "engineering",
    ManagedBy: "pulumi",
};
const imageUri = process.env.IMAGE_URI || "nginx:latest@sha256:447a8665cc1dab95b1ca778e162215839ccbb9189104c79d7ec3a81e14577add"; // Using 'latest' tag

export class ApiService extends pulumi.ComponentResource {
    public readonly url: pulumi.Output<string>;

    constructor(name: string, args: ApiServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("example:api:ApiService", name, {}, opts);

        const albSecurityGroup = new aws.ec2.SecurityGroup(`alb-sg-${environmentSuffix}`, {
            vpcId: args.vpcId,
            ingress: [{ protocol: "tcp", fromPort: 80, toPort: 80, cidrBlocks: ["0.0.0.0/0"] }],
            egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
            tags: commonTags,
        }, { parent: this });

        // CloudWatch Log Group
        const logGroup = new aws.cloudwatch.LogGroup(`ecs-logs-${environmentSuffix}`, {
            name: `/ecs/api-${environmentSuffix}`,
            retentionInDays: 7,
            tags: commonTags,
        }, { parent: this });

        const executionRole = new aws.iam.Role(`ecs-execution-role-${environmentSuffix}`, {
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{
                    Action: "sts:AssumeRole",
                    Effect: "Allow",
                    Principal: { Service: "ecs-tasks.amazonaws.com" },
                }],
            }),
            tags: commonTags,
        }, { parent: this });

        new aws.iam.RolePolicyAttachment(`ecs-execution-policy-${environmentSuffix}`, {
            role: executionRole.name,
            policyArn: "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
        }, { parent: this });

        const taskRole = new aws.iam.Role(`ecs-task-role-${environmentSuffix}`, {
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{
                    Action: "sts:AssumeRole",
                    Effect: "Allow",
                    Principal: { Service: "ecs-tasks.amazonaws.com" },
                }],
            }),
            tags: commonTags,
        }, { parent: this });

        // The task reads and writes the app's data bucket, table and queue.
        new aws.iam.RolePolicy(`ecs-task-policy-${environmentSuffix}`, {
            role: taskRole.id,
            policy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{
                    Effect: "Allow",
                    Action: ["s3:GetObject", "s3:PutObject", "s3:ListBucket"],
                    Resource: [
                        `arn:aws:s3:::app-data-${environmentSuffix}`,
                        `arn:aws:s3:::app-data-${environmentSuffix}/*`,
                    ],
                },
                {
                    Effect: "Allow",
                    Action: [
                        "dynamodb:GetItem",
                        "dynamodb:PutItem",
                        "dynamodb:UpdateItem",
                        "dynamodb:Query",
                        "dynamodb:Scan",
                    ],
                    Resource: `arn:aws:dynamodb:*:*:table/app-table-${environmentSuffix}`,
                },
                {
                    Effect: "Allow",
                    Action: [
                        "sqs:SendMessage",
                        "sqs:ReceiveMessage",
                        "sqs:DeleteMessage",
                        "sqs:GetQueueAttributes",
                    ],
                    Resource: `arn:aws:sqs:*:*:app-queue-${environmentSuffix}`,
                }],
            }),
        }, { parent: this });

        const cluster = new aws.ecs.Cluster(`api-cluster-${environmentSuffix}`, {
            name: `api-cluster-${environmentSuffix}`,
            tags: commonTags,
        }, { parent: this });

        const taskDefinition = new aws.ecs.TaskDefinition(`api-task-${environmentSuffix}`, {
            family: `api-${environmentSuffix}`,
            cpu: "256",
            memory: "1024",
            networkMode: "awsvpc",
            requiresCompatibilities: ["FARGATE"],
            executionRoleArn: executionRole.arn,
            taskRoleArn: taskRole.arn,
            containerDefinitions: JSON.stringify([{
                name: "api-container",
                image: imageUri,
                essential: true,
                portMappings: [{ containerPort: 80, protocol: "tcp" }],
            }]),
            tags: commonTags,
        }, { parent: this });

        // A background worker: 256 CPU units cannot have 4 GB of memory on Fargate.
        new aws.ecs.TaskDefinition(`worker-task-${environmentSuffix}`, {
            family: `worker-${environmentSuffix}`,
            cpu: "512",
            memory: "4096",
            networkMode: "awsvpc",
            requiresCompatibilities: ["FARGATE"],
            executionRoleArn: executionRole.arn,
            containerDefinitions: JSON.stringify([{
                name: "worker",
                image: imageUri,
                essential: true,
            }]),
            tags: commonTags,
        }, { parent: this });

        const alb = new aws.lb.LoadBalancer(`api-alb-${environmentSuffix}`, {
            internal: false,
            loadBalancerType: "application",
            securityGroups: [albSecurityGroup.id],
            subnets: args.subnetIds,
            tags: commonTags,
        }, { parent: this });

        const targetGroup = new aws.lb.TargetGroup(`api-tg-${environmentSuffix}`, {
            port: 80,
            protocol: "HTTP",
            vpcId: args.vpcId,
            targetType: "ip",
            healthCheck: {
                enabled: true,
                path: "/health",
                interval: 30,
                timeout: 5,
                healthyThreshold: 2,
                unhealthyThreshold: 3,
                matcher: "200",
            },
            tags: commonTags,
        }, { parent: this });

        // Primary Listener
        const listener = new aws.lb.Listener(`api-listener-${environmentSuffix}`, {
            loadBalancerArn: alb.arn,
            port: 80,
            protocol: "HTTP",
            defaultActions: [{
                type: "forward",
                targetGroupArn: targetGroup.arn,
            }],
            tags: commonTags,
        }, { parent: this });

        new aws.ecs.Service(`api-service-${environmentSuffix}`, {
            cluster: cluster.arn,
            taskDefinition: taskDefinition.arn,
            desiredCount: 2,
            launchType: "FARGATE",
            networkConfiguration: {
                subnets: args.subnetIds,
                securityGroups: [albSecurityGroup.id],
                assignPublicIp: true,
            },
            loadBalancers: [{
                targetGroupArn: targetGroup.arn,
                containerName: "api-container",
                containerPort: 80,
            }],
            tags: commonTags,
            deploymentCircuitBreaker: { enable: true, rollback: true },
            deploymentMaximumPercent: 200,
            deploymentMinimumHealthyPercent: 100,
            healthCheckGracePeriodSeconds: 60,
            propagateTags: "SERVICE",
        }, { parent: this, dependsOn: [listener] });

        this.url = pulumi.interpolate`http://${alb.dnsName}`;
        this.registerOutputs({ url: this.url, logGroup: logGroup.name });
    }
}

const vpc = aws.ec2.getVpcOutput({ default: true });
const subnets = aws.ec2.getSubnetsOutput({ filters: [{ name: "vpc-id", values: [vpc.id] }] });

const api = new ApiService("api", { vpcId: vpc.id, subnetIds: subnets.ids });
export const url = api.url;
