#!/bin/bash
# sci2 tuning, runner C (replaces the tails of runners A and B at 00:42 to fit the time): after runner B's
# 4,4,4,4 process (pid $1) ends, 6,6,6,6 and 5,8,3,6 with seeds 1–3 only (precision-limited shapes).
cd "$(dirname "$0")/../.."
while kill -0 "$1" 2>/dev/null; do sleep 5; done
B='"headL2":1e-3,"R":5,"seeds":[1,2,3],"log":"research/logs/sci2-tune.log","tag":"recipe-R5"'
node research/general-run.mjs "{\"card\":[6,6,6,6],\"G\":4,\"K\":6,$B}"
node research/general-run.mjs "{\"card\":[5,8,3,6],\"G\":4,\"K\":8,$B}"
