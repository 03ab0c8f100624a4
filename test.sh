#!/usr/bin/env bash
# The one test command (README, CI): builds and runs the tests. Needs only the .NET 10 SDK: no apt-get, no root.
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build Assistant.sln -c Release -nologo -v q
log=$(mktemp)
set +e
dotnet test tests/Assistant.Tests/Assistant.Tests.csproj -c Release --no-build -nologo --logger "console;verbosity=normal" 2>&1 | tee "$log" | grep -vE '^\s+Passed ' 
status=${PIPESTATUS[0]}
set -e

# One plain closing line that any CI reader understands.
count() { { grep -E "^\s+$1: [0-9]+\s*$" "$log" || true; } | awk '{s+=$2} END {print s+0}'; }
passed=$(count Passed); failed=$(count Failed); skipped=$(count Skipped)
rm -f "$log"
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$passed" -eq 0 ] && [ "$status" -eq 0 ]; then echo "no test ran"; exit 1; fi
exit "$status"
