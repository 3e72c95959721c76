// torch.stack of a batch of a tensor's rows, as a DataLoader collates list(zip(x, y)) (tutorial
// 001): 256 random rows of a [60000, 784] float tensor, 256 of a [60000, 1] label tensor, and
// the same 256 every call (memory in cache); then a whole batch of a shuffled DataLoader over
// list(zip(x, y)). Node, then Python (scripts/bench/stack.py) on the same machine;
// microseconds per call, default threads.
//   node --import tsx scripts/bench/stack.ts
import { execFileSync } from "node:child_process";
import path from "node:path";
import torch from "../../lib/index";
import { DataLoader } from "../../lib/utils/data";
import { PYTHON, usPerCall } from "./_util";

const x = torch.rand([60000, 784]); const rows = x.unbind();
const y = torch.randint(0, 10, [60000, 1]); const labels = y.unbind();
const perm = torch.randperm(60000).tolist() as number[];
let at = 0;
const batch = () => { at = (at + 256) % (60000 - 256); return perm.slice(at, at + 256); };
const node: Record<string, number> = {};
const bench = (name: string, f: () => unknown) => { node[name] = usPerCall(f, 2000, 100); };
const same = perm.slice(0, 256);
bench("random_rows", () => torch.stack(batch().map((i) => rows[i])));
bench("random_labels", () => torch.stack(batch().map((i) => labels[i])));
bench("same_rows", () => torch.stack(same.map((i) => rows[i])));
bench("same_labels", () => torch.stack(same.map((i) => labels[i])));
/** The next batch of the loader, epoch after epoch. */
function batches(dl: DataLoader): () => unknown {
  let it = dl[Symbol.iterator]();
  return () => { let r = it.next(); if (r.done) { it = dl[Symbol.iterator](); r = it.next(); } return r.value; };
}
const pairs = rows.map((r, i) => [r, labels[i]]);
bench("loader_batch", batches(new DataLoader(pairs, { batch_size: 256, shuffle: true })));

const out = execFileSync(PYTHON, [path.join(__dirname, "stack.py")], { encoding: "utf8" });
const python = Object.fromEntries(out.trim().split("\n").map((l) => { const [k, v] = l.split(" "); return [k, Number(v)]; }));
console.log("| case | Node (us) | Python (us) | Node / Python |\n| --- | ---: | ---: | ---: |");
for (const [k, v] of Object.entries(node)) console.log(`| ${k} | ${v.toFixed(1)} | ${python[k].toFixed(1)} | ${(v / python[k]).toFixed(2)} |`);
