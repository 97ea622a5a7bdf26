#!/usr/bin/env bash
# The load matrix and the fault runs of benches/REPORT.md, on loopback only.
#
#   benches/load/run.sh RESULTS_DIR [load|faults|all]
#
# Needs release builds of `fleethooks` and of the benches' `bare` and `loadgen` in
# $CARGO_TARGET_DIR/release (report.sh builds them), /usr/bin/webhook (Debian's `webhook`),
# nats-server, and the venv of benches/python/install.sh for the Python receiver. Writes one
# JSON line per load step to RESULTS_DIR/load.jsonl and one per fault run to
# RESULTS_DIR/faults.jsonl. Every server it starts it stops again, by pid; every loop is bounded.
#
# Knobs: LOAD_STEPS (1,8,32,128), LOAD_SECONDS (5), LOAD_ROUNDS (3), LOAD_TARGETS (all of them),
# BENCH_VENV (/work/venv-bench). `bench_pause`/`bench_resume` from report.sh, if defined, run
# around each measurement.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
results=${1:?usage: run.sh RESULTS_DIR [load|faults|all]}
what=${2:-all}
mkdir -p "$results"
results=$(cd "$results" && pwd)
bin=${CARGO_TARGET_DIR:-$here/../../target}/release
venv=${BENCH_VENV:-/work/venv-bench}
steps=${LOAD_STEPS:-1,8,32,128}
seconds=${LOAD_SECONDS:-5}
rounds=${LOAD_ROUNDS:-3}
targets=${LOAD_TARGETS:-bare serve-devnull serve-file serve-exec webhook webhook-wait python}
work=$(mktemp -d "${TMPDIR:-/tmp}/fleethooks-load.XXXXXX")
# The durable targets write beside the build, on a real disk even where /tmp is a tmpfs.
mkdir -p "$bin"
disk=$(mktemp -d "$bin/../load.XXXXXX")

export LOADGEN_JAMF_USER=jamf-hooks
export LOADGEN_JAMF_PASSWORD=c0rrect-h0rse-b4ttery
export LOADGEN_JUMPCLOUD_TOKEN=jc_5f2b8c0e9a7d4e1b6c3a
export LOADGEN_CMDOP_SECRET=whsec_7c1d9e3f5a2b4c6d8e0f1a3b
LOADGEN_JAMF_BASIC="Basic $(printf '%s:%s' "$LOADGEN_JAMF_USER" "$LOADGEN_JAMF_PASSWORD" | base64 -w0)"
export LOADGEN_JAMF_BASIC
export FLEETHOOKS_LOG=${FLEETHOOKS_LOG:-info}

type bench_pause >/dev/null 2>&1 || bench_pause() { :; }
type bench_resume >/dev/null 2>&1 || bench_resume() { :; }

pids=()
cleanup() {
  bench_resume
  for pid in "${pids[@]:-}"; do
    [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null || true
  done
  rm -rf "$work" "$disk"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# Waits until PORT accepts connections (at most 20 s).
wait_port() {
  local port=$1 pid=$2
  for _ in $(seq 200); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    kill -0 "$pid" 2>/dev/null || { echo "server $pid exited before listening" >&2; return 1; }
    sleep 0.1
  done
  echo "nothing listens on $port after 20 s" >&2
  return 1
}

# Stops PID with SIGTERM (SIGKILL after 15 s) and waits for it.
stop() {
  local pid=$1
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 150); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# A serve config on PORT with the three sources and TOP's extra top-level keys.
serve_config() {
  local path=$1 port=$2 top=$3 tail=${4:-}
  cat >"$path" <<EOF
listen = "127.0.0.1:$port"
dedup_window_secs = 3600
$top

[jamf]
auth = "basic"
username_env = "LOADGEN_JAMF_USER"
password_env = "LOADGEN_JAMF_PASSWORD"

[jumpcloud]
auth = "token"
token_env = "LOADGEN_JUMPCLOUD_TOKEN"

[cmdop]
secrets_env = "LOADGEN_CMDOP_SECRET"
$tail
EOF
}

# Starts target NAME; sets $server_pid and $server_url (and $prefix).
start_target() {
  local name=$1 port
  port=$(free_port)
  prefix=""
  case $name in
    bare)
      "$bin/bare" "127.0.0.1:$port" 2>"$work/$name.log" & server_pid=$! ;;
    serve-devnull)
      serve_config "$work/$name.toml" "$port" 'output = "/dev/null"'
      "$bin/fleethooks" serve --config "$work/$name.toml" >/dev/null 2>"$work/$name.log" & server_pid=$! ;;
    serve-file)
      rm -f "$disk/events.jsonl"
      serve_config "$work/$name.toml" "$port" "output = \"$disk/events.jsonl\""
      "$bin/fleethooks" serve --config "$work/$name.toml" >/dev/null 2>"$work/$name.log" & server_pid=$! ;;
    serve-exec)
      serve_config "$work/$name.toml" "$port" 'exec = "true"'
      "$bin/fleethooks" serve --config "$work/$name.toml" >/dev/null 2>"$work/$name.log" & server_pid=$! ;;
    webhook|webhook-wait)
      if [ "$name" = webhook-wait ]; then export WEBHOOK_WAIT=true; else export WEBHOOK_WAIT=false; fi
      cp "$here/hooks.json.tmpl" "$work/hooks.json"
      webhook -hooks "$work/hooks.json" -template -ip 127.0.0.1 -port "$port" \
        >"$work/$name.log" 2>&1 & server_pid=$!
      prefix=/hooks ;;
    python)
      rm -f "$disk/python.jsonl"
      (cd "$here" && RECEIVER_OUTPUT="$disk/python.jsonl" exec "$venv/bin/python" -m uvicorn receiver:app \
        --host 127.0.0.1 --port "$port" >"$work/$name.log" 2>&1) & server_pid=$! ;;
    *) echo "unknown target $name" >&2; return 1 ;;
  esac
  pids+=("$server_pid")
  wait_port "$port" "$server_pid"
  server_url="http://127.0.0.1:$port"
}

