import * as aws from "@pulumi/aws";

// ec2-eip-vpc
const natIp = new aws.ec2.Eip("nat", { domain: "vpc" });

// lb-loadbalancer-scheme
const alb = new aws.lb.LoadBalancer("alb", {
    loadBalancerType: "application",
    internal: false,
    subnets: ["subnet-1", "subnet-2"],
});
const internalAlb = new aws.lb.LoadBalancer("internal", { internal: true, subnets: ["subnet-3"] });

// ec2-flowlog-resource-id
const flowLog = new aws.ec2.FlowLog("vpc-flow", {
    vpcId: "vpc-0123456789abcdef0",
    trafficType: "ALL",
    logDestination: "arn:aws:s3:::flow-logs",
    logDestinationType: "s3",
});

// kinesis-firehose-s3-configuration
const stream = new aws.kinesis.FirehoseDeliveryStream("events", {
    destination: "extended_s3",
    extendedS3Configuration: {
        roleArn: "arn:aws:iam::123456789012:role/firehose",
        bucketArn: "arn:aws:s3:::events",
    },
});

// s3-sse-configuration-rules, s3-sse-configuration-rules-v2, s3-sse-kms-key-id
const encryption = new aws.s3.BucketServerSideEncryptionConfiguration("encryption", {
    bucket: "data",
    rules: [
        {
            applyServerSideEncryptionByDefault: {
                sseAlgorithm: "aws:kms",
                kmsMasterKeyId: "alias/data",
            },
        },
    ],
});
const encryptionV2 = new aws.s3.BucketServerSideEncryptionConfigurationV2("encryption-v2", {
    bucket: "logs",
    rules: [
        { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
    ],
});
