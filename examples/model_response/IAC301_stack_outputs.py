from typing import Optional

import pulumi
import pulumi_aws as aws


class WebStack(pulumi.ComponentResource):
    def __init__(self, name: str, environment_suffix: str, opts: Optional[pulumi.ResourceOptions] = None):
        super().__init__("tap:web:WebStack", name, None, opts)
        self._suffix = environment_suffix
        self.bucket = aws.s3.Bucket(f"site-{self._suffix}", opts=pulumi.ResourceOptions(parent=self))
        self.bucket_name = self.bucket.bucket
        self.site_url = pulumi.Output.concat("http://", self.bucket.bucket_regional_domain_name)
        self.register_outputs({})


WebStack("web", environment_suffix=pulumi.get_stack())
