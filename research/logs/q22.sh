cd /work/wt-entangled
while pgrep -f "research/logs/q20.sh" > /dev/null; do sleep 5; done
r() { WTANET_DIST=/tmp/wtanet-dist-capped nice -n 5 node research/entangled-wta.mjs "$1" >> research/logs/wta.log 2>&1; }
B='"epochs":60,"nTrain":16384,"hidden":[256,256],"schedule":{"type":"cosine","minLr":0,"warmupEpochs":2},"regroup":{"every":3},"headL2":1e-3,"units":8'
r "{$B,\"groups\":3,\"entangled\":{\"cardinalities\":[3,4,5]}}"
r "{$B,\"groups\":3,\"entangled\":{\"cardinalities\":[5,5,5]}}"
r "{$B,\"seed0\":6,\"tasks\":[{\"family\":\"factor\"},{\"family\":\"partition\",\"perFactor\":2},{\"family\":\"boolean\",\"count\":4,\"arity\":2}]}"
echo END22 >> research/logs/wta.log
