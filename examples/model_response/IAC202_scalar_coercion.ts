import * as aws from "@pulumi/aws";

// Numbers written as strings, strings written as numbers and booleans.
const cpuAlarm = new aws.cloudwatch.MetricAlarm("cpu", {
    comparisonOperator: "GreaterThanThreshold",
    evaluationPeriods: "2",
    metricName: "CPUUtilization",
    namespace: "AWS/ECS",
    period: '300',
    statistic: "Average",
    threshold: "80",
});

const targets = new aws.lb.TargetGroup("web", {
    port: "80",
    protocol: "HTTP",
    vpcId: "vpc-0123456789abcdef0",
    healthCheck: {
        path: "/health",
        port: 80,
        interval: "30",
    },
});

const task = new aws.ecs.TaskDefinition("task", {
    family: "web",
    cpu: 256,
    memory: 512,
    requiresCompatibilities: ["FARGATE"],
    networkMode: "awsvpc",
    containerDefinitions: JSON.stringify([{ name: "web", image: "nginx:1.27", essential: true }]),
});

const template = new aws.ec2.LaunchTemplate("nodes", {
    blockDeviceMappings: [{
        deviceName: "/dev/xvda",
        ebs: { volumeSize: 20, encrypted: true, deleteOnTermination: true },
    }],
});

// One value written as a list where the provider takes the value (v7: one endpoint type).
const api = new aws.apigateway.RestApi("api", {
    endpointConfiguration: { types: ["REGIONAL"] },
});
