// Tags completed where the program builds them: its own helper, a parameter default, a resource's
// own literal (its keys win); resources read with `get`, data sources and imported resources are left alone.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

const environmentSuffix = pulumi.getStack();

// The program's own tags helper: completed in its literal.
function getCommonTags(name: string) {
    return { Environment: environmentSuffix, Name: name, Project: pulumi.getProject(), Owner: "platform-team", CostCenter: "cc-1234", ManagedBy: "pulumi" };
}

// A parameter default: completed there.
function makeQueue(name: string, tags: { [key: string]: string } = { Team: "jobs", Environment: environmentSuffix, Project: pulumi.getProject(), Owner: "platform-team", CostCenter: "cc-1234", ManagedBy: "pulumi" }) {
    return new aws.sqs.Queue(name, { tags: tags });
}

const bucket = new aws.s3.Bucket(`data-${environmentSuffix}`, { tags: getCommonTags("data") });
const queue = makeQueue(`jobs-${environmentSuffix}`);

// Its own literal says ManagedBy "Pulumi": the program's own key wins.
const topic = new aws.sns.Topic(`events-${environmentSuffix}`, { tags: { Environment: environmentSuffix, Project: pulumi.getProject(), Owner: "platform-team", CostCenter: "cc-1234", ManagedBy: "Pulumi", Name: "events" } });

// Read, not declared: no tags to write.
const existing = aws.s3.Bucket.get("existing", "existing-bucket");
const vpc = aws.ec2.getVpcOutput({ default: true });

// Adopted from outside the stack: tags would show a difference against it.
const legacy = new aws.cloudwatch.LogGroup("legacy", { name: "/legacy/app" }, { import: "/legacy/app" });

export const bucketName = bucket.bucket;
export const queueUrl = queue.url;
export const topicArn = topic.arn;
export const existingArn = existing.arn;
export const vpcId = vpc.id;
export const legacyArn = legacy.arn;
