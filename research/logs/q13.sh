cd /work/wt-entangled
r() { nice -n 5 node research/entangled-wta.mjs "$1" >> research/logs/wta.log 2>&1; }
P='"epochs":60,"nTrain":16384,"hidden":[256,256],"schedule":{"type":"cosine","minLr":0,"warmupEpochs":2},"regroup":{"every":3},"pre":{"epochs":40,"variant":"linear","freeze":true,"schedule":{"type":"cosine","minLr":0,"warmupEpochs":2}}'
r "{$P,\"headL2\":1e-2,\"optimizer\":{\"type\":\"sgd\",\"lr\":0.3,\"momentum\":0}}"
r "{$P,\"headL2\":1e-2,\"optimizer\":{\"type\":\"sgd\",\"lr\":0.3,\"momentum\":0},\"units\":8}"
echo END13 >> research/logs/wta.log
