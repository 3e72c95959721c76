// With the tutorial's seed, a port prints Python's losses batch for batch on the CPU: each
// Python program below is the tutorial's own code, trimmed to a few batches (MAX) and the
// same options as the TypeScript run, printing every training loss.
import { describe, it, expect } from "vitest";
import { runExample, runPython, tmpdir, expectSameLosses } from "./_run";

describe("tutorial 002: MLP then CNN, Adam", () => {
  it("prints Python's losses for 2 epochs x 4 batches of each model", () => {
    const ts = runExample("002_mnist_cnn.ts", ["--epochs", "2", "--max-batches", "4", "--print-loss", "--device", "cpu", "--out", tmpdir("p002")]);
    const py = runPython(`
import torch, torchvision
import torch.nn as nn
import torch.optim as optim
import torchvision.transforms as transforms
from torch.utils.data import DataLoader
MAX = 4
batch_size, learning_rate, num_epochs = 64, 0.001, 2
torch.manual_seed(0)
transform = transforms.ToTensor()
train_dataset = torchvision.datasets.MNIST(root='data/', train=True, transform=transform, download=True)
test_dataset = torchvision.datasets.MNIST(root='data/', train=False, transform=transform, download=True)
train_loader = DataLoader(dataset=train_dataset, batch_size=batch_size, shuffle=True)
test_loader = DataLoader(dataset=test_dataset, batch_size=batch_size, shuffle=False)
class SimpleMLP(nn.Module):
    def __init__(self):
        super(SimpleMLP, self).__init__()
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
        super(SimpleCNN, self).__init__()
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
        x = x.view(x.size(0), -1)
        return self.fc2(self.relu3(self.fc1(x)))
def train(model, loader, criterion, optimizer, device='cpu', epoch=0):
    model.train()
    for i, (images, labels) in enumerate(loader):
        images, labels = images.to(device), labels.to(device)
        outputs = model(images)
        loss = criterion(outputs, labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        print(f"loss[{epoch},{i}] = {loss.item()!r}")
        if i + 1 >= MAX: break
def evaluate(model, loader, criterion, device='cpu'):
    model.eval()
    with torch.no_grad():
        for i, (images, labels) in enumerate(loader):
            outputs = model(images.to(device))
            loss = criterion(outputs, labels.to(device))
            if i + 1 >= MAX: break
device = torch.device('cpu')
for name in ['mlp', 'cnn']:
    model = SimpleMLP() if name == 'mlp' else SimpleCNN()
    criterion = nn.CrossEntropyLoss()
    optimizer = optim.Adam(model.parameters(), lr=learning_rate)
    model.to(device)
    for epoch in range(num_epochs):
        train(model, train_loader, criterion, optimizer, device, epoch)
        evaluate(model, test_loader, criterion, device)
`);
    expectSameLosses(ts, py, 16);
  });
});

describe("tutorial 003: CNN with nll_loss, SGD momentum, seed 1", () => {
  it("prints Python's losses and test accuracies for 2 epochs x 5 batches", () => {
    const ts = runExample("003_cnn_sgd.ts", ["--epochs", "2", "--max-batches", "5", "--print-loss", "--device", "cpu", "--out", tmpdir("p003")]);
    const py = runPython(`
import torch, torchvision
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
MAX = 5
n_epochs = 2
batch_size_train = 64
batch_size_test = 1000
learning_rate = 0.01
log_frequency = 100
random_seed = 1
torch.manual_seed(random_seed)
device = torch.device("cpu")
train_loader = torch.utils.data.DataLoader(
  torchvision.datasets.MNIST('data/', train=True, download=True,
                             transform=torchvision.transforms.Compose([
                               torchvision.transforms.ToTensor(),
                               torchvision.transforms.Normalize(
                                 (0.1307,), (0.3081,))
                             ])),
  batch_size=batch_size_train, shuffle=True)
test_loader = torch.utils.data.DataLoader(
  torchvision.datasets.MNIST('data/', train=False, download=True,
                             transform=torchvision.transforms.Compose([
                               torchvision.transforms.ToTensor(),
                               torchvision.transforms.Normalize(
                                 (0.1307,), (0.3081,))
                             ])),
  batch_size=batch_size_test, shuffle=True)
examples = enumerate(test_loader)
batch_idx, (example_X, example_y) = next(examples)
print("examples: " + " ".join(str(int(v)) for v in example_y[:16]))
fc1_in_size = 400
class model(nn.Module):
    def __init__(self):
        super(model, self).__init__()
        self.conv1 = nn.Conv2d(in_channels=1, out_channels=32, kernel_size=5)
        self.conv2 = nn.Conv2d(32, 16, 3)
        self.fc1 = nn.Linear(fc1_in_size, 100)
        self.fc2 = nn.Linear(100, 10)
    def forward(self, x):
        x = F.relu(F.max_pool2d(self.conv1(x), 2))
        x = F.relu(F.max_pool2d(self.conv2(x), 2))
        x = x.view(-1, fc1_in_size)
        x = F.relu(self.fc1(x))
        x = F.dropout(x, training=self.training)
        x = self.fc2(x)
        return F.log_softmax(x, dim=1)
nnModel = model().to(device)
lossFn = F.nll_loss
optimizer = optim.SGD(nnModel.parameters(), lr=learning_rate, momentum=0.5)
def train(model, lossFn, optimizer, train_loader, epoch):
  model.train()
  for batch_idx, (X_train, y_train) in enumerate(train_loader):
    optimizer.zero_grad()
    y_hat = model(X_train)
    loss = lossFn(y_hat, y_train)
    loss.backward()
    optimizer.step()
    print(f"loss[{epoch},{batch_idx}] = {loss.item()!r}")
    if batch_idx + 1 >= MAX: break
def test(model, lossFn, test_loader):
  model.eval()
  correct = 0
  with torch.no_grad():
    for i, (X_test, y_test) in enumerate(test_loader):
      y_hat = model(X_test)
      pred = y_hat.data.max(1, keepdim=True)[1]
      correct += pred.eq(y_test.data.view_as(pred)).sum()
      if i + 1 >= MAX: break
  accuracy = 100. * correct / len(test_loader.dataset)
  print(f'Accuracy: {accuracy} %')
test(nnModel, lossFn, test_loader)
for epoch in range(1, n_epochs + 1):
  train(nnModel, lossFn, optimizer, train_loader, epoch)
  test(nnModel, lossFn, test_loader)
`);
    expectSameLosses(ts, py, 10);
    const acc = (s: string) => [...s.matchAll(/Accuracy: (\S+) %/g)].map((m) => m[1]);
    expect(acc(ts)).toEqual(acc(py));
    expect(acc(py).length).toBe(3);
  });
});

