import pulumi
import pulumi_aws as aws

stack = pulumi.get_stack()

# The program's own shared tags: reused and completed.
common_tags = {
    "Environment": stack,
    "Team": "payments",
    "Project": pulumi.get_project(),
    "Owner": "payments-team",
    "CostCenter": "CC-1234",
    "ManagedBy": "pulumi",
}

alerts = aws.sns.Topic("alerts", tags=common_tags)

table = aws.dynamodb.Table(
    "orders",
    attributes=[{"name": "id", "type": "S"}],
    hash_key="id",
    billing_mode="PAY_PER_REQUEST",
    tags={**common_tags, "Name": "orders"},
)

topic = aws.sns.Topic("events", tags=common_tags)

pulumi.export("alerts_arn", alerts.arn)
pulumi.export("table_name", table.name)
pulumi.export("topic_arn", topic.arn)
