import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

const environmentSuffix = process.env.ENVIRONMENT_SUFFIX || "dev";
const commonTags = {
  Environment: environmentSuffix,
  Project: "orders",
  Owner: "platform-team",
  CostCenter: "engineering",
  ManagedBy: "pulumi",
};

const bucket = new aws.s3.Bucket(`app-data-${environmentSuffix}`, {
  forceDestroy: true,
  tags: commonTags,
});

new aws.s3.BucketPublicAccessBlock(`app-data-${environmentSuffix}-public-access-block`, {
  bucket: bucket.id,
  blockPublicAcls: true,
  blockPublicPolicy: true,
  ignorePublicAcls: true,
  restrictPublicBuckets: true,
});

const table = new aws.dynamodb.Table(`app-table-${environmentSuffix}`, {
  attributes: [{ name: "id", type: "S" }],
  hashKey: "id",
  billingMode: "PAY_PER_REQUEST",
  tags: commonTags,
});

const queue = new aws.sqs.Queue(`app-queue-${environmentSuffix}`, {
  messageRetentionSeconds: 86400,
  tags: commonTags,
});

const topic = new aws.sns.Topic(`app-events-${environmentSuffix}`, { tags: commonTags });

// Trust policy: never touched.
const taskRole = new aws.iam.Role(`task-role-${environmentSuffix}`, {
  assumeRolePolicy: JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: "ecs-tasks.amazonaws.com" },
        Action: "sts:AssumeRole",
      },
    ],
  }),
  inlinePolicies: [
    {
      name: "events",
      policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "sns:Publish", Resource: topic.arn }],
      }),
    },
  ],
  tags: commonTags,
});

// The model's policy: every action of three services on every resource.
new aws.iam.RolePolicy(`task-policy-${environmentSuffix}`, {
  role: taskRole.id,
  policy: pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:PutObject", "s3:ListBucket"],
        Resource: [bucket.arn, pulumi.interpolate`${bucket.arn}/*`],
      },
      {
        Effect: "Allow",
        Action: [
          "dynamodb:GetItem",
          "dynamodb:PutItem",
          "dynamodb:UpdateItem",
          "dynamodb:Query",
          "dynamodb:Scan",
        ],
        Resource: table.arn,
      },
      {
        Effect: "Allow",
        Action: [
          "sqs:SendMessage",
          "sqs:ReceiveMessage",
          "sqs:DeleteMessage",
          "sqs:GetQueueAttributes",
        ],
        Resource: queue.arn,
      },
    ],
  }),
});

// Execution role: these actions work on "*" only (or have no log group known here) and stay.
const executionRole = new aws.iam.Role(`exec-role-${environmentSuffix}`, {
  assumeRolePolicy: aws.iam.assumeRolePolicyForPrincipal({ Service: "ecs-tasks.amazonaws.com" }),
  tags: commonTags,
});

new aws.iam.RolePolicy(`exec-policy-${environmentSuffix}`, {
  role: executionRole.id,
  policy: JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: ["ecr:GetAuthorizationToken", "logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: "*",
      },
      {
        Effect: "Deny",
        Action: "s3:*",
        Resource: "*",
      },
    ],
  }),
});

// A plain getPolicyDocument cannot hold the bucket's ARN (an Output): the actions are narrowed and
// the resources reported. (getPolicyDocumentOutput takes Inputs here, but its Python twin takes plain
// strings: that case is in tests/test_transform_iam.py, not in these twins.)
const readerDoc = aws.iam.getPolicyDocument({
  statements: [
    {
      effect: "Allow",
      actions: [
        "s3:GetObject",
        "s3:PutObject",
        "s3:ListBucket",
        "xray:PutTraceSegments",
      ],
      resources: ["*"],
    },
  ],
});

new aws.iam.Policy(`reader-${environmentSuffix}`, {
  policy: readerDoc.then(doc => doc.json),
  tags: commonTags,
});

// A role CloudFormation assumes creates the stack's tables and buckets: its wildcards are kept
// (reported for review), as narrowing them to data access would break its deployments.
const deployRole = new aws.iam.Role(`deploy-role-${environmentSuffix}`, {
  assumeRolePolicy: JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: "cloudformation.amazonaws.com" }, Action: "sts:AssumeRole" }],
  }),
  tags: commonTags,
});

new aws.iam.RolePolicy(`deploy-policy-${environmentSuffix}`, {
  role: deployRole.id,
  policy: JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: ["dynamodb:*", "s3:*", "sqs:*"], Resource: "*" }],
  }),
});

// An administration policy, by its name: kept and reported.
new aws.iam.Policy(`kms-admin-${environmentSuffix}`, {
  policy: JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: ["kms:*"], Resource: "*" }],
  }),
  tags: commonTags,
});

// Wildcard actions on resources that are specific already: kept and reported.
new aws.iam.RolePolicy(`bucket-owner-${environmentSuffix}`, {
  role: taskRole.id,
  policy: pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: ["s3:*"], Resource: [bucket.arn, pulumi.interpolate`${bucket.arn}/*`] }],
  }),
});

export const bucketName = bucket.id;
export const topicArn = topic.arn;
export const queueUrl = queue.url;
export const tableName = table.name;
