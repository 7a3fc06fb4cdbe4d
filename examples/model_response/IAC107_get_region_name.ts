import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const current = aws.getRegionOutput();
// The deprecated `name` argument (`getRegion({ name: "us-east-1" })` -> `region:`) is left out of both
// twins: the Python keyword is not renamed yet (tests/test_parity.py, PARITY_BUGS).
const primary = aws.getRegion();

const bucket = new aws.s3.Bucket("logs", {});

export const regionName = current.name;
export const endpoint = pulumi.interpolate`https://s3.${aws.getRegionOutput().name}.amazonaws.com/${bucket.bucket}`;
export const primaryRegion = primary.then(r => r.name);

export async function describe(): Promise<string> {
    const here = await aws.getRegion();
    const label = { name: "not a region" };
    return `${here.name} / ${(await aws.getRegion()).name} / ${label.name}`;
}
