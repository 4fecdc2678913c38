#!/bin/bash
# sci2, after the held-out M runners (pid $2) end: runner 1 → question 3 on 3,3,6,6 (sizing rule, 3 restarts, seeds 1–2),
# then the final procedure on N3 (4,4,4 on 5 × 5) seeds 201–205; runner 2 → N3 seeds 206–210, then N1 (5,5,5,5 on 4 × 5).
# The N rows (seeds 201–210) run the procedure only; their RECIPE control is research/logs/sci-heldout.log (control-recipe)
# — and restart 0 of these runs, which is the same RECIPE run.
cd "$(dirname "$0")/../.."
while kill -0 "$2" 2>/dev/null; do sleep 5; done
N='"headL2":1e-3,"R":5,"log":"research/logs/sci2-heldout-n.log","tag":"recipe-R5"'
if [ "$1" = 1 ]; then
  node research/general-run.mjs '{"card":[3,3,6,6],"G":4,"K":6,"seeds":[1,2],"headL2":1e-3,"R":3,"hidden":[128,128,128],"log":"research/logs/sci2-tune.log","tag":"S-R3"}'
  node research/general-run.mjs "{\"card\":[4,4,4],\"G\":5,\"K\":5,\"seeds\":[201,202,203,204,205],$N}"
  node research/general-run.mjs "{\"card\":[5,5,5,5],\"G\":4,\"K\":5,\"seeds\":[201,202,203,204,205],$N}"
else
  node research/general-run.mjs "{\"card\":[4,4,4],\"G\":5,\"K\":5,\"seeds\":[206,207,208,209,210],$N}"
  node research/general-run.mjs "{\"card\":[5,5,5,5],\"G\":4,\"K\":5,\"seeds\":[206,207,208,209,210],$N}"
fi
