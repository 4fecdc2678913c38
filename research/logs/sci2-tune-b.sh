#!/bin/bash
# sci2 tuning, runner B (normal priority): RECIPE (head L2 1e-3) + 5 restarts, seeds 1–5.
cd "$(dirname "$0")/../.."
B='"headL2":1e-3,"R":5,"seeds":[1,2,3,4,5],"log":"research/logs/sci2-tune.log","tag":"recipe-R5"'
node research/general-run.mjs "{\"card\":[4,4,4,4],\"G\":6,\"K\":6,$B}"
node research/general-run.mjs "{\"card\":[6,6,6,6],\"G\":4,\"K\":6,$B}"
