#!/usr/bin/python3
"""PyTorch's side of compare.sh.

Builds the four benchmark models (Tiny 2-8-1 with mse, Small 64-32-10, Mnist 784-256-10 and
Deep 784-256-128-10 with cross-entropy on class labels; ReLU hidden layers, Adam with lr 1e-3)
with the batch sizes of their .nn files, and times on one thread:
  - a train step on a fixed random batch: forward, loss, loss.backward(), optimizer.step(),
    in train mode;
  - a single-example predict in eval mode under torch.no_grad(), returning what modelc's predict
    returns (softmax probabilities for the classifiers, the raw output for Tiny);
  - torch.mm on a 128x784 by 784x256 product, the sgemm rate modelc is rated against.
The timing protocol is that of benchmarks/src/main/java/dev/modelc/benchmarks/Timing.java: warm up,
then the median over rounds of the time per operation. Prints one line per measurement,
  RESULT torch MODEL train|predict NANOSECONDS CPU/WALL    and    RESULT torch sgemm mm NANOSECONDS CPU/WALL
where CPU/WALL is the process's CPU time over the wall-clock time of the timed rounds (about 1 when
one thread did the work). --models picks some of Tiny, Small, Mnist, Deep and sgemm.
"""

import argparse
import os
import statistics
import sys
import time

import torch
from torch import nn

# One thread, for the operators (intra-op) and between them (inter-op); the latter can only be set
# before any parallel work starts.
torch.set_num_threads(1)
torch.set_num_interop_threads(1)

# name: (layer widths, loss, batch) as in the .nn files under src/main/nn.
MODELS = {
    "Tiny": ([2, 8, 1], "mse", 4),
    "Small": ([64, 32, 10], "cross_entropy", 32),
    "Mnist": ([784, 256, 10], "cross_entropy", 64),
    "Deep": ([784, 256, 128, 10], "cross_entropy", 128),
}


def measure(loop, reset, warmup_seconds, rounds, round_seconds):
    """(median nanoseconds per operation, CPU/wall ratio); loop(k) runs the operation k times, and
    reset() runs untimed before each timed round (it puts trained parameters back, see Timing.java)."""
    # Warm-up in batches of doubling size; the last batch's rate sizes the timed rounds.
    deadline = time.perf_counter_ns() + int(warmup_seconds * 1e9)
    k = 1
    while True:
        start = time.perf_counter_ns()
        loop(k)
        end = time.perf_counter_ns()
        per_operation = max(1.0, (end - start) / k)
        if end >= deadline:
            break
        if end - start < 20_000_000:
            k *= 2
    per_round = max(1, int(round_seconds * 1e9 / per_operation))
    times = []
    cpu = wall = 0
    for _ in range(rounds):
        reset()
        cpu_start = time.process_time_ns()
        start = time.perf_counter_ns()
        loop(per_round)
        end = time.perf_counter_ns()
        cpu += time.process_time_ns() - cpu_start
        wall += end - start
        times.append((end - start) / per_round)
    return statistics.median(times), cpu / wall


def build(widths):
    """Dense layers of the given widths with ReLU between them (none after the last)."""
    layers = []
    for i in range(len(widths) - 1):
        layers.append(nn.Linear(widths[i], widths[i + 1]))
        if i < len(widths) - 2:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)


def no_reset():
    pass


def subject(widths, loss_name, batch):
    """The model's train-step loop, the reset of its parameters, and its predict loop."""
    model = build(widths)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = torch.rand(batch, widths[0])
    if loss_name == "mse":
        y = torch.randn(batch, widths[-1])
        loss_fn = nn.MSELoss()
    else:
        y = torch.randint(0, widths[-1], (batch,))
        loss_fn = nn.CrossEntropyLoss()
    one = x[:1].clone()
    initial = [p.detach().clone() for p in model.parameters()]

    def reset():
        with torch.no_grad():
            for p, p0 in zip(model.parameters(), initial):
                p.copy_(p0)

    def train(k):
        model.train()
        loss = None
        for _ in range(k):
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
        return loss.item()

    def predict(k):
        model.eval()
        out = None
        with torch.no_grad():
            for _ in range(k):
                out = model(one)
                if loss_name != "mse":
                    out = torch.softmax(out, dim=1)
        return out[0, 0].item()

    return train, reset, predict


def sgemm_loop():
    """torch.mm of a 128x784 by a 784x256 matrix into a preallocated result.

    In a process whose products have all been this small, OpenBLAS 0.3.21 runs this one about
    three times slower (4.4 ms instead of 1.5 ms on the Zen machine of benchmarks/README.md) until
    a larger product has run: a training step's weight gradients are larger, so the model
    measurements never see that state. One product of the first layer's weight-gradient shape
    (256x128 by 128x784) runs first, so the rate is the one PyTorch's training steps get."""
    torch.mm(torch.rand(256, 128), torch.rand(128, 784))
    a = torch.rand(128, 784)
    b = torch.rand(784, 256)
    c = torch.empty(128, 256)

    def loop(k):
        for _ in range(k):
            torch.mm(a, b, out=c)
        return c[0, 0].item()

    return loop


def loaded_blas():
    """The BLAS library this process loaded. Debian's torch is built against the generic libblas.so.3,
    so its speed depends on which implementation the alternatives system (or LD_PRELOAD) provides."""
    try:
        with open("/proc/self/maps", encoding="utf-8") as maps:
            paths = {line.split()[-1] for line in maps if "blas" in line.split()[-1].lower()}
    except OSError:
        return "unknown"
    return " ".join(sorted(os.path.realpath(path) for path in paths)) or "none"


def report(model, operation, measurement):
    nanos, cpu_per_wall = measurement
    print(f"RESULT torch {model} {operation} {nanos:.1f} {cpu_per_wall:.2f}", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds of warm-up per measurement")
    parser.add_argument("--rounds", type=int, default=15, help="timed rounds per measurement")
    parser.add_argument("--round", type=float, default=0.1, help="seconds per round")
    parser.add_argument("--models", default=",".join(list(MODELS) + ["sgemm"]),
                        help="comma-separated, of Tiny, Small, Mnist, Deep, sgemm [all]")
    args = parser.parse_args()
    wanted = args.models.split(",")
    unknown = [name for name in wanted if name not in MODELS and name != "sgemm"]
    if unknown:
        parser.error(f"unknown models {unknown}")
    torch.manual_seed(1)
    print(f"INFO torch {torch.__version__}, threads {torch.get_num_threads()}/"
          f"{torch.get_num_interop_threads()}, BLAS {loaded_blas()}", flush=True)
    settings = (args.warmup, args.rounds, args.round)
    for name, (widths, loss_name, batch) in MODELS.items():
        if name in wanted:
            train, reset, predict = subject(widths, loss_name, batch)
            report(name, "train", measure(train, reset, *settings))
            report(name, "predict", measure(predict, no_reset, *settings))
    if "sgemm" in wanted:
        report("sgemm", "mm", measure(sgemm_loop(), no_reset, *settings))
    return 0


if __name__ == "__main__":
    sys.exit(main())
