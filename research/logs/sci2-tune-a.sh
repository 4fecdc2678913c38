#!/bin/bash
# sci2 tuning, runner A (normal priority): RECIPE (head L2 1e-3) + 5 restarts, seeds 1–5.
cd "$(dirname "$0")/../.."
B='"headL2":1e-3,"R":5,"seeds":[1,2,3,4,5],"log":"research/logs/sci2-tune.log","tag":"recipe-R5"'
node research/general-run.mjs "{\"card\":[3,5,2,4],\"G\":4,\"K\":6,$B}"
node research/general-run.mjs "{\"card\":[7,7,7],\"G\":3,\"K\":8,$B}"
node research/general-run.mjs "{\"card\":[5,8,3,6],\"G\":4,\"K\":8,$B}"
