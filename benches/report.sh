#!/usr/bin/env bash
# Regenerates benches/REPORT.md: builds, runs the criterion `report` bench, the allocation
# counter, the instruction counts (with valgrind), the Python comparisons, the load matrix and
# the fault runs, then writes the report.
#
#   benches/report.sh            # everything (about 15 minutes on 2 cores)
#
# Knobs (environment):
#   CARGO_TARGET_DIR      where to build (default: the workspace's target/)
#   BENCH_VENV            the Python venv (default /work/venv-bench; created by python/install.sh)
#   BENCH_SKIP            space-separated parts to skip: criterion python load faults
#   BENCH_PAUSE_PATTERN   a `pgrep -f` pattern of processes to pause (SIGSTOP, by pid) during each
#                         measurement and resume (SIGCONT) right after, also on failure
#   BENCH_QUIET_WAIT      seconds to wait for running rustc builds to end before measuring (600)
#   LOAD_STEPS, LOAD_SECONDS, LOAD_TARGETS   see load/run.sh
#   CRITERION_ARGS        (default "--warm-up-time 1 --measurement-time 3")
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target}
export BENCH_VENV=${BENCH_VENV:-/work/venv-bench}
skip=" ${BENCH_SKIP:-} "
criterion_args=${CRITERION_ARGS:---warm-up-time 1 --measurement-time 3}
export LOAD_SECONDS=${LOAD_SECONDS:-5}
export PY_BENCH_REPEAT=${PY_BENCH_REPEAT:-7}
results=$CARGO_TARGET_DIR/bench-results
rm -rf "$results"
mkdir -p "$results"

paused=""
bench_pause() {
  [ -n "${BENCH_PAUSE_PATTERN:-}" ] || return 0
  paused=$(pgrep -f "$BENCH_PAUSE_PATTERN" | grep -vx "$$" || true)
  for pid in $paused; do kill -STOP "$pid" 2>/dev/null || true; done
}
bench_resume() {
  for pid in ${paused:-}; do kill -CONT "$pid" 2>/dev/null || true; done
  paused=""
}
export -f bench_pause bench_resume
export BENCH_PAUSE_PATTERN
trap bench_resume EXIT INT TERM

step() { printf '\n==> %s\n' "$*" >&2; }

step "build (release): fleethooks, bare, loadgen, allocs, the report bench"
cargo build --release --locked -p fleethooks-cli
cargo build --release --locked -p fleethooks-benches --bins
cargo bench --locked -p fleethooks-benches --bench report --no-run

if [[ $skip != *" python "* ]]; then
  step "python venv ($BENCH_VENV)"
  bash benches/python/install.sh || { echo "the Python side could not be installed: its rows will be n/a" >&2; skip="$skip python "; }
fi

quiet_note=""
wait_quiet() {
  local waited=0 limit=${BENCH_QUIET_WAIT:-600}
  while pgrep -x rustc >/dev/null 2>&1; do
    if [ "$waited" -ge "$limit" ]; then
      quiet_note="rustc builds were still running after ${limit} s of waiting; measured anyway."
      return
    fi
    sleep 5
    waited=$((waited + 5))
  done
  quiet_note="No rustc build was running when measuring began (waited ${waited} s)."
}
step "waiting for other builds to end"
wait_quiet
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

if [[ $skip != *" criterion "* ]]; then
  step "criterion: report bench ($criterion_args)"
  rm -rf "$CARGO_TARGET_DIR/criterion/report_verify" "$CARGO_TARGET_DIR/criterion/report_receive" "$CARGO_TARGET_DIR/criterion/report_parse"
  bench_pause
  # shellcheck disable=SC2086
  cargo bench --locked -p fleethooks-benches --bench report -- $criterion_args >"$results/criterion.txt" 2>&1 \
    || { bench_resume; cat "$results/criterion.txt" >&2; exit 1; }
  "$CARGO_TARGET_DIR/release/allocs" >"$results/allocs.jsonl"
  bench_resume
  # Instruction counts of the parse goals' cases under callgrind: load cannot move them, so
  # they stand beside the time ratios, which a shared machine can.
  if command -v valgrind >/dev/null 2>&1; then
    bash benches/instructions.sh 1000 json:ComputerCheckIn value:ComputerCheckIn \
      xml:ComputerCheckIn rawwalk:ComputerCheckIn cmdop cmdopvalue >"$results/instructions.txt" \
      || echo "instruction counts failed: the goals show times only" >&2
  else
    echo "valgrind not found: the goals show times only (apt-get install valgrind)" >&2
  fi
  mkdir -p "$results/criterion"
  cp -r "$CARGO_TARGET_DIR/criterion/report_verify" "$CARGO_TARGET_DIR/criterion/report_receive" \
    "$CARGO_TARGET_DIR/criterion/report_parse" "$results/criterion/"
fi

if [[ $skip != *" python "* ]]; then
  step "python comparisons"
  bench_pause
  "$BENCH_VENV/bin/python" benches/python/bench.py >"$results/python.jsonl" || echo "python bench failed" >&2
  bench_resume
fi

parts=""
[[ $skip == *" load "* ]] || parts="load"
[[ $skip == *" faults "* ]] || parts="$parts faults"
for part in $parts; do
  step "$part (benches/load/run.sh)"
  bash benches/load/run.sh "$results" "$part"
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=false
git diff --quiet HEAD -- 2>/dev/null || dirty=true
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
python3 - "$results/machine.json" <<EOF
import json, sys
json.dump({
    "cpu": """$cpu""",
    "cores": $(nproc),
    "memory": "$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)",
    "kernel": "$(uname -r)",
    "date": "$(date -u '+%Y-%m-%d %H:%M UTC')",
    "commit": "$commit",
    "dirty": $([ "$dirty" = true ] && echo True || echo False),
    "rustc": "$(rustc --version)",
    "python": "$("$BENCH_VENV/bin/python" -c 'import sys; print(sys.version.split()[0])' 2>/dev/null || echo n/a)",
    "load_before": "$load_before",
    "load_after": "$load_after",
    "quiet_note": "$quiet_note",
    "settings": {"criterion_args": "$criterion_args", "load_seconds": "$LOAD_SECONDS", "python_repeat": "$PY_BENCH_REPEAT"},
}, open(sys.argv[1], "w"), indent=1)
EOF

step "writing benches/REPORT.md"
python3 benches/report.py "$results" >benches/REPORT.md
echo "benches/REPORT.md written (raw results in $results)" >&2
