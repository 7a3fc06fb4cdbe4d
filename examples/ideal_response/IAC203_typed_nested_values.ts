import * as aws from "@pulumi/aws";

// A deprecated class whose nested values are declared with its own input types: the types
// follow the class to its replacement.
const site = new aws.s3.Bucket("site", { forceDestroy: true });

const versioningConfiguration: aws.types.input.s3.BucketVersioningVersioningConfiguration = {
    status: "Enabled",
};

const versioning = new aws.s3.BucketVersioning("site-versioning", {
    bucket: site.id,
    versioningConfiguration,
});
