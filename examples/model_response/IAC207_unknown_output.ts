import * as aws from "@pulumi/aws";

// Outputs read under a name the provider spells otherwise.
const vpc = new aws.ec2.Vpc("main", { cidrBlock: "10.0.0.0/16" });
const db = new aws.rds.Instance("db", {
    engine: "postgres",
    instanceClass: "db.t4g.micro",
    allocatedStorage: 20,
    username: "app",
    manageMasterUserPassword: true,
    skipFinalSnapshot: true,
});

export const vpcCidr = vpc.cidrBlocks;
export const dbEndpoint = db.endPoint;
