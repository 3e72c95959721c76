# The Python twin of scripts/gpu/epoch.ts: one timed epoch of tutorial 002's
# SimpleCNN (Adam, batch 64) on MNIST-shaped data made by torch.manual_seed(0).
#   python3 scripts/gpu/epoch.py [--device cuda] [--n 60000] [--batch-size 64] [--warmup 20]
import argparse, json, time
import torch
import torch.nn as nn
import torch.optim as optim
from torch.utils.data import DataLoader, TensorDataset

p = argparse.ArgumentParser()
p.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
p.add_argument("--n", type=int, default=60000)
p.add_argument("--batch-size", type=int, default=64)
p.add_argument("--warmup", type=int, default=20)
a = p.parse_args()
device = torch.device(a.device)


class SimpleCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels=1, out_channels=32, kernel_size=3, padding=1)
        self.relu1 = nn.ReLU()
        self.pool1 = nn.MaxPool2d(kernel_size=2, stride=2)
        self.conv2 = nn.Conv2d(in_channels=32, out_channels=64, kernel_size=3, padding=1)
        self.relu2 = nn.ReLU()
        self.pool2 = nn.MaxPool2d(kernel_size=2, stride=2)
        self.fc1 = nn.Linear(64 * 7 * 7, 128)
        self.relu3 = nn.ReLU()
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        x = self.pool1(self.relu1(self.conv1(x)))
        x = self.pool2(self.relu2(self.conv2(x)))
        x = x.view(x.size(0), -1)
        return self.fc2(self.relu3(self.fc1(x)))


torch.manual_seed(0)
images = torch.randint(0, 256, (a.n, 1, 28, 28), dtype=torch.uint8).float().div(255)
labels = torch.randint(0, 10, (a.n,))
loader = DataLoader(TensorDataset(images, labels), batch_size=a.batch_size, shuffle=True)
model = SimpleCNN().to(device)
criterion = nn.CrossEntropyLoss()
optimizer = optim.Adam(model.parameters(), lr=1e-3)


def sync():
    if device.type == "cuda":
        torch.cuda.synchronize()


def step(x, y):
    x, y = x.to(device), y.to(device)
    optimizer.zero_grad()
    loss = criterion(model(x), y)
    loss.backward()
    optimizer.step()
    return loss


model.train()
for k, (x, y) in enumerate(loader):
    if k >= a.warmup:
        break
    step(x, y)
sync()

first, total, batches = [], 0.0, 0
t0 = time.perf_counter()
for x, y in loader:
    loss = step(x, y)
    if len(first) < 3:
        first.append(loss.item())
    total += loss.item()
    batches += 1
sync()
seconds = time.perf_counter() - t0
print(json.dumps({
    "impl": "python", "device": str(device), "n": a.n, "batch_size": a.batch_size, "batches": batches,
    "epoch_s": round(seconds, 3), "first_losses": [round(v, 6) for v in first], "mean_loss": round(total / batches, 6),
}))
