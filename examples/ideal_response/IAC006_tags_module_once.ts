/**
 * A stack whose resources are built in several methods and functions: one tags value for the
 * whole module, declared after the imports (never one per function, never above a doc comment).
 */
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

const commonTags = {
    Environment: pulumi.getStack(),
    Project: pulumi.getProject(),
    ManagedBy: "pulumi",
};

/** The application's storage and messaging. */
export class AppStack extends pulumi.ComponentResource {
    public readonly bucketName: pulumi.Output<string>;
    public readonly queueUrl: pulumi.Output<string>;

    constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
        super("app:stack:AppStack", name, {}, opts);
        this.bucketName = this.storage().bucket;
        this.queueUrl = this.messaging().url;
        this.registerOutputs({ bucketName: this.bucketName, queueUrl: this.queueUrl });
    }

    /** The data bucket. */
    private storage(): aws.s3.Bucket {
        return new aws.s3.Bucket("data", { forceDestroy: true, tags: commonTags }, { parent: this });
    }

    /** The jobs queue and its dead-letter queue. */
    private messaging(): aws.sqs.Queue {
        const dlq = new aws.sqs.Queue("jobs-dlq", { tags: commonTags }, { parent: this });
        return new aws.sqs.Queue("jobs", {
            redrivePolicy: dlq.arn.apply(arn => JSON.stringify({ deadLetterTargetArn: arn, maxReceiveCount: 5 })),
            tags: commonTags,
        }, { parent: this });
    }
}

/** The alerts topic, outside the component. */
export function alerts(): aws.sns.Topic {
    return new aws.sns.Topic("alerts", { tags: commonTags });
}

const app = new AppStack("app");
export const bucketName = app.bucketName;
export const queueUrl = app.queueUrl;
export const alertsArn = alerts().arn;
