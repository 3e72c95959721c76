// Where results land: the same op with its result left to the GC (freed at the next sweep,
// with tens of MB of others, so a new result is written to memory out of cache) and with
// it disposed at once (the block malloc hands out next is the one just written, as in
// Python), then tutorial 001's step on one fixed batch. Node, then Python
// (scripts/bench/cold.py), alternating; microseconds per call.
//   node --import tsx scripts/bench/cold.ts [--rounds 2]
import { execFileSync } from "node:child_process";
import path from "node:path";
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import torch, { nn } from "../../lib/index";
import { collect } from "../../lib/_lifetime";
import { PYTHON, step001, usPerCall } from "./_util";

const args = yargs(hideBin(process.argv)).options({ rounds: { type: "number", default: 2 } }).strict().parseSync();
torch.manual_seed(0);
const h = torch.rand([256, 30]), g = torch.rand([30, 784]);
const xb = torch.rand([256, 784]), yb = torch.randint(0, 10, [256, 1]);
const net = new nn.Sequential(new nn.Linear(784, 30), new nn.ReLU(), new nn.Linear(30, 10));
const params = net.parameters(), loss_func = new nn.CrossEntropyLoss(), lr = 0.001;
let losses = torch.tensor([]);
const step = () => { losses = step001(net, params, loss_func, lr, losses, xb, yb); };
const CASES: [string, () => unknown, number][] = [
  ["relu [256, 30]", () => h.relu(), 20000],
  ["relu [256, 30], disposed", () => h.relu().dispose(), 20000],
  ["zeros [256, 30]", () => torch.zeros([256, 30]), 20000],
  ["zeros [256, 30], disposed", () => torch.zeros([256, 30]).dispose(), 20000],
  ["[30, 784] mul lr", () => g.mul(lr), 20000],
  ["[30, 784] mul lr, disposed", () => g.mul(lr).dispose(), 20000],
  ["001 step, forward and loss", () => loss_func(net(xb), yb.squeeze()), 2000],
  ["001 step, all", step, 2000],
  ["001 step, all, in torch.tidy", () => { losses = torch.tidy(() => { step(); return losses; }); }, 2000],
  ["001 step, all, a young collection after it", () => { step(); collect(); }, 2000],
];
const node: Record<string, number[]> = {}, python: Record<string, number[]> = {};
for (let r = 0; r < args.rounds; r++) {
  for (const [name, f, n] of CASES) (node[name] ??= []).push(usPerCall(f, n, n / 10));
  const out = execFileSync(PYTHON, [path.join(__dirname, "cold.py")], { encoding: "utf8" });
  for (const line of out.trim().split("\n")) { const [k, v] = line.split("\t"); (python[k] ??= []).push(Number(v)); }
}
const fmt = (xs: number[] | undefined) => (xs ? xs.map((x) => x.toFixed(1)).join(", ") : "");
console.log("| case | Node (us) | Python (us) |\n| --- | ---: | ---: |");
for (const [name] of CASES) console.log(`| ${name} | ${fmt(node[name])} | ${fmt(python[name])} |`);
