#!/bin/bash
# The held-out judgement of docs/research/restarts-images.md, in order (I1 was started alone first).
cd "$(dirname "$0")/../.."
S='[301,302,303,304,305,306,307,308,309,310]'
for set in I1 I2 D1; do
  nice -n 2 node --no-concurrent-recompilation research/restarts-run.mjs "{\"setting\":\"$set\",\"seeds\":$S,\"R\":5,\"log\":\"research/logs/restarts-images.log\"}"
done
