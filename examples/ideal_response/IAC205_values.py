import pulumi_aws as aws

# ec2-eip-vpc
nat_ip = aws.ec2.Eip("nat", domain="vpc")

# lb-loadbalancer-scheme
alb = aws.lb.LoadBalancer(
    "alb",
    load_balancer_type="application",
    internal=False,
    subnets=["subnet-1", "subnet-2"],
)
internal_alb = aws.lb.LoadBalancer("internal", internal=True, subnets=["subnet-3"])

# ec2-flowlog-resource-id
flow_log = aws.ec2.FlowLog(
    "vpc-flow",
    vpc_id="vpc-0123456789abcdef0",
    traffic_type="ALL",
    log_destination="arn:aws:s3:::flow-logs",
    log_destination_type="s3",
)

# kinesis-firehose-s3-configuration
stream = aws.kinesis.FirehoseDeliveryStream(
    "events",
    destination="extended_s3",
    extended_s3_configuration={
        "role_arn": "arn:aws:iam::123456789012:role/firehose",
        "bucket_arn": "arn:aws:s3:::events",
    },
)

# s3-sse-configuration-rules, s3-sse-configuration-rules-v2, s3-sse-kms-key-id
encryption = aws.s3.BucketServerSideEncryptionConfiguration(
    "encryption",
    bucket="data",
    rules=[
        {
            "apply_server_side_encryption_by_default": {
                "sse_algorithm": "aws:kms",
                "kms_master_key_id": "alias/data",
            },
        },
    ],
)
encryption_v2 = aws.s3.BucketServerSideEncryptionConfigurationV2(
    "encryption-v2",
    bucket="logs",
    rules=[
        {"apply_server_side_encryption_by_default": {"sse_algorithm": "AES256"}},
    ],
)
