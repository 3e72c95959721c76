// Tutorial 001 reads 70,000 PNG files (made once from MNIST): one run serves both the checks
// of what it prints and draws, and the parity with Python (run alongside, same files).
import { describe, it, expect, beforeAll } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { PNG } from "pngjs";
import { runExampleAsync, runPythonAsync, tmpdir, expectSameLosses, DATA } from "./_run";

const out = tmpdir("ex001");
let ts = "", py = "";

const PY = `
import os, numpy as np, torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image
from torch.utils.data import DataLoader
MAX, EPOCHS, LR, LR_DEEP, BS = 3, 2, 0.001, 0.005, 256
torch.manual_seed(0)
root = 'data/mnist_png'
# Node lists a folder's entries sorted; list them the same way here
ls = lambda p: [os.path.join(p, f) for f in sorted(os.listdir(p))]
training_files = [f for d in sorted(ls(root + '/training')) for f in ls(d)]
validation_files = [f for d in sorted(ls(root + '/testing')) for f in ls(d)]
train_x = torch.stack([torch.tensor(np.array(Image.open(o))) for o in training_files]).float()/255
valid_x = torch.stack([torch.tensor(np.array(Image.open(o))) for o in validation_files]).float()/255
train_x, valid_x = train_x.view(-1, 28*28), valid_x.view(-1, 28*28)
train_y = torch.tensor([int(p.split('/')[-2]) for p in training_files]).unsqueeze(1)
valid_y = torch.tensor([int(p.split('/')[-2]) for p in validation_files]).unsqueeze(1)
dset = list(zip(train_x, train_y))
valid_dset = list(zip(valid_x, valid_y))
first = lambda dl: next(iter(dl))
dl = DataLoader(dset, batch_size=BS, shuffle=True)
valid_dl = DataLoader(valid_dset, batch_size=BS, shuffle=True)
torch.manual_seed(42)
acts = torch.randn((6,10))*2
print(acts)
x, y = first(dl)
x, y = first(valid_dl)
print(y[:5])
simple_net = nn.Sequential(nn.Linear(28*28, 30), nn.ReLU(), nn.Linear(30, 10))
mnist_loss = nn.CrossEntropyLoss()
state = {'epoch': 0, 'batch': 0}
class BasicOptim:
  def __init__(self,params,lr): self.params,self.lr = list(params),lr
  def step(self, *args, **kwargs):
    for p in self.params: p.data -= p.grad.data * self.lr
  def zero_grad(self, *args, **kwargs):
    for p in self.params: p.grad = None
opt = BasicOptim(simple_net.parameters(), 0.1)
def calc_grad(xb, yb, model):
  loss = mnist_loss(model(xb), yb.squeeze())
  loss.backward()
  print(f"loss[{state['epoch']},{state['batch']}] = {loss.item()!r}")
def train_epoch(model):
  for i, (xb, yb) in enumerate(dl):
    state['batch'] = i
    calc_grad(xb, yb, model)
    opt.step()
    opt.zero_grad()
    if i + 1 >= MAX: break
  state['epoch'] += 1
def batch_accuracy(xb, yb):
  preds = torch.softmax(xb, dim=1).max(dim=1).indices
  return (preds == yb.squeeze()).float().mean().item()
def validate_epoch(model):
  accs = []
  for xb, yb in valid_dl:
    accs.append(batch_accuracy(model(xb), yb))
    if len(accs) >= MAX: break
  return round(torch.tensor(accs).mean().item(), 4)
simple_net = nn.Sequential(nn.Linear(28*28, 30), nn.ReLU(), nn.Linear(30, 10))
opt = BasicOptim(simple_net.parameters(), lr=0.01)
xb, yb = first(dl)
loss = mnist_loss(simple_net(xb), yb.squeeze())
print(loss)
loss.backward()
opt.step()
opt.zero_grad()
print(validate_epoch(simple_net))
simple_net = nn.Sequential(nn.Linear(28*28, 30), nn.ReLU(), nn.Linear(30, 10))
opt = BasicOptim(simple_net.parameters(), lr=LR)
for i in range(EPOCHS):
  train_epoch(simple_net)
  print("acc", validate_epoch(simple_net))
def fit(model, lr):
  global opt
  opt = BasicOptim(model.parameters(), lr)
  for i in range(EPOCHS):
    losses = []
    for j, (xb, yb) in enumerate(dl):
      state['batch'] = j
      loss = mnist_loss(model(xb), yb.squeeze())
      losses.append(loss.item())
      loss.backward()
      print(f"loss[{state['epoch']},{j}] = {loss.item()!r}")
      opt.step()
      opt.zero_grad()
      if j + 1 >= MAX: break
    state['epoch'] += 1
    print(f"{i:<8}{round(torch.tensor(losses).mean().item(), 4):<14}{validate_epoch(model):<16}")
fit(nn.Sequential(nn.Linear(28*28, 30), nn.ReLU(), nn.Linear(30, 10)), LR)
fit(nn.Sequential(nn.Linear(28*28, 392), nn.ReLU(), nn.Linear(392, 30), nn.ReLU(), nn.Linear(30, 10)), LR_DEEP)
`;

