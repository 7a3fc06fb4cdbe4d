"""The API-shape repairs (IAC201-IAC206) and the table of known hallucinations they read."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from conftest import IDEAL, MODEL, fix_checked
from iacfix import hallucinations
from iacfix.config import Config
from iacfix.engine import fix_text

HEAD_TS = 'import * as aws from "@pulumi/aws";\n'
HEAD_PY = "import pulumi\nimport pulumi_aws as aws\n"


def fix(src: str, rule: str, language: str = "typescript", unsafe: bool = True):
    head = HEAD_TS if language == "typescript" else HEAD_PY
    res = fix_checked(head + src, Config(select=(rule,), unsafe_fixes=unsafe), language)
    return res.output.decode()[len(head):], res


def findings(src: str, rule: str, language: str = "typescript") -> list[str]:
    head = HEAD_TS if language == "typescript" else HEAD_PY
    res = fix_text(head + src, language, Config(select=(rule,)), fix=False)
    return [f.message for f in res.findings]


# -- the table -------------------------------------------------------------------------------


def test_table_agrees_with_the_schema():
    assert hallucinations.problems() == []
    assert len(hallucinations.entries()) >= 20
    assert all(e.references and e.why for e in hallucinations.entries())


def test_table_check_catches_a_wrong_entry(monkeypatch):
    good = hallucinations.entries()
    wrong = [replace(good[0], to=("notAnArgument",)), replace(good[0], id="x", frm=("roleArn",))]
    monkeypatch.setattr(hallucinations, "entries", lambda: tuple(wrong))
    probs = hallucinations.problems()
    assert any("notAnArgument is no argument" in p for p in probs)
    assert any("roleArn is a valid argument" in p for p in probs)


@pytest.mark.parametrize("suffix", [".ts", ".py"])
def test_every_table_entry_has_golden_pairs(suffix):
    """Each entry is named in an IAC205 example of both languages, and that example changes."""
    text = ""
    for p in sorted(MODEL.glob(f"IAC205_*{suffix}")):
        assert p.read_bytes() != (IDEAL / p.name).read_bytes(), p.name
        text += p.read_text()
    named = set(re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)+", text))
    # entries for another package are reported only (no fix, so no pair): test_other_package_is_reported
    missing = [e.id for e in hallucinations.entries()
               if e.kind != "handled-by" and e.package is None and e.id not in named]
    assert not missing, f"no {suffix} golden pair names {missing}"


# -- IAC201 unknown-argument -------------------------------------------------------------------


def test_rename_wraps_a_single_value_in_a_list():
    out, _ = fix('new aws.lambda.Function("f", { role: "r", architecture: "arm64" });\n', "IAC201")
    assert 'architectures: ["arm64"]' in out
    out, _ = fix('aws.lambda_.Function("f", role="r", architecture="arm64")\n', "IAC201", "python")
    assert 'architectures=["arm64"]' in out


def test_strict_rename_is_safe_guess_is_unsafe():
    src = 'new aws.cloudwatch.MetricAlarm("a", { comparisonOperator: "GreaterThanThreshold", evaluationPeriods: 1, ' \
          'description: "d" });\nnew aws.ecr.Repository("r", { encryptionConfiguration: { encryptionType: "KMS" } });\n'
    safe_out, _ = fix(src, "IAC201", unsafe=False)
    assert "encryptionConfigurations: [{" in safe_out  # plural: the same word
    assert "description:" in safe_out and "alarmDescription" not in safe_out  # a guess: not without --unsafe-fixes
    unsafe_out, _ = fix(src, "IAC201")
    assert 'alarmDescription: "d"' in unsafe_out


def test_ambiguous_or_unknown_names_are_reported_not_guessed():
    msgs = findings('new aws.cloudwatch.Dashboard("d", { dashboardBody: "{}", dashboardName: "x", foo: 1 });\n',
                    "IAC201")
    assert msgs == ["`foo` is not an argument of aws.cloudwatch.Dashboard"]
    out, res = fix('new aws.cloudwatch.Dashboard("d", { dashboardBody: "{}", dashboardName: "x", foo: 1 });\n',
                   "IAC201")
    assert not res.changed
    # tags on a resource that takes none: removed, as an unsafe fix only
    src = 'new aws.cloudwatch.Dashboard("d", { dashboardBody: "{}", dashboardName: "x", tags: { a: "b" } });\n'
    assert not fix(src, "IAC201", unsafe=False)[1].changed
    assert "tags" not in fix(src, "IAC201")[0]
    # `name` would be `dashboardName`, but that is set already: nothing to rename to
    msgs = findings('new aws.cloudwatch.Dashboard("d", { dashboardBody: "{}", dashboardName: "x", name: "y" });\n',
                    "IAC201")
    assert msgs and "keep one" in msgs[0]


def test_two_candidates_are_named():
    # the resource has both `bucket` and `bucketPrefix`-like names: a word-structure guess is ambiguous
    msgs = findings('new aws.s3.BucketObject("o", { bucket: "b", key: "k", objectName: "x" });\n', "IAC201")
    assert msgs, msgs
    assert all("choose one" in m or "is not an argument" in m for m in msgs)


def test_table_keys_and_resource_options_are_left_to_their_rules():
    src = 'new aws.codepipeline.Pipeline("p", { roleArn: "r", stages: [], artifactStore: { location: "b", ' \
          'type: "S3" }, dependsOn: [] });\n'
    assert findings(src, "IAC201") == []


def test_nested_blocks_and_function_arguments():
    out, _ = fix('new aws.wafv2.WebAcl("a", { scope: "REGIONAL", defaultAction: { allow: {} }, visibilityConfig: '
                 '{ cloudWatchMetricsEnabled: true, metricName: "m", sampledRequestsEnabled: true } });\n', "IAC201")
    assert "cloudwatchMetricsEnabled: true" in out
    out, _ = fix('const v = aws.ec2.getVpc({ defualt: true });\n', "IAC201")
    assert "default: true" in out


@pytest.mark.parametrize("lang", ["typescript", "python"])
def test_arguments_one_level_too_high_move_into_the_one_object_that_has_them(lang):
    ts = lang == "typescript"
    src = ('new aws.apigateway.MethodSettings("m", { restApi: "a", stageName: "s", methodPath: "*/*", '
           'throttlingBurstLimit: 10, throttlingRateLimit: 5 });\n' if ts else
           'aws.apigateway.MethodSettings("m", rest_api="a", stage_name="s", method_path="*/*", '
           'throttling_burst_limit=10, throttling_rate_limit=5)\n')
    out, res = fix(src, "IAC201", lang)
    assert ("settings: { throttlingBurstLimit: 10, throttlingRateLimit: 5 } });" if ts else
            'settings={"throttling_burst_limit": 10, "throttling_rate_limit": 5})') in out, out
    assert not fix(src, "IAC201", lang, unsafe=False)[1].changed  # a move, not a rename: unsafe
    # into the object when it is there; `<argument><Field>` names the field
    src = ('new aws.dynamodb.Table("t", { hashKey: "id", pointInTimeRecoveryEnabled: true, '
           'pointInTimeRecovery: {} });\n' if ts else
           'aws.dynamodb.Table("t", hash_key="id", point_in_time_recovery_enabled=True, point_in_time_recovery={})\n')
    out, _ = fix(src, "IAC201", lang)
    assert ("hashKey: \"id\", pointInTimeRecovery: { enabled: true } });" if ts else
            'hash_key="id", point_in_time_recovery={"enabled": True})') in out, out


def test_argument_moved_into_a_new_object_only_with_its_required_fields():
    # stickiness needs `type`: the program does not say which, so nothing moves
    src = 'new aws.lb.TargetGroup("t", { port: 80, protocol: "HTTP", stickinessCookieDuration: 60 });\n'
    out, res = fix(src, "IAC201")
    assert not res.changed
    assert findings(src, "IAC201") == ["`stickinessCookieDuration` is not an argument of aws.lb.TargetGroup; it "
                                       "belongs in `stickiness` (with `type`, which the program does not set) "
                                       "(move it by hand)"]
    # the object is there but set by a variable, or already has the field: reported
    src = ('new aws.dynamodb.Table("t", { hashKey: "id", pointInTimeRecoveryEnabled: true, '
           'pointInTimeRecovery: { enabled: false } });\n')
    assert not fix(src, "IAC201")[1].changed
    assert "move it by hand" in findings(src, "IAC201")[0]


def test_route_to_an_instance_reads_its_network_interface_or_is_reported():
    src = ('const nat = new aws.ec2.Instance("n", { ami: "a", instanceType: "t3.micro" });\n'
           'new aws.ec2.Route("r", { routeTableId: "x", destinationCidrBlock: "0.0.0.0/0", instanceId: nat.id });\n')
    out, res = fix(src, "IAC205")
    assert "networkInterfaceId: nat.primaryNetworkInterfaceId }" in out
    assert not fix(src, "IAC205", unsafe=False)[1].changed  # another output: unsafe
    # an id the program does not read from an aws.ec2.Instance: only named
    other = src.replace("instanceId: nat.id", "instanceId: natId")
    out, res = fix(other, "IAC205")
    assert out == other and [f.message for f in res.findings] == [
        "`instanceId` is not an argument of aws.ec2.Route; it is `networkInterfaceId`, an aws.ec2.Instance's "
        "`primaryNetworkInterfaceId`"]


# -- IAC202 scalar-coercion ---------------------------------------------------------------------


def test_scalar_coercion_both_ways_and_only_exact_values():
    out, _ = fix('new aws.lb.TargetGroup("t", { port: "80", protocol: "HTTP", healthCheck: { port: 80 } });\n'
                 'new aws.ecs.TaskDefinition("t", { family: "f", cpu: 256, containerDefinitions: "[]" });\n', "IAC202")
    assert "port: 80," in out and 'healthCheck: { port: "80" }' in out and 'cpu: "256"' in out
    msgs = findings('new aws.lb.TargetGroup("t", { port: "eighty" });\n', "IAC202")
    assert msgs == ['`port` of aws.lb.TargetGroup takes a number, not the string "eighty"']
    out, res = fix('new aws.lb.TargetGroup("t", { port: "0x50" });\n', "IAC202")
    assert not res.changed


def test_scalar_coercion_python_booleans_are_lowercase_strings():
    out, _ = fix('aws.ec2.LaunchTemplate("t", block_device_mappings=[{"ebs": {"encrypted": True}}])\n',
                 "IAC202", "python")
    assert '"encrypted": "true"' in out


# -- IAC203 deprecated-api ------------------------------------------------------------------------


def test_deprecated_class_needs_every_argument_on_the_replacement():
    out, _ = fix('const b = new aws.s3.BucketV2("b", { forceDestroy: true });\n', "IAC203", unsafe=False)
    assert 'new aws.s3.Bucket("b"' in out  # safe: Bucket aliases BucketV2
    msgs = findings('const c = new aws.ec2.EncryptionControl("c", { vpcId: "v" });\n', "IAC203")
    assert msgs and "deprecated in favour of aws.ec2.VpcEncryptionControl" in msgs[0]


def test_deprecated_runtime_is_reported_never_changed():
    src = 'new aws.lambda.Function("f", { role: "r", runtime: "python3.8", handler: "h" });\n'
    msgs = findings(src, "IAC203")
    assert msgs and "python3.8 is deprecated" in msgs[0] and "python3.12" in msgs[0]
    assert not fix(src, "IAC203")[1].changed


# -- IAC205 known hallucinations ---------------------------------------------------------------


def test_move_needs_a_plain_name_and_a_variable():
    msgs = findings('new aws.apigateway.Deployment(name, { restApi: api.id, stageName: "prod" });\n', "IAC205")
    assert msgs and "declare it by hand" in msgs[0]
    out, _ = fix('const d = new aws.apigateway.Deployment(`d-${env}`, { restApi: api.id, stageName: "prod" });\n',
                 "IAC205")
    assert 'new aws.apigateway.Stage(`d-${env}-stage`, {' in out and "deployment: d.id" in out


def test_value_mapping_only_for_known_literals():
    msgs = findings('new aws.lb.LoadBalancer("l", { scheme: someScheme });\n', "IAC205")
    assert msgs and "set it by hand" in msgs[0]
    out, _ = fix('new aws.lb.LoadBalancer("l", { scheme: "internal" });\n', "IAC205")
    assert "internal: true" in out


def test_unknown_class_without_an_entry_is_left_alone():
    out, res = fix('new aws.wellarchitected.Workload("w", {});\n', "IAC205")
    assert not res.changed


# -- IAC206 resource-option-in-args ------------------------------------------------------------


def test_options_through_a_variable_are_unsafe():
    src = 'const r = new aws.cfg.Rule("r", { name: "x", dependsOn: [rec] }, defaults);\n'
    safe_out, res = fix(src, "IAC206", unsafe=False)
    assert not res.changed
    out, _ = fix(src, "IAC206")
    assert "{ ...defaults, dependsOn: [rec] }" in out
    out, _ = fix('r = aws.cfg.Rule("r", name="x", depends_on=[rec], opts=defaults)\n', "IAC206", "python")
    assert "opts=pulumi.ResourceOptions.merge(defaults, pulumi.ResourceOptions(depends_on=[rec]))" in out


def test_deprecated_class_also_written_as_a_type_is_reported():
    for lang, src in (("typescript", 'let b: aws.s3.BucketV2;\nb = new aws.s3.BucketV2("b", {});\n'),
                      ("python", 'b: aws.s3.BucketV2 = aws.s3.BucketV2("b")\n')):
        out, res = fix(src, "IAC203", lang)
        assert not res.changed
        msgs = findings(src, "IAC203", lang)
        assert msgs and "also written as a type" in msgs[0]


def test_unknown_class_renamed_only_when_spelled_alike():
    out, _ = fix('new aws.route53.HostedZoneDnssec("d", { hostedZoneId: "z" });\n', "IAC204", unsafe=False)
    assert "new aws.route53.HostedZoneDnsSec(" in out
    msgs = findings('new aws.cloudwatch.AnomalyDetector("a", {});\nnew aws.wellarchitected.Workload("w", {});\n',
                    "IAC204")
    assert msgs == ["aws.cloudwatch.AnomalyDetector does not exist in @pulumi/aws; perhaps aws.cloudwatch.LogAnomalyDetector",
                    "@pulumi/aws has no module `wellarchitected` (aws.wellarchitected.Workload does not exist)"]
    assert not fix('new aws.cloudwatch.AnomalyDetector("a", {});\n', "IAC204")[1].changed


def test_deprecated_class_takes_its_typed_nested_values_along_or_reports():
    src = ('v = aws.s3.BucketVersioningV2("v", bucket="b",\n'
           '    versioning_configuration=aws.s3.BucketVersioningV2VersioningConfigurationArgs(status="Enabled"))\n')
    out, res = fix(src, "IAC203", "python")
    assert "aws.s3.BucketVersioning(" in out and "aws.s3.BucketVersioningVersioningConfigurationArgs(" in out
    # a field the replacement's type does not have: the class stays, the finding says why
    bad = src.replace('status="Enabled"', 'status="Enabled", colour="blue"')
    out, res = fix(bad, "IAC203", "python")
    assert out == bad and "with fields the replacement's types do not have" in findings(bad, "IAC203", "python")[0]


def test_renamed_class_takes_its_typed_nested_values_along():
    for lang, src in (
            ("python", 'r = aws.s3.BucketReplicationConfiguration("r", role="x", bucket="b",\n'
                       '    rules=[aws.s3.BucketReplicationConfigurationRuleArgs(status="Enabled",\n'
                       '        destination=aws.s3.BucketReplicationConfigurationRuleDestinationArgs(bucket="arn"))])\n'),
            ("typescript", 'const dest: aws.types.input.s3.BucketReplicationConfigurationRuleDestination = { bucket: "arn" };\n'
                           'const rule: aws.types.input.s3.BucketReplicationConfigurationRule = { status: "Enabled", destination: dest };\n'
                           'new aws.s3.BucketReplicationConfiguration("r", { role: "x", bucket: "b", rules: [rule] });\n')):
        out, res = fix(src, "IAC205", lang)
        assert "BucketReplicationConfiguration" not in out, out
        assert out.count("BucketReplicationConfigRule") == 2


def test_input_type_with_fields_the_argument_lacks_is_reported():
    src = ('f = aws.ec2.get_subnets(filters=[aws.ec2.GetSubnetFilterArgs(name="vpc-id", values=["v"])])\n'
           'g = aws.ec2.get_subnets(filters=[aws.ec2.GetInstancesFilterArgs(name="n", values=["v"], colour="b")])\n')
    out, res = fix(src, "IAC204", "python")
    assert "aws.ec2.GetSubnetsFilterArgs(" in out and "GetInstancesFilterArgs(" in out
    assert [f.message for f in res.findings] == [
        "`filters` of aws.ec2.getSubnets takes ec2.GetSubnetsFilter, not ec2.GetInstancesFilter "
        "(it sets fields that type does not have: rewrite the value)"]


@pytest.mark.parametrize("lang", ["typescript", "python"])
def test_enum_member_spelled_otherwise_is_renamed(lang):
    src = ("const r = aws.lambda.Runtime.Python3_11;\nconst s = aws.lambda.Runtime.Cobol;\n" if lang == "typescript"
           else "from pulumi_aws import lambda_\nr = lambda_.Runtime.PYTHON3_11\ns = aws.lambda_.Runtime.COBOL\n")
    out, res = fix(src, "IAC204", lang)
    assert ("aws.lambda.Runtime.Python3d11;" if lang == "typescript" else "lambda_.Runtime.PYTHON3D11\n") in out
    assert [f.message for f in res.findings] == [
        "aws.lambda.Runtime has no member " + ("Cobol" if lang == "typescript" else "COBOL")]
    assert findings("const r = aws.lambda.Runtime.Python3d11;\n" if lang == "typescript"
                    else "r = aws.lambda_.Runtime.PYTHON3D11\n", "IAC204", lang) == []


@pytest.mark.parametrize("lang", ["typescript", "python"])
def test_other_package_is_reported(lang):
    src = ('const p = new aws.secretsmanager.RandomPassword("p", { length: 32 });\n' if lang == "typescript"
           else 'p = aws.secretsmanager.RandomPassword("p", length=32)\n')
    out, res = fix(src, "IAC205", lang)
    assert out == src
    assert [f.message for f in res.findings] == [
        "aws.secretsmanager.RandomPassword does not exist; `random.RandomPassword` is in the @pulumi/random "
        "package (Python: pulumi_random)"]
    assert findings(src, "IAC204", lang) == []  # left to the table's rule


def test_option_moved_in_python_brings_the_sdk_import_when_missing():
    src = ('import pulumi_aws as aws\n\nch = aws.cfg.DeliveryChannel("c", s3_bucket_name="b")\n'
           'rule = aws.cfg.Rule("r", source={"owner": "AWS", "source_identifier": "X"}, depends_on=[ch])\n')
    out = fix_checked(src, Config(select=("IAC206",), unsafe_fixes=True), "python").output.decode()
    assert out.startswith("import pulumi_aws as aws\nimport pulumi\n")
    assert 'opts=pulumi.ResourceOptions(depends_on=[ch]))' in out
    # `pulumi` bound to something else: left as it was, reported
    other = src.replace("import pulumi_aws as aws\n", "import pulumi_aws as aws\npulumi = None\n")
    assert not fix_checked(other, Config(select=("IAC206",), unsafe_fixes=True), "python").changed


# -- IAC207 unknown-output ----------------------------------------------------------------------


def test_unknown_output_rename_or_report_the_owner():
    src = ('const v = new aws.ec2.Vpc("v", { cidrBlock: "10.0.0.0/16" });\nexport const c = v.cidrBlocks;\n'
           'const d = new aws.apigateway.Deployment("d", { restApi: "a" });\nexport const u = d.invokeUrl;\n'
           'const b = new aws.s3.Bucket("b");\nb.onObjectCreated("x", handler);\n')
    out, _ = fix(src, "IAC207", unsafe=False)
    assert "v.cidrBlock;" in out and "d.invokeUrl" in out
    msgs = findings(src, "IAC207")
    assert "aws.apigateway.Deployment has no output `invokeUrl`; aws.apigateway.Stage has it" in msgs
    assert not any("onObjectCreated" in m for m in msgs)  # a mixin method, not an output


def test_moved_stage_takes_the_reads_along():
    out, _ = fix('const d = new aws.apigateway.Deployment("d", { restApi: "a", stageName: "prod" });\n'
                 'export const u = d.invokeUrl;\n', "IAC205")
    assert "const dStage = new aws.apigateway.Stage(" in out and "export const u = dStage.invokeUrl;" in out
    msgs = findings('export const early = d.invokeUrl;\n'
                    'const d = new aws.apigateway.Deployment("d", { restApi: "a", stageName: "prod" });\n', "IAC205")
    assert msgs and "declare it by hand" in msgs[0]


def test_field_reads_belong_to_their_class():
    src = ('class A {\n  constructor() {\n    this.instance = new aws.ec2.Instance("i", { ami: "x" });\n  }\n}\n'
           'class B {\n  constructor() {\n    this.instance = new aws.rds.Instance("d", { instanceClass: "x" });\n'
           '    this.address = this.instance.address;\n  }\n}\n')
    assert findings(src, "IAC207") == []
    assert not fix(src, "IAC207")[1].changed


def test_module_imported_by_name_is_reported_when_its_classes_are_unknown_or_split():
    for lang, src in (("python", 'from pulumi_aws import logs\ng = logs.LogGroup("g")\nq = logs.Nonesuch("q")\n'),
                      ("typescript", 'import { logs } from "@pulumi/aws";\nconst g = new logs.LogGroup("g");\n'
                                     'const q = new logs.Nonesuch("q");\n')):
        res = fix_text(src, lang, Config(select=("IAC204",), unsafe_fixes=True))
        assert res.output.decode() == src
        assert [f.message for f in res.findings] == ["@pulumi/aws has no module `logs` (Nonesuch not found in any module)"]
    # classes of two modules under one name: which import to write is not one choice
    for lang, src in (("python", 'from pulumi_aws import elbv2\nlb = elbv2.LoadBalancer("lb")\np = elbv2.Role("p")\n'),
                      ("typescript", 'import { elbv2 } from "@pulumi/aws";\nconst lb = new elbv2.LoadBalancer("lb");\n'
                                     'const p = new elbv2.Role("p");\n')):
        res = fix_text(src, lang, Config(select=("IAC204",), unsafe_fixes=True))
        assert res.output.decode() == src
        assert "its classes are in `iam`, `lb`" in res.findings[0].message


def test_functions_and_classes_imported_by_name_are_not_modules():
    for lang, src in (("python", "from pulumi_aws import get_caller_identity, Provider\n"
                                 "me = get_caller_identity()\np = Provider(\"p\", region=\"us-east-1\")\n"),
                      ("typescript", 'import { getCallerIdentity, Provider } from "@pulumi/aws";\n'
                                     'const me = getCallerIdentity();\nconst p = new Provider("p", {});\n')):
        res = fix_text(src, lang, Config(select=("IAC204",), unsafe_fixes=True))
        assert res.output.decode() == src and res.findings == [], [f.message for f in res.findings]


def test_a_list_where_one_value_is_taken():
    src = 'const api = new aws.apigateway.RestApi("api", { endpointConfiguration: { types: ["REGIONAL", "EDGE"] } });\n'
    out, res = fix(src, "IAC202")
    assert out == src and res.findings[0].message.endswith("takes one string, not a list of 2: choose one")
    py = 'api = aws.apigateway.RestApi("api", endpoint_configuration={"types": ["PRIVATE"]})\n'
    out, _ = fix(py, "IAC202", "python")
    assert '{"types": "PRIVATE"}' in out


@pytest.mark.parametrize("lang", ["typescript", "python"])
def test_a_field_written_unset_is_not_moved_into_a_required_place(lang):
    ts = lang == "typescript"
    src = ('new aws.s3.BucketReplicationConfig("r", { bucket: "b", role: "x", rules: [{ status: "Enabled", '
           'destination: { bucket: "d", replicaKmsKeyId: undefined } }] });\n' if ts else
           'aws.s3.BucketReplicationConfig("r", bucket="b", role="x", rules=[{"status": "Enabled", '
           '"destination": {"bucket": "d", "replica_kms_key_id": None}}])\n')
    out, res = fix(src, "IAC201", lang)
    assert not res.changed, out
    assert any("replicaKmsKeyId" in f.message or "replica_kms_key_id" in f.message for f in res.findings)
    moved = src.replace("undefined", '"k"').replace("None", '"k"')
    out, res = fix(moved, "IAC201", lang)
    assert res.changed and ("encryptionConfiguration: { replicaKmsKeyId:" in out
                            or '"encryption_configuration": {"replica_kms_key_id":' in out), out


@pytest.mark.parametrize("lang", ["typescript", "python"])
def test_enum_member_read_through_a_string_or_an_escape_is_found(lang):
    """IAC204 climbs only towards the enums a program spells (Program.spelled): an enum named by
    an escaped string is still one it may spell; a program spelling no enum has none read."""
    src = ('const r = aws["lambda"]["Run\\x74ime"].Cobol;\n' if lang == "typescript"
           else 'r = aws.lambda_["Run\\x74ime"].COBOL\n')
    assert findings(src, "IAC204", lang) == [
        "aws.lambda.Runtime has no member " + ("Cobol" if lang == "typescript" else "COBOL")]
    assert findings('const r = aws["lambda"].RuntimeX.Cobol;\n' if lang == "typescript"
                    else 'r = aws.lambda_.RuntimeX.COBOL\n', "IAC204", lang) == []
