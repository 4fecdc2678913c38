#!/bin/bash
# issue 17, session sci3: one worker over a shared job list (one job = one seed, all restarts, of one shape × arm).
# A job is claimed by mkdir (atomic) in $CLAIMS, so two workers never run the same seed; general-run.mjs also skips
# seed/restart pairs already in its log (resumable).   research/logs/sci3-worker.sh A|B
cd "$(dirname "$0")/../.."
CLAIMS=${CLAIMS:-/tmp/sci3-claims}; mkdir -p "$CLAIMS"
L=research/logs
Q1='"card":[3,4,3,4,3],"G":5,"K":4'; Q2='"card":[5,4,5,4],"G":4,"K":5'; Q3='"card":[3,3,3,3,3,3],"G":6,"K":3'
BIG='"hidden":[128,128,128]'; SMALL='"hidden":[64,64]'
SEEDS="401 402 403 404 405 406 407 408 409 410"
job() { # id json
  mkdir "$CLAIMS/$1" 2>/dev/null || return 0
  echo "$(date +%T) $W start $1" >&2
  node research/general-run.mjs "$2" || echo "$(date +%T) $W FAILED $1" >&2
  echo "$(date +%T) $W end $1" >&2
}
P() { for s in $SEEDS; do job "P-$1-$s" "{$2,$BIG,\"headL2\":1e-3,\"R\":3,\"seeds\":[$s],\"log\":\"$L/sci3-$1-P.log\",\"tag\":\"sci3-P\"}"; done; }
C() { for s in $SEEDS; do job "C-$1-$s" "{$2,$SMALL,\"headL2\":1e-3,\"R\":3,\"seeds\":[$s],\"log\":\"$L/sci3-$1-C.log\",\"tag\":\"sci3-C\"}"; done; }
CEIL() { job "ceil-$1-64" "{$2,$SMALL,\"mode\":\"ceiling\",\"seeds\":[401,402,403],\"log\":\"$L/sci3-ceil.log\",\"tag\":\"ceil-64\"}"
         job "ceil-$1-128" "{$2,$BIG,\"mode\":\"ceiling\",\"seeds\":[401,402,403],\"log\":\"$L/sci3-ceil.log\",\"tag\":\"ceil-128\"}"; }
W=$1
case "$W" in
  A) P q1 "$Q1"; P q2 "$Q2"; P q3 "$Q3"; C q3 "$Q3"; CEIL q3 "$Q3" ;;
  B) C q1 "$Q1"; C q2 "$Q2"; CEIL q1 "$Q1"; CEIL q2 "$Q2"; P q2 "$Q2"; C q3 "$Q3"; CEIL q3 "$Q3"; P q3 "$Q3" ;;
esac
echo "$(date +%T) $W done" >&2
