#!/bin/bash
# Post-hoc diagnostic (after the held-out judgement; NOT a judged result): over-complete 6 × 6 on 4,4,4,4 data,
# seeds 1–4: does a head L2 penalty consolidate a factor split over two groups into one?
cd /work/wt-sci-research
L=research/logs/general-posthoc.log
node research/general-run.mjs '{"card":[4,4,4,4],"G":6,"K":6,"seeds":[1,2,3,4],"log":"'$L'","tag":"P1-l2e-3","headL2":1e-3,"regroup":{"every":3,"reviveBy":"residual","splitFrom":0.4}}'
node research/general-run.mjs '{"card":[4,4,4,4],"G":6,"K":6,"seeds":[1,2,3,4],"log":"'$L'","tag":"P1","regroup":{"every":3,"reviveBy":"residual","splitFrom":0.4}}'
