#!/bin/bash
# Decodability ceilings (relu bottleneck G × K, n_f-way factor tasks, the same 64 × 64 / 32768 / 60-epoch cosine budget), seeds 101–103.
cd /work/wt-sci-research
L=research/logs/general-heldout.log
ceil() { node research/general-run.mjs "{\"card\":$1,\"G\":$2,\"K\":$3,\"seeds\":[101,102,103],\"log\":\"$L\",\"tag\":\"ceil-P1\",\"mode\":\"ceiling\"}"; }
ceil '[5,8,3,6]' 4 8
ceil '[3,6,8,4,7]' 5 8
ceil '[2,7,5,8,3,6]' 6 8
ceil '[7,7,7]' 3 8
ceil '[4,4,4,4]' 6 6
ceil '[6,6,6,6]' 4 6
ceil '[3,5,2,4]' 4 6
