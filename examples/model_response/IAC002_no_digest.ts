import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

const config = new pulumi.Config();
const image = config.get("image") ?? "nginx:latest";

const taskDefinition = new aws.ecs.TaskDefinition("web", {
    family: "web",
    cpu: "256",
    memory: "512",
    requiresCompatibilities: ["FARGATE"],
    networkMode: "awsvpc",
    containerDefinitions: pulumi.jsonStringify([
        {
            name: "web",
            image: image,
            portMappings: [{ containerPort: 80 }],
        },
    ]),
});

export const arn = taskDefinition.arn;
