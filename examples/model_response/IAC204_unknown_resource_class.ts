import * as aws from "@pulumi/aws";

// A class spelled otherwise than the provider spells it.
const zone = new aws.route53.Zone("zone", { name: "example.com" });

const dnssec = new aws.route53.HostedZoneDnssec("dnssec", {
    hostedZoneId: zone.id,
    signingStatus: "SIGNING",
});
