cd /work/wt-entangled
r() { echo "== $1" >> research/logs/trace.log; nice -n 5 node research/entangled-wta.mjs "$1" >> research/logs/trace.log 2>&1; }
r '{"seeds":2,"epochs":60,"nTrain":16384,"headL2":1e-2,"regroup":{"every":3},"trace":[0,3,6,15,30,45]}'
r '{"seeds":2,"epochs":60,"nTrain":16384,"headL2":1e-2,"regroup":{"every":3},"fade":[0.3,0.6],"trace":[3,9,18,24,30,36,45]}'
echo END >> research/logs/trace.log
