// Tutorials 000 and 004 (see parity.test.ts). With the tutorial's seed, a port prints Python's losses batch for batch on the CPU: each
// Python program below is the tutorial's own code, trimmed to a few batches (MAX) and the
// same options as the TypeScript run, printing every training loss.
import { describe, it, expect } from "vitest";
import { runExample, runPython, tmpdir, expectSameLosses } from "./_run";

describe("tutorial 000: logistic regression, random_split, SGD", () => {
  it("prints Python's losses and validation lines through four fit() calls", () => {
    const ts = runExample("000_logistic_regression.ts", ["--epochs", "1", "--max-batches", "3", "--print-loss", "--out", tmpdir("p000")]);
    const py = runPython(`
import torch, torchvision
from torchvision.datasets import MNIST
import torchvision.transforms as transforms
from torch.utils.data import random_split, DataLoader
import torch.nn as nn
import torch.nn.functional as F
MAX = 3
torch.manual_seed(0)
dataset = MNIST(root='data/', download=True)
mnist_dataset = MNIST(root='data/', train=True, transform=transforms.ToTensor())
train_data, validation_data = random_split(mnist_dataset, [50000, 10000])
batch_size = 128
train_loader = DataLoader(train_data, batch_size, shuffle=True)
val_loader = DataLoader(validation_data, batch_size, shuffle=False)
input_size, num_classes = 28 * 28, 10
def accuracy(outputs, labels):
    _, preds = torch.max(outputs, dim=1)
    return(torch.tensor(torch.sum(preds == labels).item() / len(preds)))
class MnistModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(input_size, num_classes)
    def forward(self, xb):
        return self.linear(xb.reshape(-1, 784))
    def training_step(self, batch):
        images, labels = batch
        return F.cross_entropy(self(images), labels)
    def validation_step(self, batch):
        images, labels = batch
        out = self(images)
        return({'val_loss': F.cross_entropy(out, labels), 'val_acc': accuracy(out, labels)})
    def validation_epoch_end(self, outputs):
        epoch_loss = torch.stack([x['val_loss'] for x in outputs]).mean()
        epoch_acc = torch.stack([x['val_acc'] for x in outputs]).mean()
        return({'val_loss': epoch_loss.item(), 'val_acc' : epoch_acc.item()})
model = MnistModel()
for images, labels in train_loader:
    outputs = model(images)
    break
print("Accuracy: ", accuracy(outputs, labels))
print(F.cross_entropy(outputs, labels))
model = MnistModel()
def evaluate(model, val_loader):
    outputs = []
    for batch in val_loader:
        outputs.append(model.validation_step(batch))
        if len(outputs) >= MAX: break
    return model.validation_epoch_end(outputs)
count = 0
def fit(epochs, lr, model, train_loader, val_loader, opt_func=torch.optim.SGD):
    global count
    optimizer = opt_func(model.parameters(), lr)
    for epoch in range(epochs):
        for i, batch in enumerate(train_loader):
            loss = model.training_step(batch)
            loss.backward()
            optimizer.step()
            optimizer.zero_grad()
            print(f"loss[{count},{i}] = {loss.item()!r}")
            if i + 1 >= MAX: break
        result = evaluate(model, val_loader)
        print("Epoch [{}], val_loss: {:.4f}, val_acc: {:.4f}".format(epoch, result['val_loss'], result['val_acc']))
        count += 1
result0 = evaluate(model, val_loader)
for k in range(4):
    fit(1, 0.001, model, train_loader, val_loader)
`);
    expectSameLosses(ts, py, 12);
    const lines = (s: string, re: RegExp) => s.split("\n").filter((l) => re.test(l));
    expect(lines(ts, /^Epoch \[/)).toEqual(lines(py, /^Epoch \[/));
    expect(lines(ts, /^(Accuracy: |tensor\(\d.*NllLoss)/)).toEqual(lines(py, /^(Accuracy: |tensor\(\d.*NllLoss)/));
  });
});

describe("tutorial 004: MLP 784-500-100-10, Adam, an outside image", () => {
  it("prints Python's losses, test accuracy and prediction on the hand-drawn digit", () => {
    const ts = runExample("004_mlp_foreign_image.ts", ["--epochs", "2", "--max-batches", "4", "--print-loss", "--device", "cpu", "--out", tmpdir("p004")]);
    const py = runPython(`
import torch, torchvision
import torch.nn as nn
import torchvision.transforms as transforms
from PIL import Image, ImageOps
MAX = 4
torch.manual_seed(0)
device = torch.device('cpu')
input_size, hidden_size, hidden_size2, num_classes = 784, 500, 100, 10
num_epochs, batch_size, learning_rate = 2, 100, 0.001
train_dataset = torchvision.datasets.MNIST(root='data/', train=True, transform=transforms.ToTensor(), download=True)
test_dataset = torchvision.datasets.MNIST(root='data/', train=False, transform=transforms.ToTensor())
train_loader = torch.utils.data.DataLoader(dataset=train_dataset, batch_size=batch_size, shuffle=True)
test_loader = torch.utils.data.DataLoader(dataset=test_dataset, batch_size=batch_size, shuffle=False)
class NeuralNet(nn.Module):
    def __init__(self, input_size, hidden_size, hidden_size2, num_classes):
        super(NeuralNet, self).__init__()
        self.fc1 = nn.Linear(input_size, hidden_size)
        self.relu = nn.ReLU()
        self.fc2 = nn.Linear(hidden_size, hidden_size2)
        self.fc3 = nn.Linear(hidden_size2, num_classes)
    def forward(self, x):
        return self.fc3(self.relu(self.fc2(self.relu(self.fc1(x)))))
model = NeuralNet(input_size, hidden_size, hidden_size2, num_classes).to(device)
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=learning_rate)
for epoch in range(num_epochs):
    for i, (images, labels) in enumerate(train_loader):
        images = images.reshape(-1, 28*28).to(device)
        outputs = model(images)
        loss = criterion(outputs, labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        print(f"loss[{epoch},{i}] = {loss.item()!r}")
        if i + 1 >= MAX: break
with torch.no_grad():
    correct = 0
    total = 0
    for i, (images, labels) in enumerate(test_loader):
        outputs = model(images.reshape(-1, 28*28))
        _, predicted = torch.max(outputs.data, 1)
        total += labels.size(0)
        correct += (predicted == labels).sum().item()
        if i + 1 >= MAX: break
    print('Accuracy of the network on the {} test images: {} %'.format(total, 100 * correct / total))
img = Image.open('examples/assets/digit_4.png').convert('L')
img = ImageOps.invert(img)
img = img.resize((28, 28))
x = transforms.ToTensor()(img).reshape(-1, 28*28)
print("pixels:", repr(x.sum().item()))
model.eval()
with torch.no_grad():
    _, predicted = torch.max(model(x).data, 1)
print(predicted)
`);
    expectSameLosses(ts, py, 8);
    const line = (s: string, re: RegExp) => s.split("\n").find((l) => re.test(l));
    expect(line(ts, /^Accuracy of the network/)).toBe(line(py, /^Accuracy of the network/));
    expect(line(ts, /^tensor\(\[\d\]\)$/)).toBe(line(py, /^tensor\(\[\d\]\)$/));
  });
});
