from typing import Optional

import pulumi
import pulumi_aws as aws
from pulumi import ResourceOptions

# `Optional` is used only in an annotation: still a use.


def bucket(name: str, opts: Optional[ResourceOptions] = None) -> aws.s3.Bucket:
    return aws.s3.Bucket(name, force_destroy=True, opts=opts)


logs = bucket("logs")
pulumi.export("bucket", logs.bucket)
