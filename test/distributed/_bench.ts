// Benchmark worker (BENCHMARKS.md, "Distributed"): "allreduce" times a 10 MB float32
// all_reduce; "ddp" the samples/s of tutorial 002's CNN under DDP on random batches of 64
// per process (WORLD_SIZE=1: one process, no DDP).
import torch, { nn, optim } from "torch-node";
import dist from "torch-node/distributed";
import { DistributedDataParallel } from "torch-node/nn/parallel";

const what = process.argv[2] ?? "allreduce";
const ws = Number(process.env.WORLD_SIZE ?? 1);
if (ws > 1) dist.init_process_group("gloo");
const rank = ws > 1 ? dist.get_rank() : 0;
if (what === "allreduce") {
  const t = torch.ones(10 * 1024 * 1024 / 4);
  for (let i = 0; i < 3; i++) dist.all_reduce(t);
  const n = 20, t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) dist.all_reduce(t);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6 / n;
  if (rank === 0) console.log(JSON.stringify({ what, ms }));
} else {
  torch.manual_seed(0);
  const model = new nn.Sequential(new nn.Conv2d(1, 32, 3, { padding: 1 }), new nn.ReLU(), new nn.MaxPool2d(2, 2),
    new nn.Conv2d(32, 64, 3, { padding: 1 }), new nn.ReLU(), new nn.MaxPool2d(2, 2), new nn.Flatten(),
    new nn.Linear(64 * 7 * 7, 128), new nn.ReLU(), new nn.Linear(128, 10));
  const net: any = ws > 1 ? new DistributedDataParallel(model) : model;
  const opt = new optim.Adam(net.parameters(), { lr: 1e-3 });
  const x = torch.randn([64, 1, 28, 28]), y = torch.randint(10, [64]);
  const step = () => { opt.zero_grad(); nn.functional.cross_entropy(net(x), y).backward(); opt.step(); };
  for (let i = 0; i < 3; i++) step();
  const n = 20, t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) step();
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  if (rank === 0) console.log(JSON.stringify({ what, world_size: ws, samples_per_s: (64 * n * ws) / s }));
}
if (ws > 1) dist.destroy_process_group();
