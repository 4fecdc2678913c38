cd /work/wt-entangled
r() { WTANET_DIST=/tmp/wtanet-dist-capped nice -n 5 node research/entangled-wta.mjs "$1" >> research/logs/wta.log 2>&1; }
B='"epochs":60,"nTrain":16384,"hidden":[256,256],"schedule":{"type":"cosine","minLr":0,"warmupEpochs":2},"regroup":{"every":3}'
r "{$B,\"headL2\":1e-3,\"seed0\":6}"
r "{$B,\"headL2\":1e-3,\"tasks\":[{\"family\":\"factor\"},{\"family\":\"partition\",\"perFactor\":2},{\"family\":\"boolean\",\"count\":4,\"arity\":2}]}"
r "{$B,\"headL2\":1e-2}"
echo END18 >> research/logs/wta.log
