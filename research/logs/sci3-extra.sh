#!/bin/bash
# issue 17, session sci3, AFTER the Q judgement (exploratory, not part of it): the same procedure P (RECIPE + sizing
# rule → 128 × 128 × 128 + best of 3) on the motivating shape M3 4,4,4,4,4 on 5 × 4 (seeds 301–310, whose RECIPE
# control is in sci2-heldout.log), then P on Q1 extended to 5 restarts (on a copy of the Q1 log, so the judged log
# is untouched). Same claim mechanism as sci3-worker.sh.   research/logs/sci3-extra.sh A|B
cd "$(dirname "$0")/../.."
CLAIMS=${CLAIMS:-/tmp/sci3-claims}; mkdir -p "$CLAIMS"
L=research/logs
M3='"card":[4,4,4,4,4],"G":5,"K":4'; Q1='"card":[3,4,3,4,3],"G":5,"K":4'
BIG='"hidden":[128,128,128]'
job() { mkdir "$CLAIMS/$1" 2>/dev/null || return 0; echo "$(date +%T) $W start $1" >&2
  node research/general-run.mjs "$2" || echo "$(date +%T) $W FAILED $1" >&2; echo "$(date +%T) $W end $1" >&2; }
W=$1
[ -f $L/sci3-q1-P-r5.log ] || { mkdir "$CLAIMS/copy" 2>/dev/null && cp $L/sci3-q1-P.log $L/sci3-q1-P-r5.log; }
for s in 301 302 303 304 305 306 307 308 309 310; do job "P-m3-$s" "{$M3,$BIG,\"headL2\":1e-3,\"R\":3,\"seeds\":[$s],\"log\":\"$L/sci3-m3-P.log\",\"tag\":\"sci3-P\"}"; done
for s in 401 402 403 404 405 406 407 408 409 410; do job "P-q1r5-$s" "{$Q1,$BIG,\"headL2\":1e-3,\"R\":5,\"seeds\":[$s],\"log\":\"$L/sci3-q1-P-r5.log\",\"tag\":\"sci3-P\"}"; done
echo "$(date +%T) $W done" >&2
