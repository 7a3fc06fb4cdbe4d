import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

const stack = pulumi.getStack();

// The program's own shared tags: reused and completed.
const commonTags = {
    Environment: stack,
    Team: "payments",
};

const alerts = new aws.sns.Topic("alerts", {
    tags: commonTags,
});

const table = new aws.dynamodb.Table("orders", {
    attributes: [{ name: "id", type: "S" }],
    hashKey: "id",
    billingMode: "PAY_PER_REQUEST",
    tags: { ...commonTags, Name: "orders" },
});

const topic = new aws.sns.Topic("events");

export const alertsArn = alerts.arn;
export const tableName = table.name;
export const topicArn = topic.arn;
