import * as pulumi from "@pulumi/pulumi";
import { iam, cloudwatch } from "@pulumi/aws";

// Modules @pulumi/aws does not have, imported by name: CloudWatch Logs and EventBridge classes
// live in `cloudwatch`. The import and every use move there together.
const group = new cloudwatch.LogGroup("app", { retentionInDays: 14 });

const nightly = new cloudwatch.EventRule("nightly", { scheduleExpression: "cron(0 3 * * ? *)" });

const role = new iam.Role("events", {
    assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sts:AssumeRole" }],
    }),
});

new cloudwatch.EventTarget("nightly-target", { rule: nightly.name, arn: group.arn, roleArn: role.arn });

export const logGroupName: pulumi.Output<string> = group.name;
