cd /work/wt-entangled
r() { nice -n 5 node research/entangled-wta.mjs "$1" >> research/logs/wta.log 2>&1; }
r '{"epochs":60,"nTrain":16384,"headL2":1e-3,"regroup":{"every":3},"units":6}'
r '{"epochs":60,"nTrain":16384,"headL2":1e-2,"regroup":{"every":3},"units":6}'
r '{"epochs":60,"nTrain":16384,"headL2":1e-3,"regroup":{"every":3},"units":8}'
r '{"epochs":60,"nTrain":16384,"headL2":1e-3,"regroup":{"every":3},"groups":8}'
echo END10 >> research/logs/wta.log
