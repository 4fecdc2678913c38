cd /work/wt-entangled
r() { echo "capped-lift $1" >> research/logs/wta.log; WTANET_DIST=/tmp/wtanet-dist-capped nice -n 5 node research/entangled-wta.mjs "$1" >> research/logs/wta.log 2>&1; }
r '{"epochs":60,"nTrain":16384,"headL2":1e-3,"regroup":{"every":3},"units":8}'
r '{"epochs":60,"nTrain":16384,"headL2":1e-2,"regroup":{"every":3},"units":8}'
r '{"epochs":60,"nTrain":16384,"headL2":1e-3,"regroup":{"every":3},"units":16}'
r '{"epochs":60,"nTrain":16384,"hidden":[256,256],"schedule":{"type":"cosine","minLr":0,"warmupEpochs":2},"headL2":1e-3,"regroup":{"every":3},"units":8}'
echo END15 >> research/logs/wta.log
