"""IAC002 pin-container-images: where images are found, what is pinned, what is left alone."""

from __future__ import annotations

from conftest import fix_checked
from iacfix.config import Config
from iacfix.engine import fix_text

D1 = "sha256:" + "1" * 64
D2 = "sha256:" + "2" * 64
HEAD = 'import * as pulumi from "@pulumi/pulumi";\nimport * as aws from "@pulumi/aws";\n'


def run(src: str, images: dict | None = None, language: str = "typescript"):
    return fix_checked(src, Config(select=("IAC002",), images=images or {}), language)


def td(defs: str) -> str:
    return HEAD + f'new aws.ecs.TaskDefinition("t", {{ family: "f", containerDefinitions: {defs} }});\n'


def test_json_stringify_literal_is_pinned_keeping_tag_and_quotes():
    res = run(td("JSON.stringify([{ name: 'a', image: 'nginx:latest' }])"), {"nginx:latest": D1})
    assert f"image: 'nginx:latest@{D1}'" in res.output.decode()
    assert res.applied and res.applied[0].rule == "IAC002"


def test_no_digest_is_a_finding_without_edits():
    res = run(td('JSON.stringify([{ name: "a", image: "nginx:latest" }])'))
    assert res.status == "unchanged"
    [f] = res.findings
    assert ":latest" in f.message and "--pin nginx:latest=sha256:" in f.message
    assert "[tool.iacfix.images]" in f.message and "iacfix pin-images" in f.message
    assert not f.fixable


def test_const_with_env_and_config_fallbacks():
    src = HEAD + (
        'const config = new pulumi.Config();\n'
        'const a = process.env.IMAGE_URI || "nginx:latest";\n'
        'const b = config.get("b") ?? "redis";\n'
        'new aws.ecs.TaskDefinition("t", { family: "f", containerDefinitions: pulumi.jsonStringify([\n'
        '  { name: "a", image: a }, { name: "b", image: b }]) });\n')
    res = run(src, {"nginx:latest": D1, "redis:latest": D2})
    out = res.output.decode()
    assert f'process.env.IMAGE_URI || "nginx:latest@{D1}"' in out
    # no tag written means :latest; the pin spells it out
    assert f'config.get("b") ?? "redis:latest@{D2}"' in out


def test_normalised_lookup_matches_equivalent_references():
    res = run(td('JSON.stringify([{ image: "docker.io/library/nginx:latest" }])'), {"nginx:latest": D1})
    assert f"docker.io/library/nginx:latest@{D1}" in res.output.decode()


def test_inside_apply_callback_and_built_images_left_alone():
    src = HEAD + (
        'const repo = new aws.ecr.Repository("r");\n'
        'new aws.ecs.TaskDefinition("t", { family: "f", containerDefinitions: pulumi.all([repo.repositoryUrl])'
        '.apply(([url]) => JSON.stringify([{ image: `${url}:latest` }, { image: "busybox:1.36" }])) });\n')
    res = run(src, {"busybox:1.36": D1})
    out = res.output.decode()
    assert "`${url}:latest`" in out
    assert f'"busybox:1.36@{D1}"' in out


def test_already_pinned_is_left_alone():
    src = td(f'JSON.stringify([{{ image: "nginx:latest@{D1}" }}])')
    res = run(src, {"nginx:latest": D2})
    assert res.status == "unchanged" and not res.findings


def test_plain_json_string():
    src = td("'[{\"name\": \"x\", \"image\": \"busybox:1.36\"}]'")
    res = run(src, {"busybox:1.36": D1})
    assert f'"image": "busybox:1.36@{D1}"' in res.output.decode()


def test_lambda_image_uri():
    src = HEAD + 'new aws.lambda.Function("f", { packageType: "Image", imageUri: "public.ecr.aws/lambda/python:3.12", role: "r" });\n'
    res = run(src, {"public.ecr.aws/lambda/python:3.12": D1})
    assert f'imageUri: "public.ecr.aws/lambda/python:3.12@{D1}"' in res.output.decode()


def test_images_outside_container_definitions_are_not_touched():
    src = HEAD + 'const labels = JSON.stringify({ image: "nginx:latest" });\nnew aws.s3.Bucket("b", { bucket: "nginx:latest" });\n'
    res = run(src, {"nginx:latest": D1})
    assert res.status == "unchanged" and not res.findings


def test_lock_entries_are_used():
    cfg = Config(select=("IAC002",), lock={"nginx:latest": D1})
    res = fix_text(td('JSON.stringify([{ image: "nginx:latest" }])'), "typescript", cfg)
    assert f"nginx:latest@{D1}" in res.output.decode()


def test_python_json_dumps():
    src = ('import json\nimport pulumi_aws as aws\n'
           'aws.ecs.TaskDefinition("t", family="f", container_definitions=json.dumps([{"image": "nginx"}]))\n')
    res = run(src, {"nginx:latest": D1}, language="python")
    assert f'"image": "nginx:latest@{D1}"' in res.output.decode()
