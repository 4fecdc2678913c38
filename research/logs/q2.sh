cd /work/wt-entangled
r() { nice -n 5 node research/entangled-wta.mjs "$1" >> research/logs/wta.log 2>&1; }
r '{"epochs":60,"headL2":1e-2,"regroup":{"every":3}}'
r '{"epochs":60,"nTrain":16384,"headL2":1e-2,"regroup":{"every":3}}'
r '{"epochs":60,"nTrain":16384,"headL2":1e-2,"regroup":{"every":3},"fade":[0.3,0.6]}'
r '{"epochs":60,"nTrain":16384,"headL2":1e-2,"regroup":{"every":3},"tasks":[{"family":"factor"}]}'
echo END >> research/logs/wta.log
