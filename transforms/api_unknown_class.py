"""IAC204 — a resource class @pulumi/aws does not have, renamed to the one class of the same module
it is spelled like."""

from __future__ import annotations

from collections.abc import Iterator

from iacfix import awsschema, hallucinations
from iacfix.fix import Applicability, Finding
from iacfix.model import Program
from iacfix.rules import Context, RuleDoc, Transform, register


@register
class UnknownResourceClass(Transform):
    id = "IAC204"
    slug = "unknown-resource-class"
    title = "Resource class the provider does not have"
    severity = "high"
    applicability = Applicability.SAFE
    doc = RuleDoc(
        what="Checks every `aws.<module>.<Class>` a program instantiates against the classes of the installed "
             "provider. A class that does not exist is renamed when exactly one class of the same module is the "
             "same name spelled otherwise (`route53.HostedZoneDnssec` -> `HostedZoneDnsSec`), in the other "
             "number, or with a typo; otherwise the finding names the classes it may be, or says the module does "
             "not exist. Classes the table of known hallucinations (IAC205) maps elsewhere are left to it.",
        why="A class that does not exist fails to compile (TS2339 / TS2551 \"Property 'X' does not exist on type "
            "typeof import(...)\") and, in Python, raises AttributeError when the program runs.",
        before='new aws.route53.HostedZoneDnssec("dnssec", { hostedZoneId: zone.id });',
        after='new aws.route53.HostedZoneDnsSec("dnssec", { hostedZoneId: zone.id });',
        fix_safety="Safe: a class that does not exist deploys nothing, and the rename is to the only class spelled "
                   "like it. Word-structure guesses (`AnomalyDetector` -> `LogAnomalyDetector`) are often another "
                   "service's resource: they are only named, never applied.",
        references=("https://www.pulumi.com/registry/packages/aws/api-docs/",),
    )

    def check(self, program: Program, ctx: Context) -> Iterator[Finding]:
        for res in program.resources:
            if awsschema.resource(res.token) is not None or not res.module:
                continue
            path = f"{res.module}.{res.cls}"
            if hallucinations.for_class(path) is not None:
                continue
            where = res.name or (res.start, res.end)
            classes = awsschema.module_classes(res.module)
            if classes is None:
                yield self.finding(f"@pulumi/aws has no module `{res.module}` ({res.type_name} does not exist)",
                                   where, resource=res)
                continue
            names, tier = awsschema.likely_names(res.cls, list(classes))
            if len(names) == 1 and tier in awsschema.STRICT_TIERS:
                edits = program.edits.replace_type(res, res.module, names[0])
                msg = f"{res.type_name} does not exist; the class is aws.{res.module}.{names[0]}"
                if edits:
                    yield self.finding(msg, where, f"Use aws.{res.module}.{names[0]}", edits, resource=res)
                else:
                    yield self.finding(msg, where, resource=res)
                continue
            hint = f"; perhaps {', '.join(f'aws.{res.module}.{n}' for n in names)}" if names else ""
            yield self.finding(f"{res.type_name} does not exist in @pulumi/aws{hint}", where, resource=res)
