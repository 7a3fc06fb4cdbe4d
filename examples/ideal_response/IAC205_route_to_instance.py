import pulumi_aws as aws

# Routes to a NAT instance by its id: the provider routes to the instance's network interface.
vpc = aws.ec2.Vpc("vpc", cidr_block="10.0.0.0/16")

nat = aws.ec2.Instance(
    "nat",
    ami="ami-0123456789abcdef0",
    instance_type="t3.micro",
    source_dest_check=False,
)

# ec2-route-table-route-instance-id
private = aws.ec2.RouteTable(
    "private",
    vpc_id=vpc.id,
    routes=[aws.ec2.RouteTableRouteArgs(cidr_block="0.0.0.0/0", network_interface_id=nat.primary_network_interface_id)],
)

isolated = aws.ec2.RouteTable("isolated", vpc_id=vpc.id)

# ec2-route-instance-id
aws.ec2.Route(
    "isolated-default",
    route_table_id=isolated.id,
    destination_cidr_block="0.0.0.0/0",
    network_interface_id=nat.primary_network_interface_id,
)
