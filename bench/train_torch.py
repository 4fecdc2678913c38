"""PyTorch side of bench/train.ts: the same two workloads (mlp, cnn) as bench/train-workloads.ts,
trained with the same step (forward, WTA bottleneck with a straight-through gradient, batched MLP
heads, sum over tasks of mean cross-entropy, backward, Adam).

Line protocol on stdin/stdout (so bench/train.ts can interleave it with the other sides):
  prints {"ready": true, "torch": VERSION} once; then for every input line "WORKLOAD THREADS"
  prints {"samples": [MS_PER_STEP, ...]} (wall clock, 5 samples of >= 40 ms each).
"""
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

TASKS, CLASSES, GROUPS, UNITS, HEAD_HIDDEN = 8, 2, 4, 4, 32


class WTA(torch.autograd.Function):
    """Forward: one-hot of each group's argmax. Backward: the group softmax's Jacobian (tau = 1)."""

    @staticmethod
    def forward(ctx, pre):
        grouped = pre.reshape(pre.shape[0], GROUPS, UNITS)
        p = torch.softmax(grouped, dim=-1)
        ctx.save_for_backward(p)
        return F.one_hot(grouped.argmax(-1), UNITS).to(pre.dtype).reshape(pre.shape)

    @staticmethod
    def backward(ctx, g):
        (p,) = ctx.saved_tensors
        g = g.reshape(p.shape)
        return (p * (g - (g * p).sum(-1, keepdim=True))).reshape(g.shape[0], -1)


class Net(nn.Module):
    def __init__(self, kind):
        super().__init__()
        if kind == "mlp":
            self.encoder = nn.Sequential(nn.Linear(64, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU())
            features = 256
        else:
            self.encoder = nn.Sequential(
                nn.Conv2d(3, 16, 3, 2, 1), nn.ReLU(), nn.Conv2d(16, 32, 3, 2, 1), nn.ReLU(),
                nn.Conv2d(32, 64, 3, 2, 1), nn.ReLU(), nn.Flatten(), nn.Linear(64 * 4 * 4, 256), nn.ReLU())
            features = 256
        self.proj = nn.Linear(features, GROUPS * UNITS)
        self.head1 = nn.Linear(GROUPS * UNITS, TASKS * HEAD_HIDDEN)
        self.head2_w = nn.Parameter(torch.randn(TASKS, HEAD_HIDDEN, CLASSES) / HEAD_HIDDEN ** 0.5)
        self.head2_b = nn.Parameter(torch.zeros(TASKS, 1, CLASSES))

    def forward(self, x):
        code = WTA.apply(self.proj(self.encoder(x)))
        h = F.relu(self.head1(code)).view(x.shape[0], TASKS, HEAD_HIDDEN).transpose(0, 1)  # [T, B, H]
        return torch.baddbmm(self.head2_b, h, self.head2_w)  # [T, B, C]


def make(kind):
    torch.manual_seed(1)
    batch = 128 if kind == "mlp" else 64
    shape = (batch, 64) if kind == "mlp" else (batch, 3, 32, 32)
    net = Net(kind)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    x = torch.randn(*shape)
    y = torch.randint(0, CLASSES, (TASKS, batch))

    def step():
        opt.zero_grad(set_to_none=True)
        logits = net(x)
        loss = F.cross_entropy(logits.reshape(-1, CLASSES), y.reshape(-1), reduction="sum") / batch
        loss.backward()
        opt.step()
        return loss.item()

    return step


def ms_per_step_samples(step, samples=5, sample_ms=40.0):
    t0 = time.perf_counter()
    step()
    once = max(1e-5, time.perf_counter() - t0)
    reps = max(1, int(sample_ms / 1000 / once + 0.999))
    ms = []
    for _ in range(samples):
        start = time.perf_counter()
        for _ in range(reps):
            step()
        ms.append((time.perf_counter() - start) * 1000 / reps)
    return ms


def main():
    steps, warm = {}, set()
    print(json.dumps({"ready": True, "torch": torch.__version__}), flush=True)
    for line in sys.stdin:
        kind, threads = line.split()
        torch.set_num_threads(int(threads))
        if kind not in steps:
            steps[kind] = make(kind)
            first = steps[kind]()
            for _ in range(20):
                last = steps[kind]()
            if not last < first:
                print(json.dumps({"error": f"{kind}: loss did not decrease ({first} -> {last})"}), flush=True)
                continue
        if (kind, threads) not in warm:
            for _ in range(10):
                steps[kind]()
            warm.add((kind, threads))
        print(json.dumps({"samples": ms_per_step_samples(steps[kind])}), flush=True)


if __name__ == "__main__":
    main()
