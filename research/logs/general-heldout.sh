#!/bin/bash
# Held-out judgement (issue 17): the chosen procedure on the held-out shapes, seeds 101–110, then the
# decodability ceilings (relu bottleneck, factor tasks, same budget) on seeds 101–103.
# Usage: bash research/logs/general-heldout.sh '<procedure JSON fragment>' TAG
cd /work/wt-sci-research
P="$1"; TAG="$2"; L=research/logs/general-heldout.log
S='[101,102,103,104,105,106,107,108,109,110]'
run() { node research/general-run.mjs "{\"card\":$1,\"G\":$2,\"K\":$3,\"seeds\":$S,\"log\":\"$L\",\"tag\":\"$TAG\",$P}"; }
ceil() { node research/general-run.mjs "{\"card\":$1,\"G\":$2,\"K\":$3,\"seeds\":[101,102,103],\"log\":\"$L\",\"tag\":\"ceil-$TAG\",\"mode\":\"ceiling\",$P}"; }
run '[4,4,4,4]' 6 6
run '[5,8,3,6]' 4 8
run '[3,6,8,4,7]' 5 8
run '[2,7,5,8,3,6]' 6 8
run '[7,7,7]' 3 8
ceil '[5,8,3,6]' 4 8
ceil '[3,6,8,4,7]' 5 8
ceil '[2,7,5,8,3,6]' 6 8
ceil '[7,7,7]' 3 8
ceil '[4,4,4,4]' 6 6
run '[6,6,6,6]' 4 6
run '[3,5,2,4]' 4 6
