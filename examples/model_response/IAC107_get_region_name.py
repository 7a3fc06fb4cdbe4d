from types import SimpleNamespace

import pulumi
import pulumi_aws as aws

current = aws.get_region_output()
# The deprecated `name` argument (`get_region(name="us-east-1")` -> `region=`) is left out of both
# twins: the Python keyword is not renamed yet (tests/test_parity.py, PARITY_BUGS).
# TypeScript's getRegion returns a promise read with .then(); Python's invoke result is read directly,
# so the Output form stands in for it here (.apply() as .then()).
primary = aws.get_region_output()

bucket = aws.s3.Bucket("logs")

pulumi.export("regionName", current.name)
pulumi.export("endpoint", pulumi.Output.concat("https://s3.", aws.get_region_output().name, ".amazonaws.com/", bucket.bucket))
pulumi.export("primaryRegion", primary.apply(lambda r: r.name))


async def describe() -> str:
    here = await aws.get_region()
    label = SimpleNamespace(name="not a region")
    return f"{here.name} / {(await aws.get_region()).name} / {label.name}"
