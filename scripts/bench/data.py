# One epoch of MNIST train batches of 64 with ToTensor through Python's DataLoader (num_workers=0).
# Usage: python3 scripts/bench/data.py ROOT [EPOCHS]; prints one JSON line of seconds per epoch.
import json, sys, time
import torch, torchvision
from torchvision import transforms as T
from torch.utils.data import DataLoader

torch.set_num_threads(1)
root = sys.argv[1]
epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 1
ds = torchvision.datasets.MNIST(root, train=True, transform=T.ToTensor())
loader = DataLoader(ds, batch_size=64, shuffle=True, num_workers=0)
times = []
for _ in range(epochs):
    t0 = time.perf_counter()
    n = 0
    for x, y in loader:
        n += x.shape[0]
    times.append(time.perf_counter() - t0)
assert n == 60000
print(json.dumps({"epoch_s": times}))
