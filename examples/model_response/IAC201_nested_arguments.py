import pulumi_aws as aws

# Arguments written one level too high: their names belong to the one object argument whose
# type has them (the method settings' throttling; the table's point-in-time recovery).
api = aws.apigateway.RestApi("api", name="orders")

throttling = aws.apigateway.MethodSettings(
    "throttling",
    rest_api=api.id,
    stage_name="prod",
    method_path="*/*",
    throttling_burst_limit=100,
    throttling_rate_limit=50,
)

orders = aws.dynamodb.Table(
    "orders",
    billing_mode="PAY_PER_REQUEST",
    hash_key="id",
    attributes=[{"name": "id", "type": "S"}],
    point_in_time_recovery_enabled=True,
)
