// Fault tests kill and restart real processes (server, PostgreSQL) and time retries: one test at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

// The test kit's framework: stops the shared PostgreSQL cluster and s3rver when the run ends.
[assembly: TestFramework("Dataans.Testing.FixtureCleanupFramework", "Dataans.Testing")]
