#!/bin/bash
# issue 17, session sci3, exploratory (after the judgement): ceilings of M3 4,4,4,4,4 on 5 × 4 at 128 × 128 × 128
# and at 64 × 64, seeds 301–303 (no M3 ceiling was run before), to pair with P on M3 and the sci2 control.
cd "$(dirname "$0")/../.."
node research/general-run.mjs '{"card":[4,4,4,4,4],"G":5,"K":4,"hidden":[128,128,128],"mode":"ceiling","seeds":[301,302,303],"log":"research/logs/sci3-ceil.log","tag":"ceil-128"}'
node research/general-run.mjs '{"card":[4,4,4,4,4],"G":5,"K":4,"hidden":[64,64],"mode":"ceiling","seeds":[301,302,303],"log":"research/logs/sci3-ceil.log","tag":"ceil-64"}'
