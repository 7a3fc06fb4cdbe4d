import json

import pulumi
import pulumi_aws as aws

config = pulumi.Config()
stage = config.require("stage")

bucket = aws.s3.Bucket("assets", bucket=f"assets-{stage}")
log_group = aws.cloudwatch.LogGroup("app", name=f"/app/{stage}", retention_in_days=14)
role = aws.iam.Role("app", assume_role_policy=json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}],
}))

aws.iam.RolePolicy("read", role=role.id, policy=json.dumps({
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": f"{bucket.arn}/*"},
        {"Effect": "Allow", "Action": ["logs:PutLogEvents"], "Resource": log_group.arn},
    ],
}))

# Already unwrapped inside .apply: left alone.
aws.iam.RolePolicy("list", role=role.id, policy=bucket.arn.apply(lambda arn: json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": arn}],
})))

aws.s3.BucketObject("marker", bucket=bucket.id, key="role-" + role.name + ".txt", content="x")

pulumi.export("assets_url", f"https://{bucket.bucket_regional_domain_name}/index.html")
