#!/bin/bash
# sci2 held-out judgement (M1–M4, seeds 301–310): RECIPE (head L2 1e-3) with 5 restarts, every restart logged.
# Control = restart 0 of each seed (the unchanged RECIPE, bit for bit); procedure = best of 5 by the final
# penalized training objective (research/restarts-table.mjs). Two runners: bash research/logs/sci2-heldout.sh 1 / 2
cd "$(dirname "$0")/../.."
B='"headL2":1e-3,"R":5,"seeds":[301,302,303,304,305,306,307,308,309,310],"log":"research/logs/sci2-heldout.log","tag":"recipe-R5"'
if [ "$1" = 1 ]; then
  node research/general-run.mjs "{\"card\":[5,5,5],\"G\":3,\"K\":5,$B}"
  node research/general-run.mjs "{\"card\":[4,4,4,4,4],\"G\":5,\"K\":4,$B}"
else
  node research/general-run.mjs "{\"card\":[3,4,5,6],\"G\":4,\"K\":6,$B}"
  node research/general-run.mjs "{\"card\":[2,3,4],\"G\":4,\"K\":5,$B}"
fi
