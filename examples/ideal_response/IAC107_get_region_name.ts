import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const current = aws.getRegionOutput();
const primary = aws.getRegion({ region: "us-east-1" });

const bucket = new aws.s3.Bucket("logs", {});

export const regionName = current.region;
export const endpoint = pulumi.interpolate`https://s3.${aws.getRegionOutput().region}.amazonaws.com/${bucket.bucket}`;
export const primaryRegion = primary.then(r => r.region);

export async function describe(): Promise<string> {
    const here = await aws.getRegion();
    const label = { name: "not a region" };
    return `${here.region} / ${(await aws.getRegion()).region} / ${label.name}`;
}
