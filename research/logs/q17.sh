cd /work/wt-entangled
r() { WTANET_DIST=/tmp/wtanet-dist-capped nice -n 5 node research/entangled-wta.mjs "$1" >> research/logs/wta.log 2>&1; }
r '{"epochs":60,"nTrain":16384,"hidden":[256,256],"regroup":{"every":3},"headL2":1e-3,"units":8}'
r '{"epochs":60,"nTrain":16384,"hidden":[256,256],"schedule":{"type":"cosine","minLr":0,"warmupEpochs":2},"regroup":{"every":3},"headL2":1e-3,"units":8,"tasks":[{"family":"factor"},{"family":"partition","perFactor":2},{"family":"boolean","count":4,"arity":2}]}'
r '{"epochs":60,"nTrain":4096,"hidden":[256,256],"schedule":{"type":"cosine","minLr":0,"warmupEpochs":2},"regroup":{"every":3},"headL2":1e-3,"units":8}'
echo END17 >> research/logs/wta.log
