// The test kit's framework: stops the shared PostgreSQL cluster and s3rver when the run ends.
[assembly: TestFramework("Dataans.Testing.FixtureCleanupFramework", "Dataans.Testing")]
