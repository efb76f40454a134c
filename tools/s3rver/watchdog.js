// Loaded with `node --require` by the test fixtures: ends s3rver when the test process is gone,
// so a killed test run never leaves a server behind. A parent that died but was not yet reaped still
// answers signal 0, so a change of parent (re-parenting to init or a subreaper) also counts as gone.
const parent = Number(process.env.DATAANS_TEST_PARENT_PID || 0);
if (parent > 0) {
  const startedUnder = process.ppid;
  setInterval(() => {
    if (process.ppid !== startedUnder) {
      process.exit(0);
    }
    try {
      process.kill(parent, 0);
    } catch {
      process.exit(0);
    }
  }, 1000).unref();
}
