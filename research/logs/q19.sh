# Does the capped lift change the one-hot results? research/engine-check.mjs with dist/ and with the capped copy.
cd /work/wt-entangled
while pgrep -f "research/logs/q16.sh" > /dev/null; do sleep 5; done
for c in '{}' '{"card":[5,5,5]}'; do
  echo "plain  $(nice -n 5 node research/engine-check.mjs "$c" 2>&1)" >> research/logs/onehot-capped.log
  echo "capped $(nice -n 5 node /tmp/capped-root/research/engine-check.mjs "$c" 2>&1)" >> research/logs/onehot-capped.log
done
echo END19 >> research/logs/onehot-capped.log
