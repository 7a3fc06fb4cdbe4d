import * as aws from "@pulumi/aws";
import { kms } from "@pulumi/aws";

// Symmetric keys without rotation.
const dataKey = new aws.kms.Key("data", {
    description: "Encrypts application data",
    deletionWindowInDays: 10,
    enableKeyRotation: true,
});
const logsKey = new kms.Key("logs", { description: "CloudWatch Logs", enableKeyRotation: true });
const bareKey = new aws.kms.Key("bare", { enableKeyRotation: true });

// A rotation period needs rotation turned on.
const tunedKey = new aws.kms.Key("tuned", {
    customerMasterKeySpec: "SYMMETRIC_DEFAULT",
    rotationPeriodInDays: 180,
    enableKeyRotation: true,
});

// Already rotated: left alone.
const rotated = new aws.kms.Key("rotated", { enableKeyRotation: true });

// Turned off on purpose: reported only.
const frozen = new aws.kms.Key("frozen", { enableKeyRotation: false });

// Keys AWS cannot rotate automatically: left alone.
const signing = new aws.kms.Key("signing", {
    customerMasterKeySpec: "RSA_2048",
    keyUsage: "SIGN_VERIFY",
});
const mac = new aws.kms.Key("mac", { customerMasterKeySpec: "HMAC_256", keyUsage: "GENERATE_VERIFY_MAC" });
