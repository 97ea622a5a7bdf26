#!/usr/bin/env bash
# The main job, end to end on a sample delivery: sign a cmdop event as the sender would, verify it
# as a receiver must before parsing, show a tampered body being rejected.
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
