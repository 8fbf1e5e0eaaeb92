#!/usr/bin/env bash
# The seed's morning check as a shell script of Monitoring Plugins commands: the peer `runbook run` is measured
# against in benchmarks/startup.sh. Reads the demo sandbox's variables (source its env.sh first). Exits with the
# worst plugin status, as a Nagios check would.
P=/usr/lib/nagios/plugins
worst=0
note() { local rc=$1; if [ "$rc" -eq 2 ] || { [ "$rc" -eq 3 ] && [ "$worst" -ne 2 ]; } || { [ "$rc" -eq 1 ] && [ "$worst" -eq 0 ]; }; then worst=$rc; fi; }
# 1. services: systemctl is-active httpd estimator
"$SYSTEMCTL" is-active httpd estimator >/dev/null; rc=$?; [ $rc -ne 0 ] && rc=2; note $rc
# 2. health: HTTP 200 and {"status":"healthy"}
$P/check_http -H 127.0.0.1 -p "$ESTIMATOR_PORT" -u /health -s '"healthy"' -t 10 >/dev/null; note $?
# 3. disk usage of / (warning 80%, critical 90%)
$P/check_disk -w 20% -c 10% -p / >/dev/null; note $?
# 4. errors of the last 24 hours in the journal
n=$("$JOURNALCTL" -u estimator --since "24 hours ago" -p err | wc -l); [ "$n" -gt 10 ] && note 1
# 5. resources: load, memory, the uvicorn process
$P/check_load -r -w 2,2,2 -c 4,4,4 >/dev/null; note $?
used=$(free | awk '/Mem:/{printf "%d", ($2-$7)*100/$2}'); if [ "$used" -ge 90 ]; then note 2; elif [ "$used" -ge 80 ]; then note 1; fi
$P/check_procs -c 1: -C uvicorn >/dev/null; note $?
# TLS certificate expiry (< 30 days warning, < 7 critical)
$P/check_http -H 127.0.0.1 -p "$TLS_PORT" -S -C 30,7 >/dev/null; note $?
echo "MORNING CHECK status $worst"
exit $worst
