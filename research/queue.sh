#!/bin/sh
# Runs one research script over a queue of JSON configs, one after another, appending each
# result line to a log in research/logs/ (how the logs there were made).
#
#   sh research/queue.sh SCRIPT LOG CONFIG...
#   sh research/queue.sh entangled-decode decode.log '{"epochs":24}' '{"epochs":100}'
#   WTANET_DIST=/tmp/other-dist sh research/queue.sh entangled-wta wta.log '{"epochs":60,"groups":8}'
#
# SCRIPT is a research/*.mjs name without .mjs; WTANET_DIST (a dist/ folder of another build)
# is passed on to the scripts that read it. Runs at nice 5, so the machine stays usable.
set -e
[ $# -ge 3 ] || { echo "usage: sh research/queue.sh SCRIPT LOG CONFIG..." >&2; exit 2; }
script=$1; log=$2; shift 2
cd "$(dirname "$0")/.."
[ -f "research/$script.mjs" ] || { echo "queue.sh: no research/$script.mjs" >&2; exit 2; }
mkdir -p research/logs
for config in "$@"; do
  nice -n 5 node "research/$script.mjs" "$config" >> "research/logs/$log" 2>&1
done
echo "END $script $(date -u +%Y-%m-%dT%H:%M:%SZ)" >> "research/logs/$log"
