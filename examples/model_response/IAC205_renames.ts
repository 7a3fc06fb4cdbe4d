import * as aws from "@pulumi/aws";

// codepipeline-artifact-store
const pipeline = new aws.codepipeline.Pipeline("pipeline", {
    roleArn: "arn:aws:iam::123456789012:role/pipeline",
    artifactStore: {
        location: "artifacts",
        type: "S3",
    },
    stages: [
        { name: "Source", actions: [{ name: "Source", category: "Source", owner: "AWS", provider: "S3", version: "1", outputArtifacts: ["src"], configuration: { S3Bucket: "src", S3ObjectKey: "app.zip" } }] },
        { name: "Deploy", actions: [{ name: "Deploy", category: "Deploy", owner: "AWS", provider: "S3", version: "1", inputArtifacts: ["src"], configuration: { BucketName: "site", Extract: "true" } }] },
    ],
});

// cloudwatch-metric-alarm-name
const alarm = new aws.cloudwatch.MetricAlarm("cpu", {
    alarmName: "cpu-high",
    comparisonOperator: "GreaterThanThreshold",
    evaluationPeriods: 2,
    metricName: "CPUUtilization",
    namespace: "AWS/EC2",
    period: 300,
    statistic: "Average",
    threshold: 80,
});

// elasticache-replication-group-description, elasticache-number-cache-clusters
const cache = new aws.elasticache.ReplicationGroup("cache", {
    replicationGroupDescription: "session cache",
    nodeType: "cache.t4g.micro",
    numberCacheClusters: 2,
    engine: "redis",
});

// route53-health-check-fqdn
const health = new aws.route53.HealthCheck("api", {
    fullyQualifiedDomainName: "api.example.com",
    port: 443,
    type: "HTTPS",
    resourcePath: "/health",
    failureThreshold: 3,
    requestInterval: 30,
});

// codebuild-timeout-in-minutes
const build = new aws.codebuild.Project("build", {
    serviceRole: "arn:aws:iam::123456789012:role/codebuild",
    timeoutInMinutes: 30,
    artifacts: { type: "NO_ARTIFACTS" },
    environment: { computeType: "BUILD_GENERAL1_SMALL", image: "aws/codebuild/standard:7.0", type: "LINUX_CONTAINER" },
    source: { type: "NO_SOURCE", buildspec: "version: 0.2" },
});

// lb-listener-forward-config
const listener = new aws.lb.Listener("http", {
    loadBalancerArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/1",
    port: 80,
    defaultActions: [{
        type: "forward",
        forwardConfig: {
            targetGroups: [{ arn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/1" }],
        },
    }],
});

// secretsmanager-get-random-password-length
const password = aws.secretsmanager.getRandomPassword({ length: 32, excludePunctuation: true });

// cloudwatch-metric-alarm-name-output, sqs-queue-url-output, lambda-function-name-output
const jobs = new aws.sqs.Queue("jobs", { visibilityTimeoutSeconds: 60 });
const worker = new aws.lambda.Function("worker", {
    role: "arn:aws:iam::123456789012:role/worker",
    runtime: "nodejs20.x",
    handler: "index.handler",
    s3Bucket: "artifacts",
    s3Key: "worker.zip",
    environment: { variables: { QUEUE_URL: jobs.queueUrl } },
});
export const alarmName = alarm.alarmName;
export const workerName = worker.functionName;
