import * as aws from "@pulumi/aws";

// Destroy fails: a final snapshot is taken (the default) but not named. Reported only.
const db = new aws.rds.Instance("db", {
    engine: "postgres",
    instanceClass: "db.t4g.micro",
    allocatedStorage: 20,
    username: "appadmin",
    manageMasterUserPassword: true,
});

// Named: fine.
const archive = new aws.rds.Instance("archive", {
    engine: "postgres",
    instanceClass: "db.t4g.micro",
    allocatedStorage: 20,
    username: "appadmin",
    manageMasterUserPassword: true,
    finalSnapshotIdentifier: "archive-final",
});

export const addresses = [db.address, archive.address];
