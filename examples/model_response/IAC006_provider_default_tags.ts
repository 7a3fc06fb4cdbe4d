// Resources in another region through one explicit provider.

import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

const environment = pulumi.getStack();

const provider = new aws.Provider("eu", {
    region: "eu-west-1",
});

// The options written both ways: shorthand and a key with its value.
const topic = new aws.sns.Topic(`events-${environment}`, {}, { provider });
const queue = new aws.sqs.Queue(`jobs-${environment}`, { delaySeconds: 5 }, { provider: provider });

export const topicArn = topic.arn;
export const queueUrl = queue.url;
