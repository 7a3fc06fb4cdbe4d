import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const environmentSuffix = process.env.ENVIRONMENT_SUFFIX || "dev";

export interface QueueStackArgs {
    environmentSuffix?: string;
}

export class QueueStack extends pulumi.ComponentResource {
    public readonly queueUrl: pulumi.Output<string>;

    constructor(name: string, args: QueueStackArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tap:queue:QueueStack", name, {}, opts);
        const suffix = args.environmentSuffix ?? "dev";
        const queue = new aws.sqs.Queue(`jobs-${suffix}`, { name: "jobs" }, { parent: this });
        this.queueUrl = queue.url;
        this.registerOutputs({ queueUrl: this.queueUrl });
    }
}

// Physical names: the bucket and the role collide between two stacks; the log group does not.
const logs = new aws.s3.Bucket(`logs-${environmentSuffix}`, { bucket: "app-logs" });
const role = new aws.iam.Role(`role-${environmentSuffix}`, {
    name: `app-${pulumi.getProject()}-role`,
    assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [] }),
});
const audit = new aws.cloudwatch.LogGroup(`audit-${environmentSuffix}`, { name: `/app/audit-${environmentSuffix}` });

// The entry point reads the suffix but does not pass it.
const queues = new QueueStack("queues", {});

export const names = [logs.bucket, role.name, audit.name, queues.queueUrl];
