cd /work/wt-entangled
while pgrep -f "research/logs/q18.sh" > /dev/null; do sleep 5; done
r() { WTANET_DIST=/tmp/wtanet-dist-capped nice -n 5 node research/entangled-wta.mjs "$1" >> research/logs/wta.log 2>&1; }
C='"schedule":{"type":"cosine","minLr":0,"warmupEpochs":2},"regroup":{"every":3}'
r "{\"epochs\":60,\"nTrain\":16384,$C,\"headL2\":1e-3,\"units\":8}"
r "{\"epochs\":60,\"nTrain\":16384,\"hidden\":[256,256],$C,\"headL2\":0,\"units\":4}"
echo END21 >> research/logs/wta.log
