"""The tutorials' training loops in Python (python3-torch), for timing against the ports.

    /usr/bin/python3 examples/python/tutorials.py 002cnn --epochs 2

Each is the tutorial's own code without its plots and prints; every epoch prints one line:
"epoch <k> train_s <seconds> rss_mb <resident MB>", and the last line the test accuracy.
"""
import argparse, os, time
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
import torchvision
import torchvision.transforms as transforms
from torch.utils.data import DataLoader, random_split


def rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024


def report(epoch, start, end=None):
    print(f"epoch {epoch} train_s {(end or time.perf_counter()) - start:.4f} rss_mb {rss_mb():.0f}", flush=True)


def t000(a):
    mnist_dataset = torchvision.datasets.MNIST(root=a.data, train=True, transform=transforms.ToTensor(), download=True)
    train_data, validation_data = random_split(mnist_dataset, [50000, 10000])
    train_loader = DataLoader(train_data, 128, shuffle=True)
    val_loader = DataLoader(validation_data, 128, shuffle=False)
    model = nn.Linear(784, 10)
    optimizer = torch.optim.SGD(model.parameters(), 0.001)
    for epoch in range(a.epochs):
        start = time.perf_counter()
        for images, labels in train_loader:
            loss = F.cross_entropy(model(images.reshape(-1, 784)), labels)
            loss.backward()
            optimizer.step()
            optimizer.zero_grad()
        report(epoch, start)
        accs = [(model(x.reshape(-1, 784)).argmax(1) == y).float().mean() for x, y in val_loader]
    print("val_acc", torch.stack(accs).mean().item())


def models_001():
    """The MNISTLearner runs: 784-30-10 at lr 0.001, then 784-392-30-10 at lr 0.005."""
    return [("784-30-10", nn.Sequential(nn.Linear(784, 30), nn.ReLU(), nn.Linear(30, 10)), 0.001),
            ("784-392-30-10", nn.Sequential(nn.Linear(784, 392), nn.ReLU(), nn.Linear(392, 30), nn.ReLU(), nn.Linear(30, 10)), 0.005)]


def step_001(model, params, loss_func, lr, losses, xb, yb):
    """One batch of MNISTLearner's epoch (calc_grad, BasicOptim's step and zero_grad); returns
    the batch losses so far, kept with torch.cat as the tutorial keeps them."""
    loss = loss_func(model(xb), yb.squeeze())
    losses = torch.cat((losses, torch.tensor([loss])))
    loss.backward()
    for p in params: p.data -= p.grad.data * lr
    for p in params: p.grad = None
    return losses


def t001(a):
    from PIL import Image
    root = os.path.join(a.data, "mnist_png")
    ls = lambda p: [os.path.join(p, f) for f in sorted(os.listdir(p))]
    files = {s: [f for d in sorted(ls(os.path.join(root, s))) for f in ls(d)] for s in ("training", "testing")}
    xs = {s: torch.stack([torch.tensor(np.array(Image.open(o))) for o in fs]).float().div(255).view(-1, 784) for s, fs in files.items()}
    ys = {s: torch.tensor([int(p.split("/")[-2]) for p in fs]).unsqueeze(1) for s, fs in files.items()}
    dl = DataLoader(list(zip(xs["training"], ys["training"])), batch_size=256, shuffle=True)
    valid_dl = DataLoader(list(zip(xs["testing"], ys["testing"])), batch_size=256, shuffle=True)
    loss_func = nn.CrossEntropyLoss()

    def validate_epoch(model):
        accs = [(torch.softmax(model(xb), dim=1).max(dim=1).indices == yb.squeeze()).float().mean().item() for xb, yb in valid_dl]
        return round(torch.tensor(accs).mean().item(), 4)
    for _, model, lr in models_001():
        params = list(model.parameters())
        for epoch in range(a.epochs):
            start = time.perf_counter()
            losses = torch.tensor([])
            for xb, yb in dl:
                losses = step_001(model, params, loss_func, lr, losses, xb, yb)
            end = time.perf_counter()
            # then, untimed, the epoch's mean loss and a validation pass, as train_model does
            round(losses.mean().item(), 4)
            acc = validate_epoch(model)
            report(epoch, start, end)
        print("val_acc", acc)


class SimpleMLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.fc1 = nn.Linear(28*28, 256)
        self.relu1 = nn.ReLU()
        self.fc2 = nn.Linear(256, 128)
        self.relu2 = nn.ReLU()
        self.fc3 = nn.Linear(128, 10)

    def forward(self, x):
        return self.fc3(self.relu2(self.fc2(self.relu1(self.fc1(self.flatten(x))))))


class SimpleCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels=1, out_channels=32, kernel_size=3, padding=1)
        self.relu1 = nn.ReLU()
        self.pool1 = nn.MaxPool2d(kernel_size=2, stride=2)
        self.conv2 = nn.Conv2d(in_channels=32, out_channels=64, kernel_size=3, padding=1)
        self.relu2 = nn.ReLU()
        self.pool2 = nn.MaxPool2d(kernel_size=2, stride=2)
        self.fc1 = nn.Linear(64*7*7, 128)
        self.relu3 = nn.ReLU()
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        x = self.pool1(self.relu1(self.conv1(x)))
        x = self.pool2(self.relu2(self.conv2(x)))
        return self.fc2(self.relu3(self.fc1(x.view(x.size(0), -1))))


def t002(a, model):
    transform = transforms.ToTensor()
    train_loader = DataLoader(torchvision.datasets.MNIST(root=a.data, train=True, transform=transform, download=True), batch_size=64, shuffle=True)
    test_loader = DataLoader(torchvision.datasets.MNIST(root=a.data, train=False, transform=transform, download=True), batch_size=64, shuffle=False)
    criterion = nn.CrossEntropyLoss()
    optimizer = optim.Adam(model.parameters(), lr=0.001)
    for epoch in range(a.epochs):
        model.train()
        start = time.perf_counter()
        for images, labels in train_loader:
            outputs = model(images)
            loss = criterion(outputs, labels)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            loss.item()
            outputs.max(1)
        report(epoch, start)
    model.eval()
    with torch.no_grad():
        correct = sum(model(x).max(1)[1].eq(y).sum().item() for x, y in test_loader)
    print("val_acc", correct / 10000)


class Net003(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels=1, out_channels=32, kernel_size=5)
        self.conv2 = nn.Conv2d(32, 16, 3)
        self.fc1 = nn.Linear(400, 100)
        self.fc2 = nn.Linear(100, 10)

    def forward(self, x):
        x = F.relu(F.max_pool2d(self.conv1(x), 2))
        x = F.relu(F.max_pool2d(self.conv2(x), 2))
        x = x.view(-1, 400)
        x = F.relu(self.fc1(x))
        x = F.dropout(x, training=self.training)
        return F.log_softmax(self.fc2(x), dim=1)


def t003(a):
    tf = torchvision.transforms.Compose([torchvision.transforms.ToTensor(), torchvision.transforms.Normalize((0.1307,), (0.3081,))])
    train_loader = DataLoader(torchvision.datasets.MNIST(a.data, train=True, download=True, transform=tf), batch_size=64, shuffle=True)
    test_loader = DataLoader(torchvision.datasets.MNIST(a.data, train=False, download=True, transform=tf), batch_size=1000, shuffle=True)
    model = Net003()
    optimizer = optim.SGD(model.parameters(), lr=0.01, momentum=0.5)
    for epoch in range(a.epochs):
        model.train()
        start = time.perf_counter()
        for batch_idx, (X, y) in enumerate(train_loader):
            optimizer.zero_grad()
            loss = F.nll_loss(model(X), y)
            loss.backward()
            optimizer.step()
            if batch_idx % 100 == 0: loss.item()
        report(epoch, start)
    model.eval()
    with torch.no_grad():
        correct = sum(model(x).max(1, keepdim=True)[1].eq(y.view(-1, 1)).sum().item() for x, y in test_loader)
    print("val_acc", correct / 10000)


def t004(a):
    train_loader = DataLoader(torchvision.datasets.MNIST(root=a.data, train=True, transform=transforms.ToTensor(), download=True), batch_size=100, shuffle=True)
    test_loader = DataLoader(torchvision.datasets.MNIST(root=a.data, train=False, transform=transforms.ToTensor()), batch_size=100, shuffle=False)
    model = nn.Sequential(nn.Linear(784, 500), nn.ReLU(), nn.Linear(500, 100), nn.ReLU(), nn.Linear(100, 10))
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    for epoch in range(a.epochs):
        start = time.perf_counter()
        for i, (images, labels) in enumerate(train_loader):
            loss = criterion(model(images.reshape(-1, 784)), labels)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            if (i + 1) % 100 == 0: loss.item()
        report(epoch, start)
    with torch.no_grad():
        correct = sum((model(x.reshape(-1, 784)).max(1)[1] == y).sum().item() for x, y in test_loader)
    print("val_acc", correct / 10000)


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("tutorial", choices=["000", "001", "002mlp", "002cnn", "003", "004"])
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--data", default="data/")
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()
    torch.manual_seed(a.seed)
    {"000": t000, "001": t001, "002mlp": lambda a: t002(a, SimpleMLP()), "002cnn": lambda a: t002(a, SimpleCNN()), "003": t003, "004": t004}[a.tutorial](a)
