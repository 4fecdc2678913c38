#!/bin/bash
# Queue 2 (tuning): the RECIPE (head L2 1e-3) and RECIPE + group dropout 0.1 on the structure-limited tuning shapes.
cd "$(dirname "$0")/../.."
while pgrep -f 'general-run.mjs.*"card":\[7,7,7\].*recipe-l2-1e-3' >/dev/null; do sleep 5; done
L=research/logs/sci-tune.log
R='"regroup":{"every":3},"headL2":1e-3'
nice -n 5 node research/general-run.mjs "{\"card\":[4,4,4,4],\"G\":6,\"K\":6,$R,\"seeds\":[1,2,3,4,5],\"log\":\"$L\",\"tag\":\"recipe-l2-1e-3\"}"
for s in '"card":[4,4,4,4],"G":6,"K":6' '"card":[7,7,7],"G":3,"K":8'; do
  nice -n 5 node research/general-run.mjs "{$s,$R,\"train\":{\"groupDropout\":0.1},\"seeds\":[1,2,3,4,5],\"log\":\"$L\",\"tag\":\"recipe+gd0.1\"}"
done
