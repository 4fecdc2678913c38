#!/bin/sh
# the exact queue run for docs/research/data.md (one process at a time): waits for queue 3
cd /work/wt-sci-data
while kill -0 $(cat /tmp/queue3.pid) 2>/dev/null; do sleep 5; done
node research/data-run.mjs research/logs/data-deep-recipe-a.log "$(cat research/logs/data-deep-recipe-a.json)"
node research/data-run.mjs research/logs/data-deep-recipe-b.log "$(cat research/logs/data-deep-recipe-b.json)"
node research/data-run.mjs research/logs/data-additive-b.log "$(cat research/logs/data-additive-b.json)"
