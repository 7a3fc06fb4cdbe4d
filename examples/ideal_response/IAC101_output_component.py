import json
from typing import Optional

import pulumi
import pulumi_aws as aws


class Api(pulumi.ComponentResource):
    def __init__(self, name: str, region: str, opts: Optional[pulumi.ResourceOptions] = None):
        super().__init__("app:Api", name, None, opts)
        db_password = pulumi.Config().require_secret("dbPassword")
        account = aws.get_caller_identity_output(opts=pulumi.InvokeOptions(parent=self))

        self.table = aws.dynamodb.Table(
            f"{name}-table",
            attributes=[{"name": "id", "type": "S"}],
            hash_key="id",
            billing_mode="PAY_PER_REQUEST",
            opts=pulumi.ResourceOptions(parent=self),
        )

        role = aws.iam.Role(
            f"{name}-role",
            assume_role_policy=json.dumps({
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}],
            }),
            opts=pulumi.ResourceOptions(parent=self),
        )

        aws.iam.RolePolicy(
            f"{name}-policy",
            role=role.id,
            policy=pulumi.Output.json_dumps({
                "Version": "2012-10-17",
                "Statement": [{
                    "Effect": "Allow",
                    "Action": ["dynamodb:GetItem"],
                    "Resource": [self.table.arn, pulumi.Output.concat("arn:aws:dynamodb:", region, ":", account.account_id, ":table/", self.table.name, "/index/*")],
                }],
            }),
            opts=pulumi.ResourceOptions(parent=self),
        )

        secret = aws.secretsmanager.Secret(f"{name}-secret", opts=pulumi.ResourceOptions(parent=self))
        aws.secretsmanager.SecretVersion(
            f"{name}-secret-v",
            secret_id=secret.id,
            secret_string=pulumi.Output.json_dumps({"username": "app", "password": db_password}),
            opts=pulumi.ResourceOptions(parent=self),
        )

        self.fn = aws.lambda_.Function(
            f"{name}-fn",
            role=role.arn,
            runtime="nodejs20.x",
            handler="index.handler",
            code=pulumi.AssetArchive({"index.js": pulumi.StringAsset("exports.handler = async () => ({});")}),
            environment={"variables": {"TABLE": self.table.name, "REGION_LABEL": f"region-{region}"}},
            opts=pulumi.ResourceOptions(parent=self),
        )

        self.register_outputs({"table_arn": self.table.arn, "fn_url": pulumi.Output.concat("https://console.aws.amazon.com/lambda/", self.fn.name)})


# A helper whose parameter is a plain string: nothing to lift.
def arn_for(table_name: str) -> str:
    return f"arn:aws:dynamodb:::table/{table_name}"
