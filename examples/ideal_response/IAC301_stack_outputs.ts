import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface WebStackArgs {
    environmentSuffix: string;
}

export class WebStack extends pulumi.ComponentResource {
    public readonly bucket: aws.s3.Bucket;
    public readonly bucketName: pulumi.Output<string>;
    public readonly siteUrl: pulumi.Output<string>;
    private readonly suffix: string;

    constructor(name: string, args: WebStackArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tap:web:WebStack", name, {}, opts);
        this.suffix = args.environmentSuffix;
        this.bucket = new aws.s3.Bucket(`site-${this.suffix}`, {}, { parent: this });
        this.bucketName = this.bucket.bucket;
        this.siteUrl = pulumi.interpolate`http://${this.bucket.bucketRegionalDomainName}`;
        this.registerOutputs({
            bucketName: this.bucketName,
            siteUrl: this.siteUrl,
        });
    }
}

const stack = new WebStack("web", { environmentSuffix: pulumi.getStack() });

export const bucketName = stack.bucketName;
export const siteUrl = stack.siteUrl;
