// Tutorial 001's training loop written out on the MNIST tensors (no PNG files, no validation),
// Node in this process and Python (scripts/bench/loop001.py) in a child, alternating rounds:
// milliseconds per epoch and the part spent waiting on the DataLoader, median of each side
// (each round's first epoch left out). Against scripts/bench/tutorials.ts --tutorial 001 it
// shows what the tutorial's own process adds.
//   node --import tsx scripts/bench/loop001.ts [--rounds 3] [--epochs 4]
import { execFileSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import torch, { nn, Tensor } from "../../lib/index";
import { DataLoader } from "../../lib/utils/data";
import { MNIST } from "../../lib/torchvision/datasets";
import { median, PYTHON, step001 } from "./_util";

const args = yargs(hideBin(process.argv))
  .options({ rounds: { type: "number", default: 3 }, epochs: { type: "number", default: 4 } })
  .strict().parseSync();
const root = path.join(os.tmpdir(), "tn-bench-data");
const ds = new MNIST({ root, train: true, download: true });
const x = ds.data.float().div(255).view(-1, 784), y = ds.targets.unsqueeze(1);
const ys = y.unbind();
const dl = new DataLoader(x.unbind().map((xi, i) => [xi, ys[i]]), { batch_size: 256, shuffle: true });
torch.manual_seed(0);
const loss_func = new nn.CrossEntropyLoss();
type Epoch = { model: string; epoch_ms: number; data_ms: number };

function nodeRound(): Epoch[] {
  const out: Epoch[] = [];
  const models: [string, nn.Module, number][] = [
    ["784-30-10", new nn.Sequential(new nn.Linear(784, 30), new nn.ReLU(), new nn.Linear(30, 10)), 0.001],
    ["784-392-30-10", new nn.Sequential(new nn.Linear(784, 392), new nn.ReLU(), new nn.Linear(392, 30), new nn.ReLU(), new nn.Linear(30, 10)), 0.005],
  ];
  for (const [model, net, lr] of models) {
    const params = net.parameters();
    for (let e = 0; e < args.epochs; e++) {
      const start = performance.now();
      let data = 0, t = performance.now();
      let losses = torch.tensor([]);
      for (const [xb, yb] of dl as Iterable<[Tensor, Tensor]>) {
        data += performance.now() - t;
        losses = step001(net, params, loss_func, lr, losses, xb, yb);
        t = performance.now();
      }
      out.push({ model, epoch_ms: performance.now() - start, data_ms: data });
    }
  }
  return out;
}

const nodeE: Epoch[] = [], pyE: Epoch[] = [];
const dropFirst = (es: Epoch[]) => es.filter((e, i) => i > 0 && es[i - 1].model === e.model);
for (let r = 0; r < args.rounds; r++) {
  nodeE.push(...dropFirst(nodeRound()));
  const py = execFileSync(PYTHON, [path.join(__dirname, "loop001.py"), root, String(args.epochs)], { encoding: "utf8" });
  pyE.push(...dropFirst(py.trim().split("\n").map((l) => JSON.parse(l) as Epoch)));
}
const stat = (es: Epoch[], m: string, k: "epoch_ms" | "data_ms") => median(es.filter((e) => e.model === m).map((e) => e[k]));
console.log(`001's loop written out, ${args.rounds} rounds x ${args.epochs} epochs, ms per epoch (median)\n`);
console.log("| model | Node epoch | Python epoch | Node / Python | Node data | Python data |\n| --- | ---: | ---: | ---: | ---: | ---: |");
for (const m of ["784-30-10", "784-392-30-10"]) {
  const [ne, pe] = [stat(nodeE, m, "epoch_ms"), stat(pyE, m, "epoch_ms")];
  console.log(`| ${m} | ${ne.toFixed(0)} | ${pe.toFixed(0)} | ${(ne / pe).toFixed(2)} | ${stat(nodeE, m, "data_ms").toFixed(0)} | ${stat(pyE, m, "data_ms").toFixed(0)} |`);
}
