import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const config = new (require("@pulumi/pulumi").Config)();
const stage = config.require("stage");
const envName = process.env.ENV_NAME || "dev";

const bucket = new aws.s3.Bucket("assets", { bucket: `assets-${stage}-${envName}` });
const logGroup = new aws.cloudwatch.LogGroup("app", { name: `/app/${stage}`, retentionInDays: 14 });
const role = new aws.iam.Role("app", {
    assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }],
    }),
});

// A policy document in a const, used only as a resource argument.
const readPolicy = pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [
        { Effect: "Allow", Action: ["s3:GetObject"], Resource: pulumi.interpolate`${bucket.arn}/*` },
        { Effect: "Allow", Action: ["logs:PutLogEvents"], Resource: logGroup.arn },
    ],
});
new aws.iam.RolePolicy("read", { role: role.id, policy: readPolicy });

// Already unwrapped inside .apply: left alone.
new aws.iam.RolePolicy("list", {
    role: role.id,
    policy: bucket.arn.apply(arn => JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "s3:ListBucket", Resource: arn }],
    })),
});

// An Output that leaks into an .apply callback's result.
new aws.iam.RolePolicy("write", {
    role: role.id,
    policy: bucket.arn.apply(arn => pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "logs:CreateLogStream", Resource: pulumi.interpolate`${logGroup.arn}:*` }],
    })),
});

const task = new aws.ecs.TaskDefinition("app", {
    family: `app-${stage}`,
    cpu: "256",
    memory: "512",
    requiresCompatibilities: ["FARGATE"],
    networkMode: "awsvpc",
    executionRoleArn: role.arn,
    containerDefinitions: pulumi.jsonStringify([{
        name: "app",
        image: "nginx:1.27",
        environment: [{ name: "BUCKET", value: bucket.id }],
        logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": logGroup.name } },
    }]),
});

new aws.s3.BucketObject("marker", { bucket: bucket.id, key: pulumi.concat("role-", role.name, ".txt"), content: "x" });

// A resource name must be a plain string: reported, not rewritten.
new aws.s3.BucketObject(`marker-${bucket.id}`, { bucket: bucket.id, content: "y" });
console.log(`task ${task.arn}`);

export const assetsUrl = pulumi.interpolate`https://${bucket.bucketRegionalDomainName}/index.html`;
