import * as aws from "@pulumi/aws";

// Routes to a NAT instance by its id: the provider routes to the instance's network interface.
const vpc = new aws.ec2.Vpc("vpc", { cidrBlock: "10.0.0.0/16" });

const nat = new aws.ec2.Instance("nat", {
    ami: "ami-0123456789abcdef0",
    instanceType: "t3.micro",
    sourceDestCheck: false,
});

// ec2-route-table-route-instance-id
const privateRoutes = new aws.ec2.RouteTable("private", {
    vpcId: vpc.id,
    routes: [{ cidrBlock: "0.0.0.0/0", networkInterfaceId: nat.primaryNetworkInterfaceId }],
});

const isolated = new aws.ec2.RouteTable("isolated", { vpcId: vpc.id });

// ec2-route-instance-id
new aws.ec2.Route("isolated-default", {
    routeTableId: isolated.id,
    destinationCidrBlock: "0.0.0.0/0",
    networkInterfaceId: nat.primaryNetworkInterfaceId,
});
