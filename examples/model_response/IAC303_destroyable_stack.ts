import * as aws from "@pulumi/aws";

const logs = new aws.s3.Bucket("logs", {}, { retainOnDelete: true });

const images = new aws.ecr.Repository("images", {
    imageTagMutability: "IMMUTABLE",
});

const db = new aws.rds.Instance("db", {
    engine: "postgres",
    instanceClass: "db.t4g.micro",
    allocatedStorage: 20,
    username: "appadmin",
    manageMasterUserPassword: true,
    deletionProtection: true,
    skipFinalSnapshot: false,
    finalSnapshotIdentifier: "db-final",
});

const table = new aws.dynamodb.Table("events", {
    attributes: [{ name: "id", type: "S" }],
    hashKey: "id",
    billingMode: "PAY_PER_REQUEST",
    deletionProtectionEnabled: true,
});

const secret = new aws.secretsmanager.Secret("api-key", { name: "api-key" }, { protect: true, dependsOn: [table] });

export const names = [logs.bucket, images.name, db.address, table.name, secret.name];
