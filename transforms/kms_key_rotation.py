"""IAC103 — customer-managed KMS keys without automatic key rotation."""

from __future__ import annotations

from iacfix.fix import Applicability
from iacfix.rules import RuleDoc, Transform, register
from iacfix.values import literal, string, value_at

KMS_KEYS = ("aws:kms/key:Key", "kms.Key")
# The only key spec and usage AWS rotates automatically (either spec key may be written).
_ROTATABLE = {
    "keySpec": "SYMMETRIC_DEFAULT",
    "customerMasterKeySpec": "SYMMETRIC_DEFAULT",
    "keyUsage": "ENCRYPT_DECRYPT",
}
# Settings under which AWS does not offer automatic rotation at all.
_NO_ROTATION_WITH = ("customKeyStoreId", "xksKeyId")


@register
class KmsKeyRotation(Transform):
    id = "IAC103"
    slug = "kms-key-rotation"
    tokens = ("Key",)  # kms.Key: the class name, written in every import form
    title = "KMS key without automatic rotation"
    severity = "medium"
    applicability = Applicability.SAFE
    doc = RuleDoc(
        what="Adds `enableKeyRotation: true` to every symmetric encryption `aws.kms.Key` that does not "
        "set it. Asymmetric keys (`keySpec`/`customerMasterKeySpec` other than `SYMMETRIC_DEFAULT`), "
        "(`keySpec` is the CloudFormation spelling, also honoured), HMAC and signing keys (`keyUsage` other than `ENCRYPT_DECRYPT`), and keys in a custom or "
        "external key store are left alone: AWS cannot rotate those automatically.",
        why="Without rotation one key material protects the data for the key's whole life; automatic "
        "rotation (yearly by default) limits what a leaked key exposes, costs nothing for the first "
        "two rotations and is what compliance baselines (CIS, PCI DSS, AWS Foundational Security "
        "Best Practices KMS.4) require.",
        before='const key = new aws.kms.Key("data", { description: "app data" });',
        after='const key = new aws.kms.Key("data", { description: "app data", enableKeyRotation: true });',
        fix_safety="Safe: rotation is an in-place update; old key material stays available, so everything "
        "encrypted before keeps decrypting and key ids/ARNs do not change. A key that sets "
        "`enableKeyRotation: false` on purpose is reported, not changed. Keys whose spec, usage or "
        "store is not a literal here are left alone.",
        references=(
            "https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/kms-controls.html",
            "Checkov CKV_AWS_7 (KMS key rotation enabled)",
            "cdk-nag AwsSolutions-KMS5",
        ),
    )

    def check(self, program, ctx):
        for res in program.resources_of(*KMS_KEYS):
            args = res.args
            if args is None and res.args_node is not None:
                continue  # arguments from elsewhere
            if args is not None:
                if not self._rotatable(args):
                    continue
                prop = args.find("enableKeyRotation")
                if prop is not None:
                    lit = literal(prop.value, fallbacks=False)
                    if lit is not None and lit.value is False:
                        yield self.finding(
                            "KMS key rotation is disabled explicitly (enableKeyRotation: false)",
                            prop.value,
                            resource=res,
                        )
                    continue
                if args.opaque:
                    continue
            edits = program.edits.add_resource_prop(res, "enableKeyRotation", True)
            yield self.finding(
                "symmetric KMS key without automatic key rotation",
                res.name or (res.start, res.end),
                "Set enableKeyRotation: true",
                edits,
                resource=res,
            )

    @staticmethod
    def _rotatable(args) -> bool:
        """False when the key cannot be rotated automatically, or we cannot tell."""
        for key, want in _ROTATABLE.items():
            if args.find(key) is not None and string(value_at(args, key)) != want:
                return False
        return not any(args.find(k) is not None for k in _NO_ROTATION_WITH)
