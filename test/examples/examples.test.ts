// Every example runs from its command line with a few batches: it prints what the tutorial
// prints, writes its plots (non-empty PNGs of the figure's size) and checkpoints that
// Python's torch.load reads.
import { describe, it, expect, beforeAll } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { PNG } from "pngjs";
import { runExample, runExampleAsync, runPython, tmpdir } from "./_run";

const out = tmpdir("examples");
const logs: Record<string, string> = {};
const size = (f: string) => { const p = PNG.sync.read(fs.readFileSync(path.join(out, f))); return [p.width, p.height]; };
function nonBlank(f: string): boolean {
  const p = PNG.sync.read(fs.readFileSync(path.join(out, f)));
  const first = p.data.readUInt32BE(0);
  for (let i = 4; i < p.data.length; i += 4) if (p.data.readUInt32BE(i) !== first) return true;
  return false;
}

// One after the other, without blocking: a worker blocked for a minute misses vitest's calls.
beforeAll(async () => {
  const common = ["--max-batches", "3", "--device", "cpu", "--out", out];
  logs["000"] = await runExampleAsync("000_logistic_regression.ts", ["--epochs", "1", ...common]);
  logs["002"] = await runExampleAsync("002_mnist_cnn.ts", ["--epochs", "1", ...common]);
  logs["003"] = await runExampleAsync("003_cnn_sgd.ts", ["--epochs", "1", ...common]);
  logs["004"] = await runExampleAsync("004_mlp_foreign_image.ts", ["--epochs", "1", "--max-batches", "150", "--device", "cpu", "--out", out]);
});

describe("000 logistic regression", () => {
  it("prints the tutorial's steps", () => {
    const s = logs["000"];
    expect(s).toContain("torch.Size([1, 28, 28]) 5");
    expect(s).toContain("length of Train Datasets:  50000");
    expect(s).toContain("length of Validation Datasets:  10000");
    expect(s).toContain("torch.Size([10, 784]) torch.Size([10])");
    expect(s).toContain("outputs shape:  torch.Size([128, 10])");
    expect(s).toMatch(/Sum:  (1|0\.99999\d*|1\.0000\d*)\n/);
    expect(s).toMatch(/Loss Function: {2}\[Function: cross_entropy\]/);
    expect(s.match(/^Epoch \[0\], val_loss: \d\.\d{4}, val_acc: \d\.\d{4}$/gm)!.length).toBe(4); // four fit() calls
    expect(s).toMatch(/Label: 7 , Predicted: \d/);
    expect(s).toContain("'linear.weight': tensor([[");
  });
  it("plots and saves", () => {
    expect(size("000_sample.png")).toEqual([640, 480]);
    expect(size("000_accuracy.png")).toEqual([640, 480]);
    expect(size("000_test_1839.png")).toEqual([640, 480]);
    expect(nonBlank("000_accuracy.png")).toBe(true);
  });
});

describe("002 MLP then CNN", () => {
  it("prints the per-epoch line of each model and where things went", () => {
    const s = logs["002"];
    expect(s.match(/^Epoch \[1\/1\]: Train Loss: \d\.\d{4}, Train Acc: \d\.\d{4} \| Val Loss: \d\.\d{4}, Val Acc: \d\.\d{4}/gm)!.length).toBe(2);
    expect(s).toContain(`checkpoint saved: ${path.join(out, "002_cnn.pt")}`);
    expect(s).toContain(`plot saved: ${path.join(out, "002_predictions.png")}`);
    expect(s).toMatch(/SimpleCNN test accuracy: \d\.\d{4}/);
  });
  it("draws five predictions in a 15 x 3 inch figure", () => {
    expect(size("002_predictions.png")).toEqual([1500, 300]);
    expect(nonBlank("002_predictions.png")).toBe(true);
  });
});

describe("003 CNN with SGD", () => {
  it("prints the size formula, the model's modules, the log lines and test results", () => {
    const s = logs["003"];
    expect(s).toContain("C1:24 MP1:12   C2:10 MP2:5    FC1_in:400");
    // Python's print of the same modules (an OrderedDict before 2.5, a plain dict since).
    const theirs = runPython(`import torch.nn as nn
class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 5); self.conv2 = nn.Conv2d(32, 16, 3)
        self.fc1 = nn.Linear(400, 100); self.fc2 = nn.Linear(100, 10)
print("{}", M()._modules)`).trim();
    expect(s).toContain(theirs);
    expect(s).toMatch(/Train {2}0\/60000 Loss:\d\.\d+/);
    expect(s.match(/Test set: Avg\. loss: \d\.\d{4}, Accuracy: [\d.]+ %/g)!.length).toBe(2);
  });
  it("draws the example grid, the loss plot and the prediction grid at 10 x 8 inches, 60 dpi", () => {
    for (const f of ["003_examples.png", "003_losses.png", "003_predictions.png"]) {
      expect(size(f)).toEqual([600, 480]);
      expect(nonBlank(f)).toBe(true);
    }
  });
});

describe("004 MLP and an outside image", () => {
  it("trains, tests, saves model.ckpt and reads the hand-drawn 4 as a 4", () => {
    const s = logs["004"];
    expect(s).toMatch(/Epoch \[1\/1\], Step \[100\/600\], Loss: \d\.\d{4}/);
    const acc = Number(/Accuracy of the network on the 10000 test images: ([\d.]+) %/.exec(s)![1]);
    expect(acc).toBeGreaterThan(85); // 150 batches of Adam
    expect(s).toContain("tensor([4])");
    expect(size("004_foreign_image.png")).toEqual([300, 300]);
  });
});

describe("checkpoints", () => {
  it("load in Python's torch with the model's keys and shapes", () => {
    const res = runPython(`
import json, sys, torch
out = {}
for f in sys.argv[1:]:
    sd = torch.load(f, weights_only=True) if 'weights_only' in torch.load.__code__.co_varnames else torch.load(f)
    out[f.split('/')[-1]] = {k: list(v.shape) for k, v in sd.items()}
print(json.dumps(out))
`.replace("sys.argv[1:]", JSON.stringify(["002_cnn.pt", "002_mlp.pt", "mnist-logistic.pth", "model.ckpt"].map((f) => path.join(out, f)))));
    const sd = JSON.parse(res);
    expect(sd["002_cnn.pt"]).toEqual({ "conv1.weight": [32, 1, 3, 3], "conv1.bias": [32], "conv2.weight": [64, 32, 3, 3], "conv2.bias": [64], "fc1.weight": [128, 3136], "fc1.bias": [128], "fc2.weight": [10, 128], "fc2.bias": [10] });
    expect(Object.keys(sd["002_mlp.pt"])).toEqual(["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias", "fc3.weight", "fc3.bias"]);
    expect(sd["mnist-logistic.pth"]).toEqual({ "linear.weight": [10, 784], "linear.bias": [10] });
    expect(sd["model.ckpt"]["fc2.weight"]).toEqual([100, 500]);
  });
});

describe("command lines", () => {
  it("--help lists the options; unknown options are refused", () => {
    const help = runExample("002_mnist_cnn.ts", ["--help"]);
    for (const o of ["--epochs", "--batch-size", "--lr", "--device", "--data", "--out", "--seed", "--model"]) expect(help).toContain(o);
    expect(() => runExample("003_cnn_sgd.ts", ["--no-such-option"])).toThrow(/Unknown argument/);
  });
});
