import pulumi
import pulumi_aws as aws

current = aws.get_region()
bucket = aws.s3.Bucket("logs")

pulumi.export("region", current.name)
pulumi.export("endpoint", pulumi.Output.concat("https://s3.", aws.get_region().name, ".amazonaws.com/", bucket.bucket))
pulumi.export("region_out", aws.get_region_output().apply(lambda r: r.name))
