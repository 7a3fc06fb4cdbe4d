import * as aws from "@pulumi/aws";

// logs-module
const logGroup = new aws.logs.LogGroup("app", { retentionInDays: 14 });

// events-module
const nightly = new aws.events.Rule("nightly", { scheduleExpression: "cron(0 3 * * ? *)" });

// lambda-event-invoke-config
const invokeConfig = new aws.lambda.EventInvokeConfig("async", {
    functionName: "worker",
    maximumRetryAttempts: 0,
});

// cfg-recorder
const recorder = new aws.cfg.ConfigurationRecorder("recorder", { roleArn: "arn:aws:iam::123456789012:role/config" });
const versioningRule = new aws.cfg.ConfigRule("s3-versioning", {
    source: { owner: "AWS", sourceIdentifier: "S3_BUCKET_VERSIONING_ENABLED" },
});

// s3-replication-configuration-class
const replication = new aws.s3.BucketReplicationConfiguration("replication", {
    bucket: "source",
    role: "arn:aws:iam::123456789012:role/replication",
    rules: [{ id: "all", status: "Enabled", destination: { bucket: "arn:aws:s3:::replica" } }],
});

// elbv2-module
const alb = new aws.elbv2.LoadBalancer("alb", { loadBalancerType: "application", subnets: ["subnet-1", "subnet-2"] });

// lambda-permission-module
const invoke = new aws.apigateway.Permission("invoke", {
    action: "lambda:InvokeFunction",
    function: "worker",
    principal: "apigateway.amazonaws.com",
});

// appautoscaling-module
const target = new aws.applicationautoscaling.Target("tasks", {
    maxCapacity: 4,
    minCapacity: 1,
    resourceId: "service/cluster/web",
    scalableDimension: "ecs:service:DesiredCount",
    serviceNamespace: "ecs",
});

// iam-instance-profile-module
const profile = new aws.ec2.InstanceProfile("nodes", { role: "nodes" });

// terraform-class-names
const redrive = new aws.sqs.QueueRedrivePolicy("redrive", {
    queueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/orders",
    redrivePolicy: JSON.stringify({ deadLetterTargetArn: "arn:aws:sqs:us-east-1:123456789012:orders-dlq", maxReceiveCount: 3 }),
});
const inventorySchedule: aws.types.input.s3.BucketInventorySchedule = { frequency: "Weekly" };
const inventory = new aws.s3.BucketInventory("inventory", {
    bucket: "source",
    includedObjectVersions: "Current",
    schedule: inventorySchedule,
    destination: { bucket: { format: "CSV", bucketArn: "arn:aws:s3:::reports" } },
});
const corsResponse = new aws.apigateway.GatewayResponse("cors", {
    restApiId: "a1b2c3",
    responseType: "DEFAULT_4XX",
    responseParameters: { "gatewayresponse.header.Access-Control-Allow-Origin": "'*'" },
});
