import * as aws from "@pulumi/aws";

// Nested values declared as input types the argument does not take: one that does not exist,
// and the filter type of getSubnet where getSubnets has its own.
const rotationRules: aws.types.input.secretsmanager.SecretRotationRules = {
    automaticallyAfterDays: 30,
};

const secret = new aws.secretsmanager.Secret("db", { description: "database password" });

new aws.secretsmanager.SecretRotation("db-rotation", {
    secretId: secret.id,
    rotationLambdaArn: "arn:aws:lambda:us-east-1:123456789012:function:rotate",
    rotationRules,
});

const vpcFilter: aws.types.input.ec2.GetSubnetFilter = { name: "vpc-id", values: ["vpc-0123456789abcdef0"] };

export const subnetIds = aws.ec2.getSubnetsOutput({ filters: [vpcFilter] }).ids;
