import * as aws from "@pulumi/aws";

// Arguments written one level too high: their names belong to the one object argument whose
// type has them (the method settings' throttling; the table's point-in-time recovery).
const api = new aws.apigateway.RestApi("api", { name: "orders" });

const throttling = new aws.apigateway.MethodSettings("throttling", {
    restApi: api.id,
    stageName: "prod",
    methodPath: "*/*",
    throttlingBurstLimit: 100,
    throttlingRateLimit: 50,
});

const orders = new aws.dynamodb.Table("orders", {
    billingMode: "PAY_PER_REQUEST",
    hashKey: "id",
    attributes: [{ name: "id", type: "S" }],
    pointInTimeRecoveryEnabled: true,
});
