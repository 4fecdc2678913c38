#!/bin/bash
# The pre-registered held-out judgement of the data rule (docs/research/precision.md, written 10:25 on
# 2026-12-07): per seed, P (RECIPE + sizing + pretraining, 32768 samples) then D (65536), Z1 then Z2.
# Resumable: general-run.mjs skips seeds already in the log. WTANET_DIST: a build of the commit to judge.
# SEEDS (optional): a subset, so two copies can share the seeds on two cores (same runs, same log).
cd "$(dirname "$0")/.."
L=research/logs/data-heldout.log
for seed in ${SEEDS:-701 702 703 704 705 706 707 708 709 710}; do
  for shape in '"card":[6,4,6,3],"G":4,"K":6' '"card":[5,6,4,6,2],"G":5,"K":6'; do
    node research/general-run.mjs "{$shape,\"hidden\":[128,128,128],\"headL2\":0.001,\"pretrain\":{\"epochs\":10},\"nTrain\":32768,\"seeds\":[$seed],\"tag\":\"Z-P\",\"log\":\"$L\"}"
    node research/general-run.mjs "{$shape,\"hidden\":[128,128,128],\"headL2\":0.001,\"pretrain\":{\"epochs\":10},\"nTrain\":65536,\"seeds\":[$seed],\"tag\":\"Z-D\",\"log\":\"$L\"}"
  done
done
