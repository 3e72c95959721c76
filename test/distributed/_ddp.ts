// Worker: a small model trained for a few steps, under DistributedDataParallel on this
// rank's share of each batch ("ddp"), or alone on the whole batch ("single"). Prints the
// final parameters, the state_dict keys and the losses as JSON.
import torch, { nn, optim } from "torch-node";
import dist from "torch-node/distributed";
import { DistributedDataParallel } from "torch-node/nn/parallel";

const mode = process.argv[2] ?? "ddp";
const findUnused = process.argv[3] === "unused";
const ws = mode === "single" ? 1 : Number(process.env.WORLD_SIZE);
const rank = mode === "single" ? 0 : Number(process.env.RANK);
if (mode !== "single") dist.init_process_group("gloo", { timeout: 60 });
torch.manual_seed(0);
const model = new nn.Sequential(new nn.Linear(4, 8), new nn.Tanh(), new nn.Linear(8, 2));
// Rank 0's initial weights must win: perturb the others before wrapping.
if (rank !== 0) torch.no_grad(() => { for (const p of model.parameters()) p.add_(1); });
const net: any = mode === "single" ? model : new DistributedDataParallel(model, { find_unused_parameters: findUnused });
const opt = new optim.SGD(net.parameters(), { lr: 0.1 });
const g = new torch.Generator();
g.manual_seed(1);
const X = torch.randn([8, 4], { generator: g }), Y = torch.randn([8, 2], { generator: g });
const per = 8 / ws;
const x = X.index(`${rank * per}:${(rank + 1) * per}`), y = Y.index(`${rank * per}:${(rank + 1) * per}`);
const losses: number[] = [];
for (let step = 0; step < 3; step++) {
  opt.zero_grad();
  const loss = nn.functional.mse_loss(net(x), y);
  loss.backward();
  opt.step();
  losses.push(loss.item() as number);
}
// no_sync: two half-batches accumulated locally, the second synced (Python's recipe).
if (mode !== "single") {
  opt.zero_grad();
  const h = per / 2;
  net.no_sync(() => nn.functional.mse_loss(net(x.index(`:${h}`)), y.index(`:${h}`)).div(2).backward());
  nn.functional.mse_loss(net(x.index(`${h}:`)), y.index(`${h}:`)).div(2).backward();
  opt.step();
} else {
  // the same two halves of every rank's share, on one process
  opt.zero_grad();
  let total = torch.zeros([]);
  for (let r = 0; r < 2; r++) {
    for (let k = 0; k < 2; k++) {
      const lo = r * 4 + k * 2;
      total = total.add(nn.functional.mse_loss(model(X.index(`${lo}:${lo + 2}`)), Y.index(`${lo}:${lo + 2}`)).div(4));
    }
  }
  total.backward();
  opt.step();
}
const params = model.parameters().map((p) => p.detach().reshape(-1).tolist());
console.log(JSON.stringify({ rank, losses, params, keys: Object.keys(net.state_dict()) }));
if (mode !== "single") dist.destroy_process_group();
