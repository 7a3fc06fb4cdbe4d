// A component whose caller is not part of the response: the tags it receives are completed once,
// where it takes them (the caller's keys win); read at each resource instead, they are reported.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

export interface StorageStackArgs {
    environmentSuffix: string;
    tags?: pulumi.Input<{ [key: string]: string }>;
}

export class StorageStack extends pulumi.ComponentResource {
    public readonly bucketName: pulumi.Output<string>;

    constructor(name: string, args: StorageStackArgs, opts?: pulumi.ComponentResourceOptions) {
        super("app:storage:StorageStack", name, {}, opts);
        const tags = pulumi.output(args.tags).apply(t => ({ Environment: pulumi.getStack(), Project: pulumi.getProject(), ManagedBy: "pulumi", ...t }));

        const bucket = new aws.s3.Bucket(`data-${args.environmentSuffix}`, { tags: tags }, { parent: this });
        new aws.sqs.Queue(`jobs-${args.environmentSuffix}`, { tags }, { parent: this });

        this.bucketName = bucket.bucket;
        this.registerOutputs({ bucketName: this.bucketName });
    }
}

export interface AlertsStackArgs {
    tags?: pulumi.Input<{ [key: string]: string }>;
}

export class AlertsStack extends pulumi.ComponentResource {
    constructor(name: string, args: AlertsStackArgs, opts?: pulumi.ComponentResourceOptions) {
        super("app:alerts:AlertsStack", name, {}, opts);
        new aws.sns.Topic("alerts", { tags: args.tags }, { parent: this });
        this.registerOutputs({});
    }
}
