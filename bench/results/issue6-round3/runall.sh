#!/bin/bash
# Round 3 before/after over HTTP, one at a time, load average before and after each run.
# before: /tmp/before3 = `git archive a57ed75` (no list index), run with PYTHONPATH pointing there.
set -u
OUT=/work/wt-perf/bench/results/issue6-round3
run() { # name dir env-and-command...
  local name=$1 dir=$2; shift 2
  { echo "## $name"; echo "load: $(uptime)"; echo "command (in $dir): $*"; } >> $OUT/runs.log
  (cd $dir && env "$@") > $OUT/$name.log 2>&1
  echo "load after: $(uptime)" >> $OUT/runs.log
}
B=/tmp/before3; A=/work/wt-perf
KINDS=(--sizes 10m --kinds "page projects" --peer-stores "" --no-inprocess)
run before-wrk $B PYTHONPATH=$B .venv/bin/python bench/run.py "${KINDS[@]}"
run after-wrk $A .venv/bin/python bench/run.py "${KINDS[@]}"
run before-wrk-nocache $B PYTHONPATH=$B JJKG_RESULT_CACHE_MB=0 .venv/bin/python bench/run.py "${KINDS[@]}"
run after-wrk-nocache $A JJKG_RESULT_CACHE_MB=0 .venv/bin/python bench/run.py "${KINDS[@]}"
echo "done $(date -u)" >> $OUT/runs.log
