"""A stack whose resources are built in several methods and functions: one tags value for the
whole module, declared after the imports (never one per function, never above a docstring)."""

import json
from typing import Optional

import pulumi
import pulumi_aws as aws

common_tags = {
    "Environment": pulumi.get_stack(),
    "Project": pulumi.get_project(),
    "ManagedBy": "pulumi",
}


class AppStack(pulumi.ComponentResource):
    """The application's storage and messaging."""

    def __init__(self, name: str, opts: Optional[pulumi.ResourceOptions] = None):
        super().__init__("app:stack:AppStack", name, None, opts)
        self.bucket_name = self._storage().bucket
        self.queue_url = self._messaging().url
        self.register_outputs({"bucket_name": self.bucket_name, "queue_url": self.queue_url})

    def _storage(self) -> aws.s3.Bucket:
        """The data bucket."""
        return aws.s3.Bucket("data", force_destroy=True, tags=common_tags, opts=pulumi.ResourceOptions(parent=self))

    def _messaging(self) -> aws.sqs.Queue:
        """The jobs queue and its dead-letter queue."""
        dlq = aws.sqs.Queue("jobs-dlq", tags=common_tags, opts=pulumi.ResourceOptions(parent=self))
        return aws.sqs.Queue(
            "jobs",
            redrive_policy=dlq.arn.apply(lambda arn: json.dumps({"deadLetterTargetArn": arn, "maxReceiveCount": 5})),
            tags=common_tags,
            opts=pulumi.ResourceOptions(parent=self),
        )


def alerts() -> aws.sns.Topic:
    """The alerts topic, outside the component."""
    return aws.sns.Topic("alerts", tags=common_tags)


app = AppStack("app")
pulumi.export("bucket_name", app.bucket_name)
pulumi.export("queue_url", app.queue_url)
pulumi.export("alerts_arn", alerts().arn)
