#!/usr/bin/env python3
# Python side of scripts/bench/instructions.ts: the same ops as instructions.cpp, run under
# callgrind --dump-before=getppid.
#   instructions.py <n1> <n2> <warm> <op>...
# For each op: warm calls, os.getppid(), n1 calls, os.getppid(), n2 calls, os.getppid().
import os
import sys

import torch
import torch.nn.functional as F

torch.set_num_threads(1)
a, b, c, s = torch.rand(4), torch.rand(4), torch.rand(4), torch.rand(1)
m, w, bias = torch.rand(4, 4), torch.rand(4, 4), torch.rand(4)
lin = torch.nn.Linear(4, 4)


def loop(name, n):
    # One loop per op, as in the C++ and Node files: the call is the loop's whole body.
    if name == "add":
        for _ in range(n): a.add(b)
    elif name == "add_":
        for _ in range(n): c.add_(b)
    elif name == "mul_scalar":
        for _ in range(n): a.mul(2)
    elif name == "sum":
        for _ in range(n): a.sum()
    elif name == "item":
        for _ in range(n): s.item()
    elif name == "relu":
        for _ in range(n): a.relu()
    elif name == "matmul":
        for _ in range(n): m.matmul(m)
    elif name == "index_slice":
        for _ in range(n): a[1:3]
    elif name == "linear":
        for _ in range(n): F.linear(a, w, bias)
    elif name == "module":
        for _ in range(n): lin(a)
    else:
        raise SystemExit(f"unknown op {name}")


n1, n2, warm = (int(x) for x in sys.argv[1:4])
for name in sys.argv[4:]:
    loop(name, warm)
    c.zero_()
    os.getppid()
    loop(name, n1)
    os.getppid()
    loop(name, n2)
    os.getppid()
