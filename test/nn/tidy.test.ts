// torch.tidy around training steps frees the step's temporaries but never a module's
// parameters and buffers or an optimizer's state: training gives Python's numbers.
import { describe, it, expect } from "vitest";
import torch, { nn, optim } from "../../lib/index";
import F from "../../lib/nn/functional";
import { py } from "../helpers/python";

describe("torch.tidy keeps what modules and optimizers hold", () => {
  const ref = py(`
torch.manual_seed(0)
model = torch.nn.Sequential(torch.nn.Linear(6, 8), torch.nn.BatchNorm1d(8), torch.nn.ReLU(), torch.nn.Linear(8, 3))
opt = torch.optim.Adam(model.parameters(), lr=0.01)
x = torch.randn(16, 6); y = torch.randint(0, 3, (16,))
losses = []
for _ in range(4):
    opt.zero_grad()
    loss = torch.nn.functional.cross_entropy(model(x), y)
    loss.backward()
    opt.step()
    losses.append(loss.item())
out = {"losses": losses, "w": model[3].weight, "rm": model[1].running_mean, "nbt": model[1].num_batches_tracked,
       "exp_avg": opt.state[model[0].weight]["exp_avg"]}`);

  it("a model built and trained inside tidy() calls gives Python's losses, weights, buffers and state", () => {
    torch.manual_seed(0);
    const model = torch.tidy(() => new nn.Sequential(new nn.Linear(6, 8), new nn.BatchNorm1d(8), new nn.ReLU(), new nn.Linear(8, 3)));
    const opt = new optim.Adam(model.parameters(), { lr: 0.01 });
    const x = torch.randn(16, 6), y = torch.randint(0, 3, [16]);
    const live0 = torch.memory_stats().live_tensors;
    const losses: number[] = [];
    for (let i = 0; i < 4; i++) {
      losses.push(torch.tidy(() => {
        opt.zero_grad();
        const loss = F.cross_entropy(model(x), y);
        loss.backward();
        opt.step();
        return loss.item();
      }));
    }
    losses.forEach((l, i) => expect(l).toBeCloseTo(ref.losses[i], 5));
    const m = model as any;
    expect(m[3].weight.tolist().flat()).toEqual(ref.w.tensor.flat().map((v: number) => expect.closeTo(v, 5)));
    expect(m[1].running_mean.tolist()).toEqual(ref.rm.tensor.map((v: number) => expect.closeTo(v, 5)));
    expect(m[1].num_batches_tracked.item()).toBe(ref.nbt.tensor);
    expect(opt.state.get(m[0].weight)!.exp_avg.tolist().flat()).toEqual(ref.exp_avg.tensor.flat().map((v: number) => expect.closeTo(v, 6)));
    // The steps' temporaries were freed: what stays is the optimizer's new state and the grads.
    expect(torch.memory_stats().live_tensors - live0).toBeLessThan(40);
  });

  it("torch.keep exempts a tensor from the enclosing tidy", () => {
    const kept = torch.tidy(() => { const t = torch.keep(torch.ones(3)); torch.zeros(2); return null; });
    expect(kept).toBe(null);
    let held: any;
    torch.tidy(() => { held = torch.keep(torch.arange(3)); const dropped = torch.ones(1); void dropped; });
    expect(held.tolist()).toEqual([0, 1, 2]);
  });
});
