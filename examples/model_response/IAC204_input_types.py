import pulumi
import pulumi_aws as aws

# Nested values declared as input types the argument does not take: one that does not exist,
# and the filter type of get_subnet where get_subnets has its own.
rotation_rules = aws.secretsmanager.SecretRotationRulesArgs(
    automatically_after_days=30,
)

secret = aws.secretsmanager.Secret("db", description="database password")

aws.secretsmanager.SecretRotation(
    "db-rotation",
    secret_id=secret.id,
    rotation_lambda_arn="arn:aws:lambda:us-east-1:123456789012:function:rotate",
    rotation_rules=rotation_rules,
)

vpc_filter = aws.ec2.GetSubnetFilterArgs(name="vpc-id", values=["vpc-0123456789abcdef0"])

pulumi.export("subnet_ids", aws.ec2.get_subnets_output(filters=[vpc_filter]).ids)
