cd /work/wt-entangled
r() { nice -n 5 node research/entangled-decode.mjs "$1" >> research/logs/decode.log 2>&1; }
r '{"epochs":24}'
r '{"epochs":100}'
r '{"epochs":24,"nTrain":16384}'
r '{"epochs":100,"nTrain":16384}'
r '{"epochs":100,"nTrain":16384,"hidden":[256,256]}'
r '{"epochs":100,"nTrain":16384,"hidden":[256,256],"schedule":{"type":"cosine","minLr":0,"warmupEpochs":2}}'
r '{"epochs":100,"nTrain":32768,"hidden":[256,256,256],"schedule":{"type":"cosine","minLr":0,"warmupEpochs":2}}'
r '{"epochs":100,"nTrain":16384,"variant":"linear","hidden":[256,256],"schedule":{"type":"cosine","minLr":0,"warmupEpochs":2}}'
r '{"epochs":100,"nTrain":16384,"variant":"relu","groups":32,"units":8,"hidden":[256,256],"schedule":{"type":"cosine","minLr":0,"warmupEpochs":2}}'
echo END >> research/logs/decode.log
