import * as aws from "@pulumi/aws";

// apigateway-deployment-stage: the stage a Deployment no longer creates.
const api = new aws.apigateway.RestApi("api", { name: "orders" });

const deployment = new aws.apigateway.Deployment("api-deployment", {
    restApi: api.id,
    stageName: "prod",
    stageDescription: "production",
});

export const apiUrl = deployment.invokeUrl;

// s3-bucket-public-access-block: the CloudFormation block on the bucket.
const data = new aws.s3.Bucket("data", {
    forceDestroy: true,
    publicAccessBlock: {
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
    },
});

// s3-bucket-public-access-flags: the four flags straight on the bucket.
const logs = new aws.s3.Bucket("logs", {
    blockPublicAcls: true,
    blockPublicPolicy: true,
});

// secretsmanager-secret-rotation and secretsmanager-secret-string.
const secret = new aws.secretsmanager.Secret("db", {
    description: "database credentials",
    secretString: JSON.stringify({ username: "app" }),
    rotationLambdaArn: "arn:aws:lambda:us-east-1:123456789012:function:rotate",
    rotationRules: { automaticallyAfterDays: 30 },
});
