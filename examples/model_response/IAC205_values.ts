import * as aws from "@pulumi/aws";

// ec2-eip-vpc
const natIp = new aws.ec2.Eip("nat", { vpc: true });

// lb-loadbalancer-scheme
const alb = new aws.lb.LoadBalancer("alb", {
    loadBalancerType: "application",
    scheme: "internet-facing",
    subnets: ["subnet-1", "subnet-2"],
});
const internalAlb = new aws.lb.LoadBalancer("internal", { scheme: "internal", subnets: ["subnet-3"] });

// ec2-flowlog-resource-id
const flowLog = new aws.ec2.FlowLog("vpc-flow", {
    resourceId: "vpc-0123456789abcdef0",
    resourceType: "VPC",
    trafficType: "ALL",
    logDestination: "arn:aws:s3:::flow-logs",
    logDestinationType: "s3",
});

// kinesis-firehose-s3-configuration
const stream = new aws.kinesis.FirehoseDeliveryStream("events", {
    destination: "s3",
    s3Configuration: {
        roleArn: "arn:aws:iam::123456789012:role/firehose",
        bucketArn: "arn:aws:s3:::events",
    },
});

// s3-sse-configuration-rules, s3-sse-configuration-rules-v2, s3-sse-kms-key-id
const encryption = new aws.s3.BucketServerSideEncryptionConfiguration("encryption", {
    bucket: "data",
    serverSideEncryptionConfiguration: {
        rule: {
            applyServerSideEncryptionByDefault: {
                sseAlgorithm: "aws:kms",
                kmsKeyId: "alias/data",
            },
        },
    },
});
const encryptionV2 = new aws.s3.BucketServerSideEncryptionConfigurationV2("encryption-v2", {
    bucket: "logs",
    serverSideEncryptionConfiguration: {
        rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
    },
});
