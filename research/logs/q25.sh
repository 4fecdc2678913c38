cd /work/wt-entangled
r() { WTANET_DIST=/tmp/wtanet-dist-capped nice -n 5 node research/entangled-wta.mjs "$1" >> research/logs/wta.log 2>&1; }
C='"epochs":60,"nTrain":32768,"schedule":{"type":"cosine","minLr":0,"warmupEpochs":2},"regroup":{"every":3}'
r "{$C,\"headL2\":0,\"seeds\":10,\"seed0\":6}"
r "{$C,\"headL2\":1e-3}"
echo END25 >> research/logs/wta.log
