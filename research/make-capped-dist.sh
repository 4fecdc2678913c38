#!/bin/sh
# Research variant of regrouping for over-complete groups (more units than values): a copy of dist/
# whose co-firing lift is capped at 1, so two duplicate detectors of one value (lift 1/P(v) ≫ 1) cost
# no more than two independent units and a group may hold a factor's values twice.
# Usage: sh research/make-capped-dist.sh && WTANET_DIST=/tmp/wtanet-dist-capped node research/entangled-wta.mjs '…'
set -e
cd "$(dirname "$0")/.."
rm -rf /tmp/wtanet-dist-capped && cp -r dist /tmp/wtanet-dist-capped
sed -i 's|lift\[u \* H + v\] = pu > 0 \&\& pv > 0 ? count\[u \* H + v\] / n / (pu \* pv) : 1;|lift[u * H + v] = pu > 0 \&\& pv > 0 ? Math.min(1, count[u * H + v] / n / (pu * pv)) : 1; // research patch: capped lift|' /tmp/wtanet-dist-capped/src/nn/regroup.js
grep -q 'capped lift' /tmp/wtanet-dist-capped/src/nn/regroup.js || { echo "make-capped-dist: the lift line in dist/src/nn/regroup.js changed; update the sed pattern" >&2; exit 1; }
