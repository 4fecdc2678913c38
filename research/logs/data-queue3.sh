#!/bin/sh
# the exact queue run for docs/research/data.md (one process at a time): waits for queue 2
cd /work/wt-sci-data
while kill -0 $(cat /tmp/queue2.pid) 2>/dev/null; do sleep 5; done
node research/data-run.mjs research/logs/data-dsprites-c64big.log "$(cat research/logs/data-dsprites-c64big.json)"
