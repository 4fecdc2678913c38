#!/bin/sh
# the exact queue run for docs/research/data.md (one process at a time)
cd /work/wt-sci-data
node research/data-deep.mjs research/logs/data-deep.log '{"mixing":"deep","seeds":[1,2,3,4,5],"epochs":30}'
node research/data-run.mjs research/logs/data-dsprites-a.log "$(cat research/logs/data-dsprites-a.json)"
node research/data-run.mjs research/logs/data-additive-a.log "$(cat research/logs/data-additive-a.json)"
node research/data-run.mjs research/logs/data-shapes-b.log "$(cat research/logs/data-shapes-b2.json)"
