cd /work/wt-entangled
C='"schedule":{"type":"cosine","minLr":0,"warmupEpochs":2},"regroup":{"every":3}'
nice -n 5 node research/entangled-wta.mjs "{\"epochs\":60,\"nTrain\":32768,$C,\"headL2\":1e-3,\"units\":8}" >> research/logs/wta.log 2>&1
r() { WTANET_DIST=/tmp/wtanet-dist-capped nice -n 5 node research/entangled-wta.mjs "$1" >> research/logs/wta.log 2>&1; }
r "{\"epochs\":60,\"nTrain\":32768,$C,\"headL2\":0,\"units\":4}"
r "{\"epochs\":60,\"nTrain\":16384,\"hidden\":[256,256],$C,\"headL2\":0,\"units\":4,\"seed0\":6}"
echo END24 >> research/logs/wta.log
