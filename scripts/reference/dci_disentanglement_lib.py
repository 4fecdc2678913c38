#!/usr/bin/env python3
"""Reference DCI values from disentanglement_lib's own dci.py, for test/metrics/dci-gbt.test.ts.

Usage:
  git --git-dir=<snapshot of github.com/google-research/disentanglement_lib> \
      show HEAD:disentanglement_lib/evaluation/metrics/dci.py > /tmp/dci.py
  python3 scripts/reference/dci_disentanglement_lib.py /tmp/dci.py [seeds]

Runs the library's file itself (its _compute_dci: compute_importance_gbt with scikit-learn's
GradientBoostingClassifier defaults, then its disentanglement / completeness) on the fixed codes
that the test builds with the same formula (below and in the test: one LCG, same draw order),
split as the library's split_train_test does with train_percentage 2/3. The file's imports that
only its data-generating entry points need (absl, gin, six, the library's utils) are stubbed.
The classifier's random_state (None in the library, i.e. not reproducible: it breaks ties
between equally good features) is set to 0..seeds-1 to measure the seed-to-seed spread.
Prints JSON: per case, D, C and test informativeness per seed.
Measured with scikit-learn 1.2.1, NumPy 1.24.2, SciPy 1.10.1 (Debian 12 python3-sklearn).
"""
import json
import math
import sys
import types

import numpy as np
from sklearn import ensemble


def stub_imports():
    absl = types.ModuleType('absl')
    absl.logging = types.SimpleNamespace(info=lambda *a, **k: None)
    gin = types.ModuleType('gin')
    gin.configurable = lambda *a, **k: (lambda f: f)
    gin.REQUIRED = object()
    gin.tf = gin
    six = types.ModuleType('six')
    six.moves = types.SimpleNamespace(range=range)
    utils = types.ModuleType('disentanglement_lib.evaluation.metrics.utils')
    metrics = types.ModuleType('disentanglement_lib.evaluation.metrics')
    metrics.utils = utils
    for name, mod in {
        'absl': absl, 'absl.logging': absl.logging, 'gin': gin, 'gin.tf': gin, 'six': six, 'six.moves': six.moves,
        'disentanglement_lib': types.ModuleType('disentanglement_lib'),
        'disentanglement_lib.evaluation': types.ModuleType('disentanglement_lib.evaluation'),
        'disentanglement_lib.evaluation.metrics': metrics,
        'disentanglement_lib.evaluation.metrics.utils': utils,
    }.items():
        sys.modules[name] = mod


class Lcg:
    """x ← 1664525·x + 1013904223 mod 2^32; u = x / 2^32 (the test's rng, same sequence)."""

    def __init__(self, seed):
        self.s = seed & 0xFFFFFFFF

    def u(self):
        self.s = (1664525 * self.s + 1013904223) & 0xFFFFFFFF
        return self.s / 2 ** 32


N = 600
CARDS = [4, 3, 5]
GROUPS, SIZE = 4, 5


def build():
    """Factors z (n × 3), WTA winners (n × 4 groups of 5), continuous units (n × 8)."""
    rng = Lcg(20261206)
    z, winners, cont = [], [], []
    for _ in range(N):
        zi = [math.floor(rng.u() * k) for k in CARDS]
        wi = []
        for g in range(GROUPS):
            if g < 3 and rng.u() < 0.85:
                wi.append(zi[g] % SIZE)
            else:
                wi.append(math.floor(rng.u() * SIZE))
        ci = []
        for j in range(8):
            signal = zi[j % 3] / CARDS[j % 3] * (1.0 if j < 3 else -0.5) if j < 6 else 0.0
            ci.append(signal + 0.3 * (rng.u() - 0.5))
        z.append(zi)
        winners.append(wi)
        cont.append(ci)
    return np.array(z), np.array(winners), np.array(cont)


def cases():
    """Per case: the code (n × units) and the factors (n × F)."""
    z, winners, cont = build()
    onehot = np.zeros((N, GROUPS * SIZE))
    for i in range(N):
        for g in range(GROUPS):
            onehot[i, g * SIZE + winners[i, g]] = 1.0
    grid = np.round(cont * 8) / 8
    dead = np.concatenate([grid, np.zeros((N, 12))], axis=1)
    binary = z[:, :2] % 2  # two 2-valued factors: one tree per stage (sklearn's binomial path)
    return {
        'wta-group-index': (winners.astype(np.float64), z),
        'wta-unit': (onehot, z),
        'grid-unit': (grid, z),
        'grid-unit-12-dead': (dead, z),
        'continuous-unit': (cont, z),
        'wta-group-index-binary': (winners.astype(np.float64), binary),
    }


def main():
    path = sys.argv[1]
    seeds = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    stub_imports()
    lib = types.ModuleType('dci')
    lib.__file__ = path
    with open(path) as f:
        exec(compile(f.read(), path, 'exec'), lib.__dict__)
    n_train = int(np.ceil(N * (2 / 3)))  # split_train_test(…, train_percentage=2/3)
    out = {'n': N, 'train': n_train, 'cases': {}}
    for name, (x, z) in cases().items():
        mus, ys = x.T, z.T
        rows = []
        for s in range(seeds):
            lib.ensemble = types.SimpleNamespace(GradientBoostingClassifier=lambda s=s: ensemble.GradientBoostingClassifier(random_state=s))
            r = lib._compute_dci(mus[:, :n_train], ys[:, :n_train], mus[:, n_train:], ys[:, n_train:])
            rows.append({'D': r['disentanglement'], 'C': r['completeness'], 'I': r['informativeness_test']})
        out['cases'][name] = rows
        spread = {k: max(r[k] for r in rows) - min(r[k] for r in rows) for k in 'DCI'}
        print(name, {k: round(rows[0][k], 6) for k in 'DCI'}, 'spread', {k: f'{v:.2e}' for k, v in spread.items()}, file=sys.stderr)
    print(json.dumps(out))


if __name__ == '__main__':
    main()
