// Data loading benchmark: one epoch of MNIST train batches of 64 with ToTensor, Node's DataLoader
// (batched fast path, and item by item) against Python's (num_workers=0), in the same run.
// Usage: npx tsx scripts/bench/data.ts [--epochs 3] [--python-epochs 1]
import { execFileSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import torch from "../../lib/index";
import { transforms } from "../../lib/torchvision";
import { MNIST } from "../../lib/torchvision/datasets";
import { DataLoader, default_collate } from "../../lib/utils/data";
import { PYTHON } from "./_util";

const arg = (name: string, def: number) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? Number(process.argv[i + 1]) : def; };
const epochs = arg("epochs", 3), pyEpochs = arg("python-epochs", 1);
const root = path.join(os.tmpdir(), "tn-bench-data");
torch.set_num_threads(1);
const ds = new MNIST({ root, download: true, transform: new transforms.ToTensor() });
const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];

function epoch(loader: DataLoader): number {
  const t0 = process.hrtime.bigint();
  let n = 0;
  for (const [x] of loader) n += x.size(0);
  if (n !== 60000) throw new Error(`epoch saw ${n} samples`);
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

const fast = new DataLoader(ds, { batch_size: 64, shuffle: true });
// A collate_fn other than the default one makes the loader fetch item by item, as Python does.
const items = new DataLoader(ds, { batch_size: 64, shuffle: true, collate_fn: (b: any[]) => default_collate(b) });
epoch(fast); // warm-up
const nodeFast: number[] = [], nodeItems: number[] = [];
for (let i = 0; i < epochs; i++) nodeFast.push(epoch(fast));
for (let i = 0; i < Math.max(1, Math.min(epochs, 2)); i++) nodeItems.push(epoch(items));
const py = JSON.parse(execFileSync(PYTHON, [path.join(__dirname, "data.py"), root, String(pyEpochs)], { env: { ...process.env, OMP_NUM_THREADS: "1" } }).toString());
const pyT = median(py.epoch_s);
const f = median(nodeFast), it = median(nodeItems);
console.log(`MNIST train, batch 64, ToTensor, one epoch (median; 1 thread):`);
console.log(`  Python DataLoader (num_workers=0): ${pyT.toFixed(3)} s`);
console.log(`  Node DataLoader, batched getitems: ${f.toFixed(3)} s  (${(f / pyT * 100).toFixed(1)}% of Python's time)`);
console.log(`  Node DataLoader, item by item:     ${it.toFixed(3)} s  (${(it / pyT * 100).toFixed(1)}% of Python's time)`);

