#!/usr/bin/env bash
# Instructions per parse under callgrind, for every case of benches/src/bin/instructions.rs:
# (Ir(N) − Ir(0)) / N, which the machine's load does not move. Needs valgrind.
#
#   benches/instructions.sh [N] [CASE…]     # N defaults to 1000; all cases by default
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
command -v valgrind >/dev/null || { echo "valgrind is needed (apt-get install valgrind)" >&2; exit 2; }
n=${1:-1000}
shift || true
cases=("$@")
if [ ${#cases[@]} -eq 0 ]; then
  for name in ComputerCheckIn unknown-members webhook-first SCEPChallenge SmartGroup; do
    cases+=("json:$name" "value:$name")
  done
  for name in ComputerCheckIn unknown-members event-first SCEPChallenge SmartGroup; do
    cases+=("xml:$name" "rawwalk:$name")
  done
  cases+=(alert alertvalue cmdop cmdopvalue receive hmacvalue)
fi
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target}
# The bench profile: release with debug info, as criterion's builds.
cargo build --locked --profile bench -p fleethooks-benches --bin instructions >&2
bin=$CARGO_TARGET_DIR/release/instructions
count() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$1" "$2" 2>&1 \
    | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
printf '%-28s %12s\n' case instructions
for case in "${cases[@]}"; do
  base=$(count "$case" 0)
  total=$(count "$case" "$n")
  printf '%-28s %12d\n' "$case" $(( (total - base) / n ))
done
