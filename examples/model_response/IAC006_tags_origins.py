"""Tags completed where the program builds them: its own helper, a parameter default, a resource's
own literal (its keys win); resources read with `get`, data sources and imported resources are left alone."""

import pulumi
import pulumi_aws as aws

environment_suffix = pulumi.get_stack()


def get_common_tags(name: str):
    """The program's own tags helper: completed in its literal."""
    return {"Environment": environment_suffix, "Name": name}


def make_queue(name: str, tags: dict[str, str] = {"Team": "jobs"}):
    """A parameter default: completed there."""
    return aws.sqs.Queue(name, tags=tags)


bucket = aws.s3.Bucket(f"data-{environment_suffix}", tags=get_common_tags("data"))
queue = make_queue(f"jobs-{environment_suffix}")

# Its own literal says ManagedBy "Pulumi": the program's own key wins.
topic = aws.sns.Topic(f"events-{environment_suffix}", tags={"ManagedBy": "Pulumi", "Name": "events"})

# Read, not declared: no tags to write.
existing = aws.s3.Bucket.get("existing", "existing-bucket")
vpc = aws.ec2.get_vpc_output(default=True)

# Adopted from outside the stack: tags would show a difference against it.
legacy = aws.cloudwatch.LogGroup("legacy", name="/legacy/app", opts=pulumi.ResourceOptions(import_="/legacy/app"))

pulumi.export("bucket_name", bucket.bucket)
pulumi.export("queue_url", queue.url)
pulumi.export("topic_arn", topic.arn)
pulumi.export("existing_arn", existing.arn)
pulumi.export("vpc_id", vpc.id)
pulumi.export("legacy_arn", legacy.arn)
