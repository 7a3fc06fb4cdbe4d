import * as aws from "@pulumi/aws";

// apigateway-deployment-stage: the stage a Deployment no longer creates.
const api = new aws.apigateway.RestApi("api", { name: "orders" });

const deployment = new aws.apigateway.Deployment("api-deployment", {
    restApi: api.id,
});

const deploymentStage = new aws.apigateway.Stage("api-deployment-stage", {
    stageName: "prod",
    description: "production",
    restApi: api.id,
    deployment: deployment.id,
});

export const apiUrl = deploymentStage.invokeUrl;

// s3-bucket-public-access-block: the CloudFormation block on the bucket.
const data = new aws.s3.Bucket("data", {
    forceDestroy: true,
});

new aws.s3.BucketPublicAccessBlock("data-public-access-block", {
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
    bucket: data.id,
});

// s3-bucket-public-access-flags: the four flags straight on the bucket.
const logs = new aws.s3.Bucket("logs", {
});

new aws.s3.BucketPublicAccessBlock("logs-public-access-block", {
    blockPublicAcls: true,
    blockPublicPolicy: true,
    bucket: logs.id,
});

// secretsmanager-secret-rotation and secretsmanager-secret-string.
const secret = new aws.secretsmanager.Secret("db", {
    description: "database credentials",
});

new aws.secretsmanager.SecretRotation("db-rotation", {
    rotationLambdaArn: "arn:aws:lambda:us-east-1:123456789012:function:rotate",
    rotationRules: { automaticallyAfterDays: 30 },
    secretId: secret.id,
});

new aws.secretsmanager.SecretVersion("db-version", {
    secretString: JSON.stringify({ username: "app" }),
    secretId: secret.id,
});
