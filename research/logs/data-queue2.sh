#!/bin/sh
# the exact queue run for docs/research/data.md (one process at a time): waits for queue 1
cd /work/wt-sci-data
while kill -0 $(cat /tmp/queue1.pid) 2>/dev/null; do sleep 5; done
node research/data-run.mjs research/logs/data-dsprites-c64.log "$(cat research/logs/data-dsprites-c64.json)"
node research/data-run.mjs research/logs/data-dsprites-b.log "$(cat research/logs/data-dsprites-b.json)"
