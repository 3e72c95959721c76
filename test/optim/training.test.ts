// Tutorial-shaped training loops, seeded: the losses batch for batch and the final weights equal
// Python's (tutorial 003's CNN with dropout and SGD momentum; tutorial 002's MLP with Adam).
import { describe, it, expect, beforeAll } from "vitest";
import { Model003 } from "../nn/models";
import torch, { nn, optim, Tensor } from "../../lib/index";
import F from "../../lib/nn/functional";
import { py } from "../helpers/python";
import { expectClose } from "../nn/helpers";

const PY = `
import torch.nn as nn, torch.nn.functional as F, torch.optim as optim
class Model003(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels=1, out_channels=32, kernel_size=5); self.conv2 = nn.Conv2d(32, 16, 3)
        self.fc1 = nn.Linear(400, 100); self.fc2 = nn.Linear(100, 10)
    def forward(self, x):
        x = F.relu(F.max_pool2d(self.conv1(x), 2))
        x = F.relu(F.max_pool2d(self.conv2(x), 2))
        x = x.view(-1, 400)
        x = F.relu(self.fc1(x))
        x = F.dropout(x, training=self.training)
        x = self.fc2(x)
        return F.log_softmax(x, dim=1)
torch.manual_seed(1)
m = Model003(); opt = optim.SGD(m.parameters(), lr=0.01, momentum=0.5)
losses = []
m.train()
for i in range(4):
    x = torch.randn(32, 1, 28, 28); y = torch.randint(0, 10, (32,))
    opt.zero_grad(); loss = F.nll_loss(m(x), y); loss.backward(); opt.step(); losses.append(loss.item())
m.eval()
with torch.no_grad():
    xt = torch.randn(16, 1, 28, 28); pred = m(xt).argmax(1)
out = {'cnn': {'losses': losses, 'fc2': m.fc2.weight, 'pred': pred}}
torch.manual_seed(2)
mlp = nn.Sequential(nn.Flatten(), nn.Linear(28*28, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
crit = nn.CrossEntropyLoss(); opt = optim.Adam(mlp.parameters(), lr=0.001)
losses = []
for i in range(5):
    x = torch.rand(64, 1, 28, 28); y = torch.randint(0, 10, (64,))
    opt.zero_grad(); loss = crit(mlp(x), y); loss.backward(); opt.step(); losses.append(loss.item())
out['mlp'] = {'losses': losses, 'w': mlp[5].weight}
`;

let ref: any;
beforeAll(() => { ref = py(PY); });

describe("seeded training loops equal Python's", () => {
  it("tutorial 003: CNN, F.dropout in training, SGD(lr=0.01, momentum=0.5), F.nll_loss", () => {
    torch.manual_seed(1);
    const m = new Model003();
    const opt = new optim.SGD(m.parameters(), { lr: 0.01, momentum: 0.5 });
    const losses: number[] = [];
    m.train();
    for (let i = 0; i < 4; i++) {
      const x = torch.randn(32, 1, 28, 28), y = torch.randint(0, 10, [32]);
      opt.zero_grad();
      const loss = F.nll_loss(m(x), y);
      loss.backward();
      opt.step();
      losses.push(loss.item() as number);
    }
    m.eval();
    const pred = torch.no_grad(() => m(torch.randn(16, 1, 28, 28)).argmax(1));
    expectClose(losses, ref.cnn.losses, 1e-5);
    expectClose(m.fc2.weight, ref.cnn.fc2, 1e-5);
    expect(pred.tolist()).toEqual(ref.cnn.pred.tensor);
  });
  it("tutorial 002: Flatten MLP, CrossEntropyLoss, Adam(lr=0.001)", () => {
    torch.manual_seed(2);
    const mlp = new nn.Sequential(new nn.Flatten(), new nn.Linear(28 * 28, 256), new nn.ReLU(), new nn.Linear(256, 128), new nn.ReLU(), new nn.Linear(128, 10));
    const crit = new nn.CrossEntropyLoss();
    const opt = new optim.Adam(mlp.parameters(), { lr: 0.001 });
    const losses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const x = torch.rand(64, 1, 28, 28), y = torch.randint(0, 10, [64]);
      opt.zero_grad();
      const loss = crit(mlp(x), y);
      loss.backward();
      opt.step();
      losses.push(loss.item());
    }
    expectClose(losses, ref.mlp.losses, 1e-6);
    expectClose((mlp[5] as nn.Linear).weight, ref.mlp.w, 1e-6);
  });
});
