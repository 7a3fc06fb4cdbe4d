import pulumi_aws as aws

# A class spelled otherwise than the provider spells it.
zone = aws.route53.Zone("zone", name="example.com")

dnssec = aws.route53.HostedZoneDnsSec(
    "dnssec",
    hosted_zone_id=zone.id,
    signing_status="SIGNING",
)
