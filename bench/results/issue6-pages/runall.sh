#!/bin/bash
# before/after, one at a time; uptime before each
set -u
OUT=/work/wt-perf/bench/results/issue6-pages
mkdir -p $OUT
run() { # name dir cmd...
  local name=$1 dir=$2; shift 2
  { echo "## $name"; echo "load: $(uptime)"; echo "command (in $dir): $*"; } >> $OUT/runs.log
  (cd $dir && env "$@") > $OUT/$name.log 2>&1
  echo "load after: $(uptime)" >> $OUT/runs.log
}
B=/tmp/before; A=/work/wt-perf
#run before-pages $B PYTHONPATH=$B .venv/bin/python bench/pages_after_tool.py var/bench/10m
#run after-pages $A .venv/bin/python bench/pages.py var/bench/10m
run before-wrk $B PYTHONPATH=$B .venv/bin/python bench/run.py --sizes 10m --kinds "page projects" --peer-stores "" --no-inprocess
run after-wrk $A .venv/bin/python bench/run.py --sizes 10m --kinds "page projects" --peer-stores "" --no-inprocess
run before-wrk-nocache $B PYTHONPATH=$B JJKG_RESULT_CACHE_MB=0 .venv/bin/python bench/run.py --sizes 10m --kinds "page projects" --peer-stores "" --no-inprocess
run after-wrk-nocache $A JJKG_RESULT_CACHE_MB=0 .venv/bin/python bench/run.py --sizes 10m --kinds "page projects" --peer-stores "" --no-inprocess
echo done >> $OUT/runs.log
