#!/bin/bash
# Benchmark B2's variants (docs/benchmarks.md): one reference portal, desktop and phone, no load, the
# same assessment run with one option changed at a time, one after the other, from this checkout.
#
#   scripts/assess_variants_benchmark.sh [PORTAL]        (default: reference; after `make setup`)
#
# Prints, per variant, the exit code, the wall time and portalqa's phase line. Reports go to
# /tmp/portalqa-b2-<variant>/. The Grid variant starts a Selenium Grid standalone on 127.0.0.1:4444
# (portalqa.browser.grid_server, 4 sessions) and stops it afterwards.
set -u
cd "$(dirname "$0")/.." || exit 1
PORTAL=${1:-reference}
PY=.venv/bin/python
GRID_PORT=4444

variant() {
  local name=$1
  shift
  local reports=/tmp/portalqa-b2-$name started finished code
  rm -rf "$reports"
  started=$(date +%s.%N)
  $PY -m portalqa assess --portal "$PORTAL" --no-load --no-scorecard-check --reports "$reports" "$@" \
    > "$reports.log" 2>&1
  code=$?
  finished=$(date +%s.%N)
  printf '%-14s exit %s, wall %6.1f s | %s\n' "$name" "$code" "$(echo "$finished - $started" | bc)" \
    "$(grep -h 'portalqa: finished in' "$reports.log")"
}

variant workers-2 --workers 2
variant workers-1 --workers 1
variant no-axe --workers 2 --no-axe
variant sign-on-each --workers 2 --sign-on-every-journey
variant axe-each --workers 2 --axe-every-scenario

$PY -m portalqa.browser.grid_server --port $GRID_PORT --sessions 4 > /tmp/portalqa-b2-grid-server.log 2>&1 &
grid=$!
for _ in $(seq 90); do
  curl -sf "http://127.0.0.1:$GRID_PORT/status" | grep -q '"ready": *true' && break
  sleep 1
done
variant grid --workers 2 --grid "http://127.0.0.1:$GRID_PORT"
kill -TERM $grid  # a background job of a script ignores SIGINT
wait $grid
