cd /work/wt-entangled
r() { nice -n 5 node research/entangled-wta.mjs "$1" >> research/logs/wta.log 2>&1; }
B='"nTrain":16384,"hidden":[256,256],"schedule":{"type":"cosine","minLr":0,"warmupEpochs":2},"regroup":{"every":3}'
r "{\"epochs\":60,$B,\"headL2\":1e-3,\"units\":16}"
r "{\"epochs\":60,$B,\"headL2\":1e-3,\"units\":8,\"seed0\":6}"
r "{\"epochs\":120,$B,\"headL2\":1e-3,\"units\":8}"
echo END14 >> research/logs/wta.log
