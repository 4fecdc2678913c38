#!/bin/bash
# Pre-registration 2 of docs/research/precision.md (written 13:15 on 2026-12-07): best of 5 with 32768 (BP)
# vs 65536 (BD) samples on the held-out shapes Y1 6,5,6 on 3 × 6 and Y2 4,6,2,6 on 4 × 6, seeds 801–810.
# Resumable: general-run.mjs skips restarts already in the log. WTANET_DIST: a build of the commit to judge.
# SEEDS (optional): a subset, so two copies can share the seeds on two cores (same runs, same log).
cd "$(dirname "$0")/.."
L=research/logs/data-bestof-heldout.log
for seed in ${SEEDS:-801 802 803 804 805 806 807 808 809 810}; do
  for shape in '"card":[6,5,6],"G":3,"K":6' '"card":[4,6,2,6],"G":4,"K":6'; do
    for arm in 'BP 32768' 'BD 65536'; do
      set -- $arm
      nice -n 5 node research/general-run.mjs "{$shape,\"hidden\":[128,128,128],\"headL2\":0.001,\"pretrain\":{\"epochs\":10},\"nTrain\":$2,\"seeds\":[$seed],\"R\":5,\"tag\":\"Y-$1\",\"log\":\"$L\"}"
    done
  done
done
