"""IAC106 — Lambda environment variables that set keys the Lambda runtime reserves."""

from __future__ import annotations

from iacfix.model import Ident, Obj
from iacfix.rules import RuleDoc, Transform, register
from iacfix.values import value_at

LAMBDA = "aws:lambda/function:Function"

# Keys the Lambda service sets itself; CreateFunction / UpdateFunctionConfiguration reject them
# ("InvalidParameterValueException: ... contains reserved keys that are currently not supported
# for modification"). From the AWS Lambda developer guide, "Defined runtime environment variables".
RESERVED = frozenset(
    {
        "_HANDLER",
        "_X_AMZN_TRACE_ID",
        "AWS_DEFAULT_REGION",
        "AWS_REGION",
        "AWS_EXECUTION_ENV",
        "AWS_LAMBDA_FUNCTION_NAME",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
        "AWS_LAMBDA_FUNCTION_VERSION",
        "AWS_LAMBDA_INITIALIZATION_TYPE",
        "AWS_LAMBDA_LOG_GROUP_NAME",
        "AWS_LAMBDA_LOG_STREAM_NAME",
        "AWS_ACCESS_KEY",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_LAMBDA_RUNTIME_API",
        "LAMBDA_TASK_ROOT",
        "LAMBDA_RUNTIME_DIR",
    }
)


@register
class LambdaReservedEnv(Transform):
    id = "IAC106"
    slug = "lambda-reserved-env"
    tokens = ("Function",)  # lambda.Function
    title = "Lambda environment sets a reserved variable"
    severity = "critical"
    doc = RuleDoc(
        what="Removes the keys the Lambda runtime reserves (`AWS_REGION`, `AWS_DEFAULT_REGION`, "
        "`AWS_LAMBDA_FUNCTION_NAME`, `_HANDLER`, the `AWS_ACCESS_KEY_ID` family, ...) from an "
        "`aws.lambda.Function`'s `environment.variables`, leaving a comment that the runtime sets "
        "them, and keeps every other variable.",
        why='Lambda rejects the function: "InvalidParameterValueException: Lambda was unable to '
        "configure your environment variables because the environment variables you have provided "
        'contains reserved keys that are currently not supported for modification". The deployment '
        "fails; the code can read the same values from the runtime's own variables.",
        before='environment: { variables: { TABLE: table.name, AWS_REGION: "us-east-1" } }',
        after="environment: { variables: { TABLE: table.name } }",
        fix_safety="Safe: the function could never be created with these keys, and the runtime provides "
        "each of them with the real value (the region the function runs in, its own name...). "
        "A variables object held in a const that is used elsewhere too (an ECS container may "
        "set AWS_REGION) is reported, not edited.",
        references=(
            "https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-runtime.html",
            "https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html",
        ),
    )

    def check(self, program, ctx):
        for res in program.resources_of(LAMBDA):
            args = res.args
            if args is None:
                continue
            env, shared = self._follow(program, value_at(args, "environment"))
            if not isinstance(env, Obj):
                continue
            variables, shared2 = self._follow(program, value_at(env, "variables"))
            if not isinstance(variables, Obj):
                continue
            shared = (
                shared
                or shared2
                or (isinstance(res.args_node, Ident) and len(program.references(res.args_node.name)) > 1)
            )
            for prop in variables.props:
                if prop.raw_key not in RESERVED:
                    continue
                msg = (
                    f"{prop.raw_key} is reserved by the Lambda runtime: Lambda refuses to create the "
                    "function with it (the runtime sets it itself)"
                )
                if shared:
                    yield self.finding(
                        msg + "; the variables are shared with other code, so not removed here",
                        (prop.start, prop.end),
                        resource=res,
                    )
                    continue
                yield self.finding(
                    msg,
                    (prop.start, prop.end),
                    f"Remove {prop.raw_key} (set by the runtime)",
                    # A whole-line removal keeps a line saying why the key is gone.
                    program.edits.remove_prop(prop, note=f"{prop.raw_key} is set by the Lambda runtime (reserved)"),
                    resource=res,
                )

    @staticmethod
    def _follow(program, node):
        """The value through a const, and whether that const is used more than once."""
        if isinstance(node, Ident):
            target = program.resolve(node)
            if target is not node and target is not None:
                return target, len(program.references(node.name)) > 1
        return node, False
