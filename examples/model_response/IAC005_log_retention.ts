import * as pulumi from "@pulumi/pulumi";
import * as cloud from "@pulumi/aws";
import { cloudwatch } from "@pulumi/aws";
import { LogGroup } from "@pulumi/aws/cloudwatch";

const config = new pulumi.Config();
const env = config.get("env") ?? "dev";
const auditRetention = 10; // days, chosen by hand

// Application logs: no retention, kept forever.
const appLogs = new cloud.cloudwatch.LogGroup(`app-${env}`, {
    name: `/app/${env}`,
    // TODO: decide on retention
});

// A value CloudWatch does not accept, held in a const.
const auditLogs = new cloudwatch.LogGroup("audit", { name: "/audit", retentionInDays: auditRetention });

// Already fine: left alone.
const accessLogs = new LogGroup("access", {
    name: "/access",
    retentionInDays: 30,
});

// Retention from configuration: not ours to decide.
const tunedLogs = new cloud.cloudwatch.LogGroup("tuned", {
    retentionInDays: config.requireNumber("retention"),
});

// No arguments at all.
const bareLogs = new cloud.cloudwatch.LogGroup("bare");

// Zero means "never expire" (changed only with unsafe fixes). The Python twin passes its
// arguments as a LogGroupArgs object (`args=`), a form TypeScript does not have.
const debugLogs = new cloud.cloudwatch.LogGroup("debug", { name: "/debug", retentionInDays: 0 });

// Shared settings spread in: retention set there.
const common = { skipDestroy: false, retentionInDays: 14 };
const jobLogs = new cloud.cloudwatch.LogGroup("jobs", { name: "/jobs", ...common });

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
export const groups = [appLogs.name, auditLogs.name, accessLogs.name, tunedLogs.name, bareLogs.name, debugLogs.name, jobLogs.name];
