import pulumi_aws as aws

data_key = aws.kms.Key("data", description="Encrypts application data", deletion_window_in_days=10)
bare_key = aws.kms.Key("bare")
signing = aws.kms.Key("signing", customer_master_key_spec="RSA_2048", key_usage="SIGN_VERIFY")
rotated = aws.kms.Key("rotated", enable_key_rotation=True)
