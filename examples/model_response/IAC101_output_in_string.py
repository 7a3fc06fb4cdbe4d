import json
import os

import pulumi_aws as aws
from pulumi import Config, export

# No `import pulumi`: the fix adds it (the TypeScript twin reaches pulumi through require()).
config = Config()
stage = config.require("stage")
env_name = os.environ.get("ENV_NAME") or "dev"

bucket = aws.s3.Bucket("assets", bucket=f"assets-{stage}-{env_name}")
log_group = aws.cloudwatch.LogGroup("app", name=f"/app/{stage}", retention_in_days=14)
role = aws.iam.Role("app",
    assume_role_policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}],
    }),
)

# A policy document in a variable, used only as a resource argument.
read_policy = json.dumps({
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": f"{bucket.arn}/*"},
        {"Effect": "Allow", "Action": ["logs:PutLogEvents"], "Resource": log_group.arn},
    ],
})
aws.iam.RolePolicy("read", role=role.id, policy=read_policy)

# Already unwrapped inside .apply: left alone.
aws.iam.RolePolicy("list",
    role=role.id,
    policy=bucket.arn.apply(lambda arn: json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": arn}],
    })),
)

# An Output that leaks into an .apply callback's result.
aws.iam.RolePolicy("write",
    role=role.id,
    policy=bucket.arn.apply(lambda arn: json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "logs:CreateLogStream", "Resource": f"{log_group.arn}:*"}],
    })),
)

task = aws.ecs.TaskDefinition("app",
    family=f"app-{stage}",
    cpu="256",
    memory="512",
    requires_compatibilities=["FARGATE"],
    network_mode="awsvpc",
    execution_role_arn=role.arn,
    container_definitions=json.dumps([{
        "name": "app",
        "image": "nginx:1.27",
        "environment": [{"name": "BUCKET", "value": bucket.id}],
        "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": log_group.name}},
    }]),
)

aws.s3.BucketObject("marker", bucket=bucket.id, key="role-" + role.name + ".txt", content="x")

# A resource name must be a plain string: reported, not rewritten.
aws.s3.BucketObject(f"marker-{bucket.id}", bucket=bucket.id, content="y")
print(f"task {task.arn}")

export("assetsUrl", f"https://{bucket.bucket_regional_domain_name}/index.html")
