// Loaded with `node --require` by the test fixtures: ends s3rver when the test process is gone,
// so a killed test run never leaves a server behind.
const parent = Number(process.env.DATAANS_TEST_PARENT_PID || 0);
if (parent > 0) {
  setInterval(() => {
    try {
      process.kill(parent, 0);
    } catch {
      process.exit(0);
    }
  }, 1000).unref();
}
