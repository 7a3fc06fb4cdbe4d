import pulumi
import pulumi_aws as aws

# Outputs read under a name the provider spells otherwise.
vpc = aws.ec2.Vpc("main", cidr_block="10.0.0.0/16")
db = aws.rds.Instance(
    "db",
    engine="postgres",
    instance_class="db.t4g.micro",
    allocated_storage=20,
    username="app",
    manage_master_user_password=True,
    skip_final_snapshot=True,
)

pulumi.export("vpc_cidr", vpc.cidr_block)
pulumi.export("db_endpoint", db.endpoint)
