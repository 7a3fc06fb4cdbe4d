import * as pulumi from "@pulumi/pulumi";
import * as cloud from "@pulumi/aws";
import { ecs } from "@pulumi/aws";

const config = new pulumi.Config();
const env = config.get("env") ?? "dev";
const subnetIds = config.requireObject<string[]>("subnetIds");
const targetGroupArn = config.require("targetGroupArn");

const cluster = new cloud.ecs.Cluster(`api-cluster-${env}`, {});
const taskDefinition = new cloud.ecs.TaskDefinition(`api-task-${env}`, {
    family: `api-${env}`,
    cpu: "256",
    memory: "512",
    networkMode: "awsvpc",
    requiresCompatibilities: ["FARGATE"],
    containerDefinitions: JSON.stringify([{ name: "api", image: "nginx:1.27", essential: true }]),
});

// No deployment settings at all, behind a load balancer.
const service = new cloud.ecs.Service(`api-service-${env}`, {
    cluster: cluster.arn,
    taskDefinition: taskDefinition.arn,
    desiredCount: 2,
    launchType: "FARGATE",
    networkConfiguration: {
        subnets: subnetIds,
        assignPublicIp: false,
    },
    loadBalancers: [
        {
            targetGroupArn,
            containerName: "api",
            containerPort: 80,
        },
    ],
});

// The CloudFormation shape nested in deploymentConfiguration (TS2353 with @pulumi/aws):
// moved to the top level with the values the program chose.
const worker = new cloud.ecs.Service(`worker-${env}`, {
    cluster: cluster.arn,
    taskDefinition: taskDefinition.arn,
    desiredCount: 1,
    launchType: "FARGATE",
    networkConfiguration: { subnets: subnetIds },
    deploymentConfiguration: {
        maximumPercent: 150,
        minimumHealthyPercent: 50,
        deploymentCircuitBreaker: {
            enable: true,
            rollback: true,
        },
    },
    propagateTags: "TASK_DEFINITION",
});

// Named import, single quotes, no trailing commas, a spread that already sets one key.
const common = { cluster: cluster.arn, deploymentMaximumPercent: 150 };
const cron = new ecs.Service('cron', {
    ...common,
    taskDefinition: taskDefinition.arn,
    desiredCount: 1,
    launchType: 'FARGATE',
    networkConfiguration: { subnets: subnetIds }
});

// A v7 deployment strategy stays in deploymentConfiguration; the nested percent moves out.
const rolling = new ecs.Service("rolling", {
    cluster: cluster.arn,
    taskDefinition: taskDefinition.arn,
    desiredCount: 2,
    launchType: "FARGATE",
    networkConfiguration: { subnets: subnetIds },
    deploymentConfiguration: { strategy: "ROLLING", minimumHealthyPercent: 100 },
});

// Blue/green through CodeDeploy: no circuit breaker there, left alone.
const blueGreen = new ecs.Service("blue-green", {
    cluster: cluster.arn,
    taskDefinition: taskDefinition.arn,
    desiredCount: 2,
    launchType: "FARGATE",
    deploymentController: { type: "CODE_DEPLOY" },
    networkConfiguration: { subnets: subnetIds },
});

// Already safe: left alone.
const safe = new ecs.Service("safe", {
    cluster: cluster.arn,
    taskDefinition: taskDefinition.arn,
    desiredCount: 2,
    launchType: "FARGATE",
    networkConfiguration: { subnets: subnetIds },
    deploymentCircuitBreaker: { enable: true, rollback: true },
    deploymentMaximumPercent: 200,
    deploymentMinimumHealthyPercent: 100,
    propagateTags: "SERVICE",
});

class Api extends pulumi.ComponentResource {
    public readonly service: cloud.ecs.Service;

    constructor(name: string, args: { clusterArn: pulumi.Input<string>; taskDefinitionArn: pulumi.Input<string> },
                opts?: pulumi.ComponentResourceOptions) {
        super("example:apps:Api", name, {}, opts);
        this.service = new cloud.ecs.Service(`${name}-svc`, {
            cluster: args.clusterArn,
            taskDefinition: args.taskDefinitionArn,
            desiredCount: 3,
            launchType: "FARGATE",
            networkConfiguration: { subnets: subnetIds },
            deploymentMinimumHealthyPercent: 50,
        }, { parent: this });
        this.registerOutputs({ serviceName: this.service.name });
    }
}

const api = new Api("internal", { clusterArn: cluster.arn, taskDefinitionArn: taskDefinition.arn });

export const serviceNames = [service.name, worker.name, cron.name, rolling.name, blueGreen.name, safe.name, api.service.name];
