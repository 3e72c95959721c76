#!/usr/bin/env python3
# Python side of scripts/bench/ops.ts: per-op time on 4-element tensors, one thread.
# Driven over stdin/stdout so the TypeScript script can interleave rounds:
# each input line "N BATCHES" runs one round and prints
# {"wall": {op: median ns per call}, "cpu": {op: median CPU ns per call}}.
import json
import sys
import time

import torch

torch.set_num_threads(1)
a = torch.rand(4)
b = torch.rand(4)
c = torch.rand(4)
s = torch.rand(1)


def run_add(n):
    for _ in range(n):
        a + b


def run_add_(n):
    for _ in range(n):
        c.add_(b)
    c.zero_()


def run_mul_scalar(n):
    for _ in range(n):
        a * 2


def run_sum(n):
    for _ in range(n):
        a.sum()


def run_item(n):
    for _ in range(n):
        s.item()


def run_relu(n):
    for _ in range(n):
        a.relu()


OPS = {"add": run_add, "add_": run_add_, "mul_scalar": run_mul_scalar, "sum": run_sum, "item": run_item, "relu": run_relu}


def median(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2]


def round_(n, batches):
    wall, cpu = {}, {}
    for name, fn in OPS.items():
        times, cpus = [], []
        for _ in range(batches):
            c0 = time.process_time_ns()
            t0 = time.perf_counter_ns()
            fn(n)
            times.append((time.perf_counter_ns() - t0) / n)
            cpus.append((time.process_time_ns() - c0) / n)
        wall[name] = median(times)
        cpu[name] = median(cpus)
    return {"wall": wall, "cpu": cpu}


print(json.dumps({"ready": torch.__version__, "threads": torch.get_num_threads()}), flush=True)
for line in sys.stdin:
    parts = line.split()
    if not parts:
        continue
    print(json.dumps(round_(int(parts[0]), int(parts[1]))), flush=True)
