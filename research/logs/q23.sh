cd /work/wt-entangled
while pgrep -f "research/logs/q21.sh" > /dev/null; do sleep 5; done
r() { WTANET_DIST=/tmp/wtanet-dist-capped nice -n 5 node research/entangled-wta.mjs "$1" >> research/logs/wta.log 2>&1; }
C='"schedule":{"type":"cosine","minLr":0,"warmupEpochs":2},"regroup":{"every":3},"headL2":1e-3'
r "{\"epochs\":120,\"nTrain\":16384,$C,\"units\":8}"
r "{\"epochs\":60,\"nTrain\":32768,$C,\"units\":8}"
echo END23 >> research/logs/wta.log
