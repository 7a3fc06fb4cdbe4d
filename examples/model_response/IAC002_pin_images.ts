import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

const config = new pulumi.Config();
const environmentSuffix = config.get("environmentSuffix") || "dev";

// Image for the API container; the model used a mutable tag.
const imageUri = process.env.IMAGE_URI || "nginx:latest";
const sidecarImage = config.get("sidecarImage") || 'redis';

const repo = new aws.ecr.Repository(`app-${environmentSuffix}`, {
    imageTagMutability: "IMMUTABLE",
});

const executionRole = new aws.iam.Role(`exec-${environmentSuffix}`, {
    assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }],
    }),
});

const taskDefinition = new aws.ecs.TaskDefinition(`api-${environmentSuffix}`, {
    family: `api-${environmentSuffix}`,
    cpu: "512",
    memory: "1024",
    networkMode: "awsvpc",
    requiresCompatibilities: ["FARGATE"],
    executionRoleArn: executionRole.arn,
    containerDefinitions: pulumi.all([repo.repositoryUrl]).apply(([url]) => JSON.stringify([
        { name: "api", image: imageUri, essential: true },
        { name: "cache", image: sidecarImage, essential: false },
        { name: "worker", image: `${url}:latest`, essential: false },
        { name: "proxy", image: "envoyproxy/envoy:v1.29-latest", essential: false },
    ])),
});

const batchTask = new aws.ecs.TaskDefinition(`batch-${environmentSuffix}`, {
    family: `batch-${environmentSuffix}`,
    containerDefinitions: '[{"name": "job", "image": "busybox:1.36", "essential": true}]',
});

const fn = new aws.lambda.Function(`fn-${environmentSuffix}`, {
    packageType: "Image",
    imageUri: "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:v1",
    role: executionRole.arn,
});

export const taskArn = taskDefinition.arn;
export const batchArn = batchTask.arn;
export const functionName = fn.name;
