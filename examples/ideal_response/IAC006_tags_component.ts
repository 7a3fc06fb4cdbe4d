import * as pulumi from '@pulumi/pulumi';
import * as cloud from '@pulumi/aws';

const commonTags = {
  Environment: pulumi.getStack(),
  Project: pulumi.getProject(),
  ManagedBy: 'pulumi',
};

export interface ApiStackArgs {
  environmentSuffix?: string;
  tags?: pulumi.Input<{ [key: string]: string }>;
}

export class ApiStack extends pulumi.ComponentResource {
  public readonly cluster: cloud.ecs.Cluster;

  constructor(name: string, args: ApiStackArgs, opts?: pulumi.ComponentResourceOptions) {
    super('tap:stack:ApiStack', name, args, opts);

    const environmentSuffix = args.environmentSuffix || 'dev';

    this.cluster = new cloud.ecs.Cluster(`api-cluster-${environmentSuffix}`, {
      name: `api-cluster-${environmentSuffix}`,
      tags: args.tags,
    }, { parent: this });

    const logs = new cloud.cloudwatch.LogGroup(`api-logs-${environmentSuffix}`, {
      retentionInDays: 7,
      tags: args.tags,
    }, { parent: this });

    const template = new cloud.ec2.LaunchTemplate(`api-lt-${environmentSuffix}`, {
      imageId: 'ami-0c55b159cbfafe1f0',
      instanceType: 't3.micro',
      tags: args.tags,
    }, { parent: this });

    const asg = new cloud.autoscaling.Group(`api-asg-${environmentSuffix}`, {
      maxSize: 2,
      minSize: 1,
      availabilityZones: ['us-east-1a'],
      launchTemplate: { id: template.id, version: '$Latest' },
      tags: Object.entries(commonTags).map(([key, value]) => ({ key, value, propagateAtLaunch: true })),
    }, { parent: this });

    // A tag selector, not tagging: never touched.
    const group = new cloud.inspector.ResourceGroup(`api-inspect-${environmentSuffix}`, {
      tags: { Team: 'api' },
    }, { parent: this });

    this.registerOutputs({ clusterArn: this.cluster.arn, logGroup: logs.name, asg: asg.name, group: group.arn });
  }
}

export class QueueStack extends pulumi.ComponentResource {
  constructor(name: string, args: { environmentSuffix: string }, opts?: pulumi.ComponentResourceOptions) {
    super('tap:stack:QueueStack', name, args, opts);
    const queue = new cloud.sqs.Queue(`jobs-${args.environmentSuffix}`, { tags: commonTags }, { parent: this });
    this.registerOutputs({ queueUrl: queue.url });
  }
}
