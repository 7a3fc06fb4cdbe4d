"""A component whose caller is not part of the response: the tags it receives are completed once,
where it takes them (the caller's keys win); read at each resource instead, they are reported."""

from typing import Mapping, Optional

import pulumi
import pulumi_aws as aws


class StorageStackArgs:
    def __init__(self, environment_suffix: str, tags: Optional[pulumi.Input[Mapping[str, str]]] = None):
        self.environment_suffix = environment_suffix
        self.tags = tags


class StorageStack(pulumi.ComponentResource):
    def __init__(self, name: str, args: StorageStackArgs, opts: Optional[pulumi.ResourceOptions] = None):
        super().__init__("app:storage:StorageStack", name, None, opts)
        tags = args.tags

        bucket = aws.s3.Bucket(f"data-{args.environment_suffix}", tags=tags, opts=pulumi.ResourceOptions(parent=self))
        aws.sqs.Queue(f"jobs-{args.environment_suffix}", tags=tags, opts=pulumi.ResourceOptions(parent=self))

        self.bucket_name = bucket.bucket
        self.register_outputs({"bucket_name": self.bucket_name})


class AlertsStackArgs:
    def __init__(self, tags: Optional[pulumi.Input[Mapping[str, str]]] = None):
        self.tags = tags


class AlertsStack(pulumi.ComponentResource):
    def __init__(self, name: str, args: AlertsStackArgs, opts: Optional[pulumi.ResourceOptions] = None):
        super().__init__("app:alerts:AlertsStack", name, None, opts)
        aws.sns.Topic("alerts", tags=args.tags, opts=pulumi.ResourceOptions(parent=self))
        self.register_outputs({})
