"""Resources in another region through one explicit provider."""

import pulumi
import pulumi_aws as aws
from pulumi import ResourceOptions

environment = pulumi.get_stack()

provider = aws.Provider(
    "eu",
    region="eu-west-1",
)

# The options written both ways: through the module and imported by name.
topic = aws.sns.Topic(f"events-{environment}", opts=pulumi.ResourceOptions(provider=provider))
queue = aws.sqs.Queue(f"jobs-{environment}", delay_seconds=5, opts=ResourceOptions(provider=provider))

pulumi.export("topic_arn", topic.arn)
pulumi.export("queue_url", queue.url)
