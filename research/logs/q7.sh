cd /work/wt-entangled
r() { nice -n 5 node research/entangled-wta.mjs "$1" >> research/logs/wta.log 2>&1; }
B='"nTrain":16384,"headL2":1e-2,"regroup":{"every":3}'
r "{\"epochs\":60,$B,\"fade\":[0.3,0.8,0.5],\"fadeMode\":\"sample\"}"
r "{\"epochs\":60,$B,\"groups\":8}"
r "{\"epochs\":150,$B}"
r "{\"epochs\":60,$B,\"temperature\":0.3}"
r "{\"epochs\":60,$B,\"temperature\":3}"
echo END7 >> research/logs/wta.log
