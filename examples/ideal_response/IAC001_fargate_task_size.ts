import * as pulumi from "@pulumi/pulumi";
import * as compute from "@pulumi/aws";
import { ecs } from "@pulumi/aws";

const config = new pulumi.Config();
const env = config.get("env") ?? "dev";
const subnetIds = config.requireObject<string[]>("subnetIds");

const cluster = new compute.ecs.Cluster(`apps-${env}`, {});

// 256 cpu units cannot have 4 GiB: the cpu is raised to the smallest size that can (512).
const apiTask = new compute.ecs.TaskDefinition(`api-${env}`, {
    family: `api-${env}`,
    cpu: "512",
    memory: "4096",
    networkMode: "awsvpc",
    requiresCompatibilities: ["FARGATE"],
    containerDefinitions: JSON.stringify([
        { name: "api", image: "nginx:1.27", essential: true, portMappings: [{ containerPort: 80 }] },
    ]),
});

// Sizes held in consts, single quotes, no trailing commas: the consts are edited.
// No larger cpu supports 512 MiB, so the memory rises to the smallest value 512 cpu takes.
const workerCpu = '512';
const workerMemory = '1024';
const workerTask = new ecs.TaskDefinition('worker', {
    family: 'worker',
    cpu: workerCpu,
    memory: workerMemory,
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    containerDefinitions: JSON.stringify([{ name: 'worker', image: 'busybox:1.36', essential: true }])
});

// Fargate through the service's launch type; "1 vCPU" / "1 GB" strings stay in their own units.
const batchTask = new ecs.TaskDefinition("batch", {
    family: "batch",
    cpu: "1 vCPU",
    memory: "2 GB",
    networkMode: "awsvpc",
    containerDefinitions: JSON.stringify([{ name: "batch", image: "busybox:1.36", essential: true }]),
});
const batchService = new ecs.Service("batch", {
    cluster: cluster.arn,
    taskDefinition: batchTask.arn,
    launchType: "FARGATE",
    desiredCount: 1,
    networkConfiguration: { subnets: subnetIds },
    deploymentCircuitBreaker: { enable: true, rollback: true },
    deploymentMaximumPercent: 200,
    deploymentMinimumHealthyPercent: 100,
    propagateTags: "SERVICE",
});

// Fargate settings shared through a spread.
const fargateTask = { requiresCompatibilities: ["FARGATE"], networkMode: "awsvpc" };
const reportTask = new compute.ecs.TaskDefinition("report", {
    ...fargateTask,
    family: "report",
    cpu: "2048",
    memory: "16384",
    containerDefinitions: JSON.stringify([{ name: "report", image: "busybox:1.36", essential: true }]),
});

// Already valid (256 cpu with 1 GiB is a Fargate size): left alone.
const proxyTask = new compute.ecs.TaskDefinition("proxy", {
    family: "proxy",
    cpu: "256",
    memory: "1024",
    networkMode: "awsvpc",
    requiresCompatibilities: ["FARGATE"],
    containerDefinitions: JSON.stringify([{ name: "proxy", image: "envoyproxy/envoy:v1.31.0", essential: true }]),
});

// From configuration with a fallback: reported, not changed.
const tunedTask = new compute.ecs.TaskDefinition("tuned", {
    family: "tuned",
    cpu: config.get("tunedCpu") || "256",
    memory: "4096",
    networkMode: "awsvpc",
    requiresCompatibilities: ["FARGATE"],
    containerDefinitions: JSON.stringify([{ name: "tuned", image: "busybox:1.36", essential: true }]),
});

// Containers asking for more than the task: reported, not changed.
const greedyTask = new compute.ecs.TaskDefinition("greedy", {
    family: "greedy",
    cpu: "512",
    memory: "1024",
    networkMode: "awsvpc",
    requiresCompatibilities: ["FARGATE"],
    containerDefinitions: JSON.stringify([
        { name: "app", image: "busybox:1.36", essential: true, cpu: 512, memory: 1024 },
        { name: "sidecar", image: "busybox:1.36", essential: false, cpu: 256, memory: 512 },
    ]),
});

// EC2 tasks have no size table: left alone.
const ec2Task = new compute.ecs.TaskDefinition("ec2", {
    family: "ec2",
    cpu: "300",
    memory: "700",
    requiresCompatibilities: ["EC2"],
    containerDefinitions: JSON.stringify([{ name: "ec2", image: "busybox:1.36", essential: true }]),
});

class Worker extends pulumi.ComponentResource {
    public readonly task: compute.ecs.TaskDefinition;

    constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
        super("example:apps:Worker", name, {}, opts);
        this.task = new compute.ecs.TaskDefinition(`${name}-task`, {
            family: name,
            cpu: "1024",
            memory: "8192",
            networkMode: "awsvpc",
            requiresCompatibilities: ["FARGATE"],
            containerDefinitions: JSON.stringify([{ name, image: "busybox:1.36", essential: true }]),
        }, { parent: this });
        this.registerOutputs({ taskArn: this.task.arn });
    }
}

const queueWorker = new Worker("queue");

export const clusterName = cluster.name;
export const taskArns = [apiTask.arn, workerTask.arn, reportTask.arn, proxyTask.arn, tunedTask.arn, greedyTask.arn, ec2Task.arn];
export const serviceName = batchService.name;
export const queueTask = queueWorker.task.family;
