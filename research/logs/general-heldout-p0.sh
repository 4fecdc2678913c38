#!/bin/bash
# Control: the unchanged procedure (revival by noisy copies) on the held-out shapes, seeds 101–110.
cd /work/wt-sci-research
L=research/logs/general-heldout.log; S='[101,102,103,104,105,106,107,108,109,110]'
run() { node research/general-run.mjs "{\"card\":$1,\"G\":$2,\"K\":$3,\"seeds\":$S,\"log\":\"$L\",\"tag\":\"P0\",\"regroup\":{\"every\":3}}"; }
run '[4,4,4,4]' 6 6
run '[5,8,3,6]' 4 8
run '[3,6,8,4,7]' 5 8
run '[2,7,5,8,3,6]' 6 8
run '[7,7,7]' 3 8
