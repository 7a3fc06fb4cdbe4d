import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

export class Api extends pulumi.ComponentResource {
    public readonly table: aws.dynamodb.Table;
    public readonly fn: aws.lambda.Function;

    constructor(name: string, region: string, opts?: pulumi.ComponentResourceOptions) {
        super("app:Api", name, {}, opts);
        const dbPassword = new pulumi.Config().requireSecret("dbPassword");
        const account = aws.getCallerIdentityOutput({}, { parent: this });

        this.table = new aws.dynamodb.Table(`${name}-table`, {
            attributes: [{ name: "id", type: "S" }],
            hashKey: "id",
            billingMode: "PAY_PER_REQUEST",
        }, { parent: this });

        const role = new aws.iam.Role(`${name}-role`, {
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
            }),
        }, { parent: this });

        new aws.iam.RolePolicy(`${name}-policy`, {
            role: role.id,
            policy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{
                    Effect: "Allow",
                    Action: ["dynamodb:GetItem"],
                    Resource: [this.table.arn, `arn:aws:dynamodb:${region}:${account.accountId}:table/${this.table.name}/index/*`],
                }],
            }),
        }, { parent: this });

        const secret = new aws.secretsmanager.Secret(`${name}-secret`, {}, { parent: this });
        new aws.secretsmanager.SecretVersion(`${name}-secret-v`, {
            secretId: secret.id,
            secretString: JSON.stringify({ username: "app", password: dbPassword }),
        }, { parent: this });

        this.fn = new aws.lambda.Function(`${name}-fn`, {
            role: role.arn,
            runtime: "nodejs20.x",
            handler: "index.handler",
            code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => ({});") }),
            environment: { variables: { TABLE: this.table.name, REGION_LABEL: `region-${region}` } },
        }, { parent: this });

        this.registerOutputs({ tableArn: this.table.arn, fnUrl: `https://console.aws.amazon.com/lambda/${this.fn.name}` });
    }
}

// A helper whose parameter is a plain string: nothing to lift.
export function arnFor(tableName: string): string {
    return `arn:aws:dynamodb:::table/${tableName}`;
}
