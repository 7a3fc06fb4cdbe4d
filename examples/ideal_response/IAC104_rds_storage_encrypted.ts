import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

const config = new pulumi.Config();

// Not encrypted: storageEncrypted left out.
const db = new aws.rds.Instance("app-db", {
    engine: "postgres",
    engineVersion: "16.3",
    instanceClass: "db.t3.micro",
    allocatedStorage: 20,
    username: "app",
    password: config.requireSecret("dbPassword"),
    skipFinalSnapshot: true,
    storageEncrypted: true,
});

// Explicitly off.
const cluster = new aws.rds.Cluster("orders", {
    engine: "aurora-postgresql",
    masterUsername: "orders",
    masterPassword: config.requireSecret("ordersPassword"),
    storageEncrypted: true,
    skipFinalSnapshot: true,
});

// An Aurora member instance: the cluster decides.
const writer = new aws.rds.ClusterInstance("orders-writer", {
    clusterIdentifier: cluster.id,
    engine: "aurora-postgresql",
    instanceClass: "db.r6g.large",
});

// Aurora Serverless v1 is always encrypted: left alone.
const legacyServerless = new aws.rds.Cluster("reports", {
    engine: "aurora-mysql",
    engineMode: "serverless",
    masterUsername: "reports",
    masterPassword: config.requireSecret("reportsPassword"),
    skipFinalSnapshot: true,
});

// A read replica inherits the source's encryption: left alone.
const replica = new aws.rds.Instance("app-db-replica", {
    replicateSourceDb: db.identifier,
    instanceClass: "db.t3.micro",
    skipFinalSnapshot: true,
});

// Already encrypted: left alone.
const audit = new aws.rds.Instance("audit-db", {
    engine: "mysql",
    instanceClass: "db.t3.micro",
    allocatedStorage: 20,
    username: "audit",
    password: config.requireSecret("auditPassword"),
    storageEncrypted: true,
    skipFinalSnapshot: true,
});