versions() {
  {
    printf '{"tool":"webhook","version":"%s"}\n' "$(webhook -version 2>&1 | awk '{print $3}')"
    printf '{"tool":"python","version":"%s"}\n' "$("$venv/bin/python" -c 'import sys,fastapi,uvicorn; print(sys.version.split()[0], "fastapi", fastapi.__version__, "uvicorn", uvicorn.__version__)' 2>/dev/null || echo missing)"
    printf '{"tool":"nats-server","version":"%s"}\n' "$( (nats-server --version 2>/dev/null || /usr/sbin/nats-server --version) | head -1)"
  } >>"$results/versions.jsonl"
}

# Every target in turn, LOAD_ROUNDS times over (rounds interleave the targets, so a neighbour's
# burst of work hits them alike); the report takes each step's median round and shows the range.
run_load() {
  : >"$results/load.jsonl"
  for round in $(seq "$rounds"); do
    for name in $targets; do
      echo "load: round $round, $name" >&2
      start_target "$name"
      bench_pause
      "$bin/loadgen" run --url "$server_url" --prefix "$prefix" --concurrency "$steps" \
        --duration "$seconds" --warmup 1 --pid "$server_pid" --label "$name" \
        | sed "s/^{/{\"round\":$round,/" >>"$results/load.jsonl" || echo "loadgen failed on $name" >&2
      bench_resume
      stop "$server_pid"
    done
  done
}

# One fault run: its name, then the loadgen check's line, as one JSON line.
record_fault() {
  local name=$1 check=$2 note=$3
  printf '{"fault":"%s","note":"%s","check":%s}\n' "$name" "$note" "$check" >>"$results/faults.jsonl"
}

# Loadgen as a retrying sender for SECS seconds at concurrency C, in the background.
retrying_load() {
  local url=$1 ledger=$2 c=$3 secs=$4 deadline=$5 extra=${6:-}
  # shellcheck disable=SC2086
  "$bin/loadgen" run --url "$url" --concurrency "$c" --duration "$secs" --warmup 0 \
    --ledger "$ledger" --retry-deadline "$deadline" --label fault $extra >/dev/null &
  load_pid=$!
}

check_files() {
  local ledger=$1; shift
  local args=()
  for f in "$@"; do args+=(--output "$f"); done
  "$bin/loadgen" check --ledger "$ledger" "${args[@]}" || true
}

# SIGKILL or SIGTERM mid-load, then a restart on the same port and output.
fault_signal() {
  local signal=$1 port out="$disk/signal-$1.jsonl" ledger="$work/signal-$1.ledger"
  port=$(free_port)
  rm -f "$out"
  serve_config "$work/signal.toml" "$port" "output = \"$out\""
  "$bin/fleethooks" serve --config "$work/signal.toml" >/dev/null 2>>"$work/signal.log" & server_pid=$!
  pids+=("$server_pid")
  wait_port "$port" "$server_pid"
  retrying_load "http://127.0.0.1:$port" "$ledger" 32 6 30 "--abort-every 50"
  sleep 2
  kill "-$signal" "$server_pid"
  wait "$server_pid" 2>/dev/null || true
  sleep 0.5
  "$bin/fleethooks" serve --config "$work/signal.toml" >/dev/null 2>>"$work/signal.log" & server_pid=$!
  pids+=("$server_pid")
  wait_port "$port" "$server_pid"
  wait "$load_pid" || true
  stop "$server_pid"
  record_fault "$signal mid-load, restart" "$(check_files "$ledger" "$out")" \
    "32 retrying senders for 6 s, every 50th event cut off mid-body; $signal after 2 s; restart 0.5 s later on the same port and output"
}

