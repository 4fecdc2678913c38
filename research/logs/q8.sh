cd /work/wt-entangled
r() { nice -n 5 node research/entangled-wta.mjs "$1" >> research/logs/wta.log 2>&1; }
r '{"epochs":60,"nTrain":16384,"headL2":0,"regroup":{"every":3}}'
r '{"epochs":60,"nTrain":16384,"headL2":1e-3,"regroup":{"every":3}}'
r '{"epochs":60,"nTrain":16384,"hidden":[256,256],"schedule":{"type":"cosine","minLr":0,"warmupEpochs":2},"headL2":0,"regroup":{"every":3}}'
r '{"epochs":60,"nTrain":16384,"hidden":[256,256],"schedule":{"type":"cosine","minLr":0,"warmupEpochs":2},"headL2":1e-3,"regroup":{"every":3}}'
echo END8 >> research/logs/wta.log
