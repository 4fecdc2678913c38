cd /work/wt-entangled
r() { WTANET_DIST=/tmp/wtanet-dist-capped nice -n 5 node research/entangled-wta.mjs "$1" >> research/logs/wta.log 2>&1; }
B='"epochs":60,"nTrain":16384,"hidden":[256,256],"schedule":{"type":"cosine","minLr":0,"warmupEpochs":2},"regroup":{"every":3}'
r "{$B,\"headL2\":1e-3,\"units\":8,\"seed0\":6}"
r "{$B,\"headL2\":1e-3,\"units\":4}"
r "{$B,\"headL2\":1e-2,\"units\":8}"
echo END16 >> research/logs/wta.log
