#!/usr/bin/env bash
# The main job, end to end on sample deliveries: sign a cmdop event as the sender would, verify it
# as a receiver must before parsing, reject a tampered copy, then parse one delivery from each
# product into the same summary shape.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build -q -p fleethooks-cli
fleethooks=target/debug/fleethooks
body=crates/fleethooks-cli/tests/fixtures/machine_offline.json
export FLEETHOOKS_DEMO_SECRET='whsec_5f0b7c2e9a4d4b1f'

signature=$("$fleethooks" sign --secret-env FLEETHOOKS_DEMO_SECRET "$body")
echo "X-Cmdop-Signature: $signature"

"$fleethooks" verify --secret-env FLEETHOOKS_DEMO_SECRET --signature "$signature" "$body"
echo "verify: signature valid for $body"

if sed 's/offline/online/' "$body" |
  "$fleethooks" verify --secret-env FLEETHOOKS_DEMO_SECRET --signature "$signature" -; then
  echo "verify: a tampered body was accepted" >&2
  exit 1
else
  echo "verify: tampered body rejected (exit $?)"
fi

echo
echo "parse: one summary line per delivery, source told from the body"
for delivery in \
  "$body" \
  crates/fleethooks-jamf/tests/fixtures/computer_check_in.xml \
  crates/fleethooks-jumpcloud/tests/fixtures/alert_open_critical.json; do
  "$fleethooks" parse --source auto "$delivery" | cut -c1-160
done
