import * as pulumi from "@pulumi/pulumi";
import * as cloud from "@pulumi/aws";

const config = new pulumi.Config();
const env = config.get("env") ?? "dev";
const auditRetention = 10; // days, chosen by hand

// Application logs: no retention, kept forever.
const appLogs = new cloud.cloudwatch.LogGroup(`app-${env}`, {
    name: `/app/${env}`,
    // TODO: decide on retention
});

// A value CloudWatch does not accept, held in a const.
const auditLogs = new cloud.cloudwatch.LogGroup("audit", { name: "/audit", retentionInDays: auditRetention });

// Already fine: left alone.
const accessLogs = new cloud.cloudwatch.LogGroup("access", {
    name: "/access",
    retentionInDays: 30,
});

// Retention from configuration: not ours to decide.
const tunedLogs = new cloud.cloudwatch.LogGroup("tuned", {
    retentionInDays: config.requireNumber("retention"),
});

// No arguments at all.
const bareLogs = new cloud.cloudwatch.LogGroup("bare");

class Logging extends pulumi.ComponentResource {
    public readonly group: cloud.cloudwatch.LogGroup;

    constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
        super("example:logging:Logging", name, {}, opts);
        this.group = new cloud.cloudwatch.LogGroup(`${name}-lambda`, {
            name: `/aws/lambda/${name}`,
            tags: { Team: 'platform' }
        }, { parent: this });
        this.registerOutputs({ group: this.group.name });
    }
}

export const logging = new Logging("worker");
export const groups = [appLogs.name, auditLogs.name, accessLogs.name, tunedLogs.name, bareLogs.name];
