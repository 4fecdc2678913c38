# One-hot regression check of the capped lift (engine-check: SGD lr 1, head L2 1e-2, regroup defaults, 200 epochs).
cd /work/wt-entangled
for c in '{"seeds":10}' '{"seeds":10,"card":[5,5,5]}' '{"seeds":10,"card":[6,6,6]}' '{"seeds":10,"card":[3,4,5]}' '{"seeds":10,"card":[2,3,4,5]}' '{"seeds":10,"card":[3,3,3,3,3]}'; do
  echo "plain  $(nice -n 5 node research/engine-check.mjs "$c" 2>&1)" >> research/logs/onehot-capped.log
  echo "capped $(nice -n 5 node /tmp/capped-root/research/engine-check.mjs "$c" 2>&1)" >> research/logs/onehot-capped.log
done
echo END20 >> research/logs/onehot-capped.log
