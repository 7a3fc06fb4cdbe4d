import * as aws from "@pulumi/aws";

// This account and region: built from the provider.
new aws.cloudwatch.LogSubscriptionFilter("f", {
    logGroup: "/app",
    filterPattern: "",
    destinationArn: "arn:aws:lambda:us-east-1:123456789012:function:ship",
});
new aws.securityhub.StandardsSubscription("cis", {
    standardsArn: "arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/1.4.0",
});
new aws.lambda.Function("fn", {
    role: "r",
    environment: { variables: { AWS_REGION_NAME: "us-east-1", TABLE: "t" } },
});
// Another account, a certificate to supply: reported.
new aws.iam.Role("r", { assumeRolePolicy: JSON.stringify({ Statement: [{ Principal: { AWS: "arn:aws:iam::111111111111:root" } }] }) });
new aws.lb.Listener("l", { loadBalancerArn: "x", port: 443, defaultActions: [], certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc" });
