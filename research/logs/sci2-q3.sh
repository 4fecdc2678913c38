#!/bin/bash
# sci2 question 3 (precision): RECIPE + sizing rule (G·K = 24 > 16 → 128 × 128 × 128) + 3 restarts. Waits for pid $1.
cd "$(dirname "$0")/../.."
while kill -0 "$1" 2>/dev/null; do sleep 5; done
B='"headL2":1e-3,"R":3,"hidden":[128,128,128],"log":"research/logs/sci2-tune.log","tag":"S-R3"'
node research/general-run.mjs "{\"card\":[6,6,6,6],\"G\":4,\"K\":6,\"seeds\":[1,2],$B}"
