#!/usr/bin/env bash
# The main job, unattended: start `fleethooks serve` with no config (loopback, three sources,
# fresh credentials), deliver a simulated event of every source with the commands it prints,
# show that a tampered cmdop delivery is refused, show the stored lines, and stop it.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build -q --release -p fleethooks-cli
fleethooks=target/release/fleethooks
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

"$fleethooks" serve --listen 127.0.0.1:0 --output "$work/events.jsonl" 2>"$work/serve.log" &
server=$!
for _ in $(seq 100); do
  grep -q 'listening on' "$work/serve.log" 2>/dev/null && break
  sleep 0.1
done
sed -n '1,/^Or with curl/p' "$work/serve.log" | sed '$d'

# The banner's own commands, as printed (credentials are read from the files it names).
grep -E '^  .* simulate .* \| .* send ' "$work/serve.log" | while read -r line; do
  echo "\$ ${line#  }"
  bash -c "$line"
done

echo
echo "\$ a cmdop event signed for another body is refused before it is parsed:"
secret=$(grep -o -- '--secret-file [^ ]*' "$work/serve.log" | head -1 | cut -d' ' -f2)
"$fleethooks" simulate cmdop machine.offline >"$work/event.json"
signature=$("$fleethooks" sign --secret-file "$secret" "$work/event.json")
sed 's/offline/online/' "$work/event.json" >"$work/tampered.json"
curl -sS "$(grep -o 'http://[^ ]*' "$work/serve.log" | head -1)/cmdop" \
  -H 'Content-Type: application/json' -H "X-Cmdop-Signature: $signature" \
  --data-binary @"$work/tampered.json" -w ' (HTTP %{http_code})\n'

echo
echo "stored, one summary line per accepted event ($work/events.jsonl):"
cut -c1-160 "$work/events.jsonl"
kill -TERM "$server"
wait "$server"
echo "serve stopped cleanly (exit $?)"
