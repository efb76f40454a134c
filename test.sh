#!/usr/bin/env bash
# Runs every test of Dataans. On a fresh Debian machine it first installs what the tests need.
# Ends with a line "N passed, N failed"; exits non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)

"$root/scripts/ensure-test-deps.sh" || { echo "0 passed, 1 failed"; exit 1; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
results="$root/artifacts/test-results"
rm -rf "$results" "$root/artifacts/reliability"; mkdir -p "$results"

if ! dotnet build Dataans.slnx -c Release -nologo -v q; then
  echo "0 passed, 1 failed"
  exit 1
fi
if ! dotnet format Dataans.slnx --verify-no-changes --no-restore -v q; then
  echo "dotnet format found unformatted code (run: dotnet format Dataans.slnx)"
  format_failed=1
else
  format_failed=0
fi

status=0
for proj in test/*/*.csproj; do
  name=$(basename "$proj" .csproj)
  dotnet test "$proj" -c Release --no-build --logger "trx;LogFileName=$name.trx" \
    --results-directory "$results" -- RunConfiguration.TreatNoTestsAsError=true || status=1
done

read -r passed failed skipped < <(python3 - "$results" <<'PY' 2>/dev/null || echo "0 1 0"
import sys, glob, xml.etree.ElementTree as ET
p = f = s = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(path).getroot().find(".//{*}Counters")
    p += int(c.get("passed", 0)); f += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0)) + int(c.get("aborted", 0))
    s += int(c.get("notExecuted", 0))
print(p, f, s)
PY
)
# The reliability figures the tests recorded (faults survived, requests fuzzed, canary hits, soak).
dotnet run --project tools/Dataans.Figures -c Release --no-build || true
# Name every failed test with the first lines of its message, so a CI log that keeps only its tail
# still says what broke.
python3 - "$results" <<'PY' 2>/dev/null || true
import sys, glob, xml.etree.ElementTree as ET
for path in sorted(glob.glob(sys.argv[1] + "/*.trx")):
    for r in ET.parse(path).getroot().iterfind(".//{*}UnitTestResult"):
        if r.get("outcome") not in ("Passed", "NotExecuted"):
            msg = r.find(".//{*}ErrorInfo/{*}Message")
            text = (msg.text or "").strip().splitlines() if msg is not None else []
            print("FAILED", r.get("testName"))
            for line in text[:6]:
                print("   ", line[:300])
PY
failed=$((failed + format_failed))
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
