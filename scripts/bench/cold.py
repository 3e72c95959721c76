"""Python side of scripts/bench/cold.ts: each case's microseconds per call, tab-separated."""
import os, sys
import torch
from torch import nn

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "examples", "python"))
from tutorials import step_001
from _util import us_per_call

torch.manual_seed(0)
h = torch.rand(256, 30); g = torch.rand(30, 784)
xb = torch.rand(256, 784); yb = torch.randint(0, 10, (256, 1))
net = nn.Sequential(nn.Linear(784, 30), nn.ReLU(), nn.Linear(30, 10))
params = list(net.parameters()); loss_func = nn.CrossEntropyLoss(); lr = 0.001
losses = torch.tensor([])


def step():
    global losses
    losses = step_001(net, params, loss_func, lr, losses, xb, yb)


for name, f, n in [("relu [256, 30]", lambda: h.relu(), 20000), ("zeros [256, 30]", lambda: torch.zeros(256, 30), 20000),
                   ("[30, 784] mul lr", lambda: g.mul(lr), 20000), ("001 step, forward and loss", lambda: loss_func(net(xb), yb.squeeze()), 2000),
                   ("001 step, all", step, 2000)]:
    print(f"{name}\t{us_per_call(f, n, n // 10):.2f}", flush=True)
