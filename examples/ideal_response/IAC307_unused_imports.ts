import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { interpolate } from "@pulumi/pulumi";

// `pulumi` is used only in a type: still a use.
const region: pulumi.Output<string> = aws.getRegionOutput().region;

const logs = new aws.s3.Bucket("logs", { forceDestroy: true });

export const url = interpolate`s3://${logs.bucket}/${region}`;
