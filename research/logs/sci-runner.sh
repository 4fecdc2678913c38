#!/bin/bash
# Runs the lines of a queue file (one general-run.mjs JSON argument per line) one at a time, in order;
# lines appended while it runs are picked up. Waits for a PID first if given.
#   research/logs/sci-runner.sh research/logs/sci-queue.txt [pid]
cd "$(dirname "$0")/../.."
Q=$1; [ -n "$2" ] && while kill -0 "$2" 2>/dev/null; do sleep 5; done
i=1
while true; do
  line=$(sed -n "${i}p" "$Q")
  if [ -z "$line" ]; then sleep 10; line=$(sed -n "${i}p" "$Q"); [ -z "$line" ] && { sleep 20; continue; }; fi
  case "$line" in '#'*) i=$((i+1)); continue;; esac
  echo "$(date +%T) start line $i" >&2
  nice -n 5 node research/general-run.mjs "$line"
  i=$((i+1))
done
