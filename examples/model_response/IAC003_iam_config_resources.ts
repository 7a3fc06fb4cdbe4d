import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

export interface ApiServiceArgs {
  environmentSuffix: string;
}

// The data bucket, table and queue are created by another stack; their names follow a
// convention the iacfix configuration spells out ([iam.resources] in the sidecar .toml).
export class ApiService extends pulumi.ComponentResource {
  public readonly taskRoleArn: pulumi.Output<string>;

  constructor(name: string, args: ApiServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("app:ApiService", name, {}, opts);
    const environmentSuffix = args.environmentSuffix;
    const commonTags = {
      Environment: environmentSuffix,
      Project: "orders",
      Owner: "platform-team",
      CostCenter: "engineering",
      ManagedBy: "pulumi",
    };

    const taskRole = new aws.iam.Role(`ecs-task-role-${environmentSuffix}`, {
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Service: "ecs-tasks.amazonaws.com" },
            Action: "sts:AssumeRole",
          },
        ],
      }),
      tags: commonTags,
    }, { parent: this });

    new aws.iam.RolePolicy(`ecs-task-policy-${environmentSuffix}`, {
      role: taskRole.id,
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Action: [
              "s3:*", // Too broad
              "dynamodb:*", // Too broad
              "sqs:*", // Too broad
              "sns:*", // Too broad
            ],
            Resource: "*", // Too broad
          },
        ],
      }),
    }, { parent: this });

    this.taskRoleArn = taskRole.arn;
    this.registerOutputs({ taskRoleArn: this.taskRoleArn });
  }
}
