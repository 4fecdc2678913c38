cd /work/wt-entangled
r() { nice -n 5 node research/entangled-wta.mjs "$1" 2>&1 | tee -a research/logs/single.log | grep -v "^    group\|NMI factor" >> research/logs/single-summary.log; }
r '{"seeds":5,"epochs":60,"nTrain":16384,"groups":1,"regroup":{"every":3},"headL2":1e-3,"tasks":[{"family":"indicator","factors":[0]}],"scoreFactors":[0],"inspect":true}'
r '{"seeds":5,"epochs":60,"nTrain":16384,"hidden":[256,256],"schedule":{"type":"cosine","minLr":0,"warmupEpochs":2},"groups":1,"regroup":{"every":3},"headL2":0,"tasks":[{"family":"indicator","factors":[0]}],"scoreFactors":[0],"inspect":true}'
echo END9 >> research/logs/single-summary.log
