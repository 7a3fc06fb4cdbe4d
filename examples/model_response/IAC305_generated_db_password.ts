import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const config = new pulumi.Config();
const dbPassword = "SuperSecret123!";

const db = new aws.rds.Instance("db", {
    engine: "postgres",
    engineVersion: "16.4",
    instanceClass: config.get("instanceClass") || "db.t4g.micro",
    allocatedStorage: 20,
    username: "appadmin",
    password: dbPassword,
    skipFinalSnapshot: true,
});

const cluster = new aws.rds.Cluster("aurora", {
    engine: "aurora-postgresql",
    masterUsername: "appadmin",
    masterPassword: config.get("dbPassword") || pulumi.secret("ChangeMe123!"),
    skipFinalSnapshot: true,
});

// The same password is written into a secret: reported, not changed.
const sharedPassword = "Shared-Password-1";
const secret = new aws.secretsmanager.Secret("app-db");
new aws.secretsmanager.SecretVersion("app-db", {
    secretId: secret.id,
    secretString: JSON.stringify({ username: "app", password: "Inline-Password-2" }),
});
const reporting = new aws.rds.Instance("reporting", {
    engine: "mysql",
    instanceClass: "db.t4g.micro",
    allocatedStorage: 20,
    username: "report",
    password: sharedPassword,
    skipFinalSnapshot: true,
});
export const connection = pulumi.interpolate`mysql://report:${sharedPassword}@${reporting.address}`;

export const endpoints = [db.address, cluster.endpoint];
