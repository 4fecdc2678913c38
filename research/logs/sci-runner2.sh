#!/bin/bash
# As sci-runner.sh, from line $3 on; WTANET_DIST from the environment is passed through.
#   research/logs/sci-runner2.sh <queue> <pid to wait for or ""> <first line>
cd "$(dirname "$0")/../.."
Q=$1; [ -n "$2" ] && while kill -0 "$2" 2>/dev/null; do sleep 5; done
i=${3:-1}
while true; do
  line=$(sed -n "${i}p" "$Q")
  if [ -z "$line" ]; then sleep 15; continue; fi
  case "$line" in '#'*) i=$((i+1)); continue;; esac
  echo "$(date +%T) start line $i" >&2
  nice -n 5 node research/general-run.mjs "$line"
  i=$((i+1))
done
