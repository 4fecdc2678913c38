#!/bin/bash
# waits for the 3,5,2,4 run, then two sized-encoder (128×128×128) best-of-5 runs on general-study settings
while pgrep -f '"card":\[3,5,2,4\]' >/dev/null; do sleep 10; done
node research/general-run.mjs '{"card":[4,4,4,4],"G":6,"K":6,"hidden":[128,128,128],"headL2":1e-3,"R":5,"seeds":[1,2,3,4,5,6,7,8,9,10],"tag":"sized-R5","log":"research/logs/sized-general-6x6.log"}' > /tmp/sized-6x6.out 2>&1 &
node research/general-run.mjs '{"card":[6,6,6,6],"G":4,"K":6,"hidden":[128,128,128],"headL2":1e-3,"R":5,"seeds":[1,2,3,4,5,6,7,8,9,10],"tag":"sized-R5","log":"research/logs/sized-general-6666.log"}' > /tmp/sized-6666.out 2>&1 &
wait
