#!/bin/bash
# issue 17, session 11: `wtanet train --recipe` on the package's own example file (examples/data/toy.npz:
# the built-in one-hot 4,4,4,4 data, 2048 training rows) and one change of it at a time, seeds 1–10,
# one run each; prints "NAME factorial-seeds/10". Exploration on a shape now looked at (not a judgement).
#   research/toy-ablation.sh base 'pass'
#   research/toy-ablation.sh l2e2 'c["train"]["headL2"]=0.01'
set -e
cd "$(dirname "$0")/.."
name=$1; mod=$2; W=${WORK:-/tmp/toy-ablation}; mkdir -p "$W"
rm -rf "$W/recipe"; node dist/src/cli/main.js train --data examples/data/toy.npz --recipe --epochs 1 --out "$W/recipe" > /dev/null 2>&1
python3 - "$W" "$name" "$mod" "$PWD/examples/data/toy.npz" <<'PY'
import json, sys
w, name, mod, toy = sys.argv[1:]
c = json.load(open(f'{w}/recipe/config.json')); c.pop('seed', None)
c['train']['epochs'] = 60  # the recipe's (the template above was cut to 1 epoch)
c['data']['file']['path'] = toy
exec(mod)
json.dump(c, open(f'{w}/{name}.json', 'w'))
PY
n=0
for s in 1 2 3 4 5 6 7 8 9 10; do
  rm -rf "$W/$name-$s"
  node dist/src/cli/main.js train --config "$W/$name.json" --seed $s --out "$W/$name-$s" > /dev/null 2>&1
  f=$(node dist/src/cli/main.js eval "$W/$name-$s" 2>&1 | grep -E '^factorial' | cut -c11)
  n=$((n + f))
done
echo "$name $n/10"
