#!/bin/sh
# the exact queue run for docs/research/data.md (one process at a time): waits for queue 1
cd /work/wt-sci-data

node research/data-run.mjs research/logs/data-dsprites-c64.log "$(cat research/logs/data-dsprites-c64.json)"
node research/data-run.mjs research/logs/data-dsprites-b.log "$(cat research/logs/data-dsprites-b.json)"
