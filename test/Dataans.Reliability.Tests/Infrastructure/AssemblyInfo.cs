// Fault tests kill and restart real processes (server, PostgreSQL) and time retries: one test at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
