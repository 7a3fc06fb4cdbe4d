import pulumi_aws as aws
from pulumi_aws import kms

# Symmetric keys without rotation.
data_key = aws.kms.Key("data",
    description="Encrypts application data",
    deletion_window_in_days=10,
    enable_key_rotation=True,
)
logs_key = kms.Key("logs", description="CloudWatch Logs", enable_key_rotation=True)
bare_key = aws.kms.Key("bare", enable_key_rotation=True)

# A rotation period needs rotation turned on.
tuned_key = aws.kms.Key("tuned",
    customer_master_key_spec="SYMMETRIC_DEFAULT",
    rotation_period_in_days=180,
    enable_key_rotation=True,
)

# Already rotated: left alone.
rotated = aws.kms.Key("rotated", enable_key_rotation=True)

# Turned off on purpose: reported only.
frozen = aws.kms.Key("frozen", enable_key_rotation=False)

# Keys AWS cannot rotate automatically: left alone.
signing = aws.kms.Key("signing",
    customer_master_key_spec="RSA_2048",
    key_usage="SIGN_VERIFY",
)
mac = aws.kms.Key("mac", customer_master_key_spec="HMAC_256", key_usage="GENERATE_VERIFY_MAC")
