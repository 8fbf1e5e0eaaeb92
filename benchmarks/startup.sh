#!/usr/bin/env bash
# Start-up benchmark: a cold `runbook run` of the seed runbook's morning check against the demo sandbox, side by
# side with the same checks as a shell script of Monitoring Plugins commands, measured in the same run: the
# installed artifact (the self-contained archive dist/ builds, unpacked, with its class-data-sharing archive), the
# repository's ./runbook script, and `java -jar` untuned.
#
#   benchmarks/startup.sh            # needs Java 17, Maven; hyperfine and monitoring-plugins if installed
#   RUNS=50 benchmarks/startup.sh
#   ARCHIVE=path/to/runbook-VERSION-linux-x64.tar.gz benchmarks/startup.sh   # another build of the archive
#
# Debian: apt-get install hyperfine monitoring-plugins-basic monitoring-plugins-standard
# Prints the figures (and writes target/startup.md) to paste into docs/benchmarks/startup.md.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RUNS="${RUNS:-30}"
PROCEDURE="${PROCEDURE:-morning-check}"
OUT="$ROOT/benchmarks/target"
SANDBOX="$OUT/sandbox"
mkdir -p "$OUT"

"$ROOT/runbook" --version >/dev/null   # builds the launcher and its AppCDS archive if needed

# the installed artifact: the archive dist/ builds (built here if missing), unpacked as an operator would
ARCHIVE="${ARCHIVE:-$(ls "$ROOT"/dist/target/runbook-*-linux-x64.tar.gz 2>/dev/null | head -1 || true)}"
if [ -z "$ARCHIVE" ] || [ ! -f "$ARCHIVE" ]; then
  echo "building the self-contained archive (mvn -B -pl dist -am package -DskipTests)..." >&2
  (cd "$ROOT" && mvn -q -B -pl dist -am package -DskipTests >&2)
  ARCHIVE="$(ls "$ROOT"/dist/target/runbook-*-linux-x64.tar.gz | head -1)"
fi
INSTALLED="$OUT/installed"
rm -rf "$INSTALLED" && mkdir -p "$INSTALLED"
tar -C "$INSTALLED" -xzf "$ARCHIVE"
INSTALLED_BIN="$(ls -d "$INSTALLED"/runbook-*/bin)/runbook"

rm -rf "$SANDBOX"
"$ROOT/runbook" demo --serve --dir "$SANDBOX" > "$OUT/sandbox.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do grep -q '^ready' "$OUT/sandbox.log" 2>/dev/null && break; sleep 0.1; done
grep -q '^ready' "$OUT/sandbox.log" || { cat "$OUT/sandbox.log" >&2; echo "the sandbox did not start" >&2; exit 1; }
# shellcheck disable=SC1091
source "$SANDBOX/env.sh"
RUNBOOK_FILE="$SANDBOX/runbook/runbook.yaml"

# the installed launcher's class-data-sharing archive for this location, as the Debian package's postinst makes it
"$INSTALLED_BIN" --make-archive "$XDG_STATE_HOME/runbook/cds" >/dev/null

INSTALLED_CMD="$INSTALLED_BIN run $RUNBOOK_FILE --procedure $PROCEDURE --no-actions --format nagios"
RUNBOOK_CMD="$ROOT/runbook run $RUNBOOK_FILE --procedure $PROCEDURE --no-actions --format nagios"
UNTUNED_CMD="java -jar $ROOT/examples/target/runbook.jar run $RUNBOOK_FILE --procedure $PROCEDURE --no-actions --format nagios"
PLUGINS_CMD="$ROOT/benchmarks/morning-check-plugins.sh"

# one run first: the cpu check's first sample wait is excluded (later runs use the stored ticks)
$RUNBOOK_CMD > "$OUT/first-run.txt" 2>&1 || true
$INSTALLED_CMD > /dev/null 2>&1 || true
echo "first run: $(head -c 300 "$OUT/first-run.txt")"
echo "phases of the installed launcher (ms since the JVM started):"
RUNBOOK_TIMING=1 $INSTALLED_CMD 2>&1 >/dev/null | grep runbook-timing || true

{
  echo "machine: $(nproc) CPU ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/{print $2}') GB RAM, load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "java: $(java -version 2>&1 | head -1); installed runtime: $("${INSTALLED_BIN%/bin/runbook}/runtime/bin/java" -version 2>&1 | head -1)"
  echo "archive: $(basename "$ARCHIVE") $(du -h "$ARCHIVE" | cut -f1) ($(du -sh "${INSTALLED_BIN%/bin/runbook}" | cut -f1) unpacked)"
  echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
} | tee "$OUT/machine.txt"

if command -v hyperfine >/dev/null 2>&1; then
  # one -n name per command, so the names stay paired when the plugin script is left out
  args=(-n "runbook run, installed archive (bundled runtime, AppCDS)" "$INSTALLED_CMD"
        -n "runbook run (repository script: C1, AppCDS, cached sqlite lib)" "$RUNBOOK_CMD"
        -n "java -jar, untuned" "$UNTUNED_CMD")
  if command -v /usr/lib/nagios/plugins/check_http >/dev/null 2>&1; then
    args+=(-n "Monitoring Plugins shell script" "$PLUGINS_CMD")
  else
    echo "Monitoring Plugins not installed (apt-get install monitoring-plugins): the peer is left out of this run"
  fi
  hyperfine -N -i --warmup 3 --runs "$RUNS" --export-markdown "$OUT/startup.md" "${args[@]}"
  cat "$OUT/startup.md"
else
  echo "hyperfine not found: a bash loop instead (install hyperfine for statistics)"
  for name in INSTALLED_CMD RUNBOOK_CMD UNTUNED_CMD PLUGINS_CMD; do
    cmd="${!name}"
    start=$(date +%s%N)
    for _ in $(seq 1 "$RUNS"); do $cmd >/dev/null 2>&1 || true; done
    echo "$name: $(( ($(date +%s%N) - start) / RUNS / 1000000 )) ms mean over $RUNS runs"
  done
fi
