#!/bin/bash
# Queue 1 (tuning): RECIPE (head L2 1e-3) vs head L2 0 on the structure-limited tuning shapes, seeds 1–5.
cd "$(dirname "$0")/../.."
L=research/logs/sci-tune.log
R='"regroup":{"every":3}'
for h in 1e-3 0; do
for s in '"card":[7,7,7],"G":3,"K":8' '"card":[4,4,4,4],"G":6,"K":6' '"card":[3,5,2,4],"G":4,"K":6'; do
  nice -n 5 node research/general-run.mjs "{$s,$R,\"headL2\":$h,\"seeds\":[1,2,3,4,5],\"log\":\"$L\",\"tag\":\"recipe-l2-$h\"}"
done; done
