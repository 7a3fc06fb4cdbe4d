import * as pulumi from "@pulumi/pulumi";
import * as net from "@pulumi/aws";
import { ecs, lb } from "@pulumi/aws";

const config = new pulumi.Config();
const env = config.get("env") ?? "dev";
const vpcId = config.require("vpcId");
const subnetIds = config.requireObject<string[]>("subnetIds");

const alb = new net.lb.LoadBalancer(`api-alb-${env}`, {
    loadBalancerType: "application",
    subnets: subnetIds,
});
const apiTargets = new net.lb.TargetGroup(`api-tg-${env}`, {
    port: 80,
    protocol: "HTTP",
    targetType: "ip",
    vpcId,
});
const adminTargets = new net.lb.TargetGroup(`admin-tg-${env}`, {
    port: 8080,
    protocol: "HTTP",
    targetType: "ip",
    vpcId,
});

// Primary listener
const listener = new net.lb.Listener(`api-listener-${env}`, {
    loadBalancerArn: alb.arn,
    port: 80,
    protocol: "HTTP",
    defaultActions: [
        {
            type: "forward",
            targetGroupArn: apiTargets.arn,
        },
    ],
});

// A real routing rule on another listener: left alone.
const adminListener = new lb.Listener("admin", {
    loadBalancerArn: alb.arn,
    port: 8080,
    protocol: "HTTP",
    defaultActions: [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "404" } }],
});
const adminRule = new lb.ListenerRule("admin", {
    listenerArn: adminListener.arn,
    priority: 10,
    actions: [{ type: "forward", targetGroupArn: adminTargets.arn }],
    conditions: [{ pathPattern: { values: ["/admin/*"] } }],
});

// Actions held in a const, single quotes, no trailing commas: removed too.
const toAdmin = [{ type: 'forward', targetGroupArn: adminTargets.arn }];
const internalListener = new net.alb.Listener('internal', {
    loadBalancerArn: alb.arn,
    port: 8081,
    protocol: 'HTTP',
    defaultActions: toAdmin
});

// Catch-all rule that sends traffic somewhere else than the default: left alone.
const redirectListener = new lb.Listener("redirect", {
    loadBalancerArn: alb.arn,
    port: 8082,
    protocol: "HTTP",
    defaultActions: [{ type: "forward", targetGroupArn: apiTargets.arn }],
});
const redirectRule = new lb.ListenerRule("redirect-all", {
    listenerArn: redirectListener.arn,
    priority: 5,
    actions: [{ type: "forward", targetGroupArn: adminTargets.arn }],
    conditions: [{ pathPattern: { values: ["/*"] } }],
});

// The catch-all hides a later rule: deleting it would change routing, so it is only reported.
const legacyListener = new lb.Listener("legacy", {
    loadBalancerArn: alb.arn,
    port: 8083,
    protocol: "HTTP",
    defaultActions: [{ type: "forward", targetGroupArn: apiTargets.arn }],
});
const legacyAll = new lb.ListenerRule("legacy-all", {
    listenerArn: legacyListener.arn,
    priority: 10,
    actions: [{ type: "forward", targetGroupArn: apiTargets.arn }],
    conditions: [{ pathPattern: { values: ["/*"] } }],
});
const legacyAdmin = new lb.ListenerRule("legacy-admin", {
    listenerArn: legacyListener.arn,
    priority: 20,
    actions: [{ type: "forward", targetGroupArn: adminTargets.arn }],
    conditions: [{ pathPattern: { values: ["/admin/*"] } }],
});

class Edge extends pulumi.ComponentResource {
    public readonly listener: lb.Listener;

    constructor(name: string, args: { albArn: pulumi.Input<string>; targetGroupArn: pulumi.Input<string> },
                opts?: pulumi.ComponentResourceOptions) {
        super("example:net:Edge", name, {}, opts);
        this.listener = new lb.Listener(`${name}-listener`, {
            loadBalancerArn: args.albArn,
            port: 9090,
            protocol: "HTTP",
            defaultActions: [{ type: "forward", targetGroupArn: args.targetGroupArn }],
        }, { parent: this });
        this.registerOutputs({
            listenerArn: this.listener.arn,
        });
    }
}

const edge = new Edge("edge", { albArn: alb.arn, targetGroupArn: apiTargets.arn });

const cluster = new ecs.Cluster(`api-cluster-${env}`, {});
const service = new ecs.Service(`api-service-${env}`, {
    cluster: cluster.arn,
    desiredCount: 2,
    launchType: "FARGATE",
    taskDefinition: config.require("taskDefinitionArn"),
    networkConfiguration: { subnets: subnetIds },
    loadBalancers: [{ targetGroupArn: apiTargets.arn, containerName: "api", containerPort: 80 }],
    deploymentCircuitBreaker: { enable: true, rollback: true },
    deploymentMaximumPercent: 200,
    deploymentMinimumHealthyPercent: 100,
    healthCheckGracePeriodSeconds: 60,
    propagateTags: "SERVICE",
}, { dependsOn: [listener] });

export const albDns = alb.dnsName;
export const adminRuleArn = adminRule.arn;
export const redirectRuleArn = redirectRule.arn;
export const legacyRuleArns = [legacyAll.arn, legacyAdmin.arn];
export const edgeListener = edge.listener.arn;
export const serviceName = service.name;