# The NATS server killed mid-load and restarted on its store.
fault_nats() {
  local nport sport ledger="$work/nats.ledger" store="$work/nats-store" nats_pid
  nport=$(free_port)
  sport=$(free_port)
  local nats_bin
  nats_bin=$(command -v nats-server || echo /usr/sbin/nats-server)
  "$nats_bin" -a 127.0.0.1 -p "$nport" -js -sd "$store" >/dev/null 2>&1 & nats_pid=$!
  pids+=("$nats_pid")
  wait_port "$nport" "$nats_pid"
  serve_config "$work/nats.toml" "$sport" 'output = "/dev/null"' "
[forward]
url = \"nats://127.0.0.1:$nport\"
ack_timeout_secs = 2
"
  "$bin/fleethooks" serve --config "$work/nats.toml" >/dev/null 2>"$work/nats-serve.log" & server_pid=$!
  pids+=("$server_pid")
  wait_port "$sport" "$server_pid"
  retrying_load "http://127.0.0.1:$sport" "$ledger" 32 8 40
  sleep 2
  kill -KILL "$nats_pid"; wait "$nats_pid" 2>/dev/null || true
  sleep 2
  "$nats_bin" -a 127.0.0.1 -p "$nport" -js -sd "$store" >/dev/null 2>&1 & nats_pid=$!
  pids+=("$nats_pid")
  wait "$load_pid" || true
  stop "$server_pid"
  local check
  check=$("$bin/loadgen" check --ledger "$ledger" --nats "nats://127.0.0.1:$nport" --stream FLEETHOOKS || true)
  stop "$nats_pid"
  record_fault "NATS killed mid-load, restarted" "$check" \
    "32 retrying senders for 8 s to serve --forward; nats-server SIGKILLed after 2 s, restarted 2 s later on its store"
}

# A sink that always fails: every answer must be a retry, nothing stored.
fault_sink() {
  local name=$1 top=$2 note=$3 port out ledger="$work/sink.ledger"
  port=$(free_port)
  serve_config "$work/sink.toml" "$port" "$top"
  "$bin/fleethooks" serve --config "$work/sink.toml" >/dev/null 2>"$work/sink.log" & server_pid=$!
  pids+=("$server_pid")
  wait_port "$port" "$server_pid"
  retrying_load "http://127.0.0.1:$port" "$ledger" 16 3 0
  wait "$load_pid" || true
  stop "$server_pid"
  out=$(grep -o 'output = "[^"]*"' "$work/sink.toml" | cut -d'"' -f2 || true)
  [ -z "$out" ] && out=/dev/null
  [ -f "$out" ] || out=/dev/null
  record_fault "$name" "$(check_files "$ledger" "$out")" "$note"
}

# The output's directory removed mid-load (its file kept by a hard link), recreated 2 s later.
fault_removed_dir() {
  local port dir="$disk/removed" ledger="$work/removed.ledger"
  port=$(free_port)
  mkdir -p "$dir"
  serve_config "$work/removed.toml" "$port" "output = \"$dir/events.jsonl\""
  "$bin/fleethooks" serve --config "$work/removed.toml" >/dev/null 2>"$work/removed.log" & server_pid=$!
  pids+=("$server_pid")
  wait_port "$port" "$server_pid"
  retrying_load "http://127.0.0.1:$port" "$ledger" 16 6 20
  sleep 1.5
  ln "$dir/events.jsonl" "$disk/removed-before.jsonl"
  rm -rf "$dir"
  sleep 2
  mkdir -p "$dir"
  wait "$load_pid" || true
  stop "$server_pid"
  record_fault "output directory removed mid-load, recreated" \
    "$(check_files "$ledger" "$disk/removed-before.jsonl" "$dir/events.jsonl")" \
    "16 retrying senders for 6 s; the output's directory removed after 1.5 s (the file kept by a hard link, counted), recreated 2 s later"
}

run_faults() {
  : >"$results/faults.jsonl"
  echo "faults: signals" >&2
  fault_signal KILL
  fault_signal TERM
  echo "faults: nats" >&2
  fault_nats
  echo "faults: sinks" >&2
  fault_sink "exec command failing" 'exec = "exit 3"' \
    "16 senders for 3 s, each event sent once; exec exits 3: every answer must be a retry, nothing stored"
  fault_sink "exec command hanging" $'exec = "sleep 30"\nexec_timeout_secs = 1\nexec_concurrency = 16' \
    "16 senders for 3 s, each event sent once; exec sleeps 30 s, killed at its 1 s timeout: every answer must be a retry, nothing stored"
  fault_sink "output /dev/full" 'output = "/dev/full"' \
    "16 senders for 3 s, each event sent once, to an output that is always full: every answer must be a retry, nothing stored"
  fault_removed_dir
}

versions
case $what in
  load) run_load ;;
  faults) run_faults ;;
  all) run_load; run_faults ;;
  *) echo "usage: run.sh RESULTS_DIR [load|faults|all]" >&2; exit 2 ;;
esac