beforeAll(async () => {
  const run = () => runExampleAsync("001_mnist_from_scratch.ts", ["--epochs", "2", "--max-batches", "3", "--print-loss", "--out", out]);
  // The example makes the PNG folders when they are missing: then Python waits for it.
  if (fs.existsSync(path.join(DATA, "mnist_png", "testing", "9"))) [ts, py] = await Promise.all([run(), runPythonAsync(PY)]);
  else { ts = await run(); py = await runPythonAsync(PY); }
}, 240_000);

describe("tutorial 001 from PNG folders", () => {
  it("reads the 70,000 files into the tutorial's shapes and prints its worked examples", () => {
    expect(ts).toContain("60000 10000");
    expect(ts).toContain("torch.Size([60000, 784])");
    expect(ts).toContain("torch.Size([784]) tensor([0])");
    expect(ts).toContain("torch.Size([256, 784]) torch.Size([256, 1])");
    // Values the tutorial's text prints (seed 42), and the same loss three ways.
    expect(ts).toContain("tensor([[ 0.6734,  0.2576],\n        [ 0.4689,  0.4607],");
    expect(ts).toContain("tensor([0.6025, 0.4979, 0.1332, 0.0034, 0.4041, 0.3661])");
    expect(ts.split("tensor([0.5067, 0.6973, 2.0160, 5.6958, 0.9062, 1.0048])").length - 1).toBe(3);
    expect(ts).toContain("tensor([0, 6, 3, 5, 8, 0])");
    expect(ts).toContain("0.6666666865348816");
    expect(ts).toMatch(/Epoch {3}Train Loss {4}batch_accuracy {2}Time \(s\)/);
    expect(ts.match(/^Actual: \d {4}Prediction: \(tensor\(0\.\d{4}, grad_fn=<MaxBackward1>\), \d\)$/gm)!.length).toBe(10);
  });

  it("draws each image in its own 1 x 1 inch figure and the log plot", () => {
    const files = fs.readdirSync(out).filter((f) => /^001_image_\d+\.png$/.test(f));
    expect(files.length).toBe(4 + 4 + 3 + 10);
    const p = PNG.sync.read(fs.readFileSync(path.join(out, files[0])));
    expect([p.width, p.height]).toEqual([100, 100]);
    expect(PNG.sync.read(fs.readFileSync(path.join(out, "001_log.png"))).width).toBe(640);
  });

  it("prints Python's losses batch for batch (seed 42), its accuracies and table rows", () => {
    expectSameLosses(ts, py, 3 * 2 * 3);
    const pyLines = py.split("\n");
    expect(ts).toContain(pyLines[0]); // acts
    expect(ts).toContain(pyLines.find((l) => l.startsWith("tensor(2.") && l.includes("NllLossBackward0"))!);
    // validate_epoch after the manual step
    const first = (s: string) => { const l = s.split("\n"); return l[l.findIndex((x) => /^tensor\(2\..*NllLossBackward0/.test(x)) + 1]; };
    expect(first(ts)).toBe(first(py));
    // table rows: epoch, mean loss, accuracy (the time column differs)
    const rows = (s: string) => s.split("\n").filter((l) => /^\d {7}\d\.\d+ +\d\.\d+/.test(l)).map((l) => l.split(/ +/).slice(0, 3).join(" "));
    expect(rows(ts)).toEqual(rows(py));
    expect(rows(py).length).toBe(4);
  });
});
