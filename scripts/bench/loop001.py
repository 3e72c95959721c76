"""Tutorial 001's training loop written out on the MNIST tensors (no PNG files, no
validation): one JSON line per epoch, {"model", "epoch_ms", "data_ms"} (data_ms: time spent
waiting on the DataLoader). scripts/bench/loop001.ts runs it beside Node's.
    /usr/bin/python3 scripts/bench/loop001.py ROOT EPOCHS"""
import json, os, sys, time
import torch, torchvision
from torch import nn
from torch.utils.data import DataLoader

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "examples", "python"))
from tutorials import models_001, step_001

root, epochs = sys.argv[1], int(sys.argv[2])
ds = torchvision.datasets.MNIST(root, train=True)
x = ds.data.float().div(255).view(-1, 784); y = ds.targets.unsqueeze(1)
dl = DataLoader(list(zip(x, y)), batch_size=256, shuffle=True)
torch.manual_seed(0)
loss_func = nn.CrossEntropyLoss()
for name, model, lr in models_001():
    params = list(model.parameters())
    for epoch in range(epochs):
        start = time.perf_counter(); data = 0.0
        losses = torch.tensor([])
        t = time.perf_counter()
        for xb, yb in dl:
            data += time.perf_counter() - t
            losses = step_001(model, params, loss_func, lr, losses, xb, yb)
            t = time.perf_counter()
        print(json.dumps({"model": name, "epoch_ms": (time.perf_counter() - start) * 1e3, "data_ms": data * 1e3}), flush=True)
