// Memory under a plain synchronous loop that never calls dispose (DESIGN.md, "Memory").
//   node --import tsx scripts/bench/memory.ts [--gb 9] [--tiny 1000000]
// 1. Churns GB gigabytes of 1 MiB float32 tensors (each made, used in one op, dropped)
//    and reports the peak RSS, sampled every 16 iterations.
// 2. Churns TINY 4-element tensors (no byte pressure, so only V8's own GCs free them)
//    and reports RSS along the way: it must stay flat.
import torch from "../../lib/index";

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
}
const GB = arg("gb", 9);
const TINY = arg("tiny", 1_000_000);
const MiB = 1 << 20;
const rss = () => process.memoryUsage().rss;
const mb = (b: number) => `${(b / MiB).toFixed(0)} MB`;

torch.set_num_threads(1);
torch.manual_seed(0);

// Baseline: the addon, libtorch and one tensor of each kind already in use.
const w = torch.rand(256 * 1024);
w.mul(2).add(w).sum().item();
const base = rss();

// ---- 1 MiB tensors ----------------------------------------------------------------
const iters = Math.round((GB * 1024 * MiB) / (2 * MiB));   // two 1 MiB tensors per iteration
let peak = base;
let acc = 0;
const t0 = performance.now();
for (let i = 0; i < iters; i++) {
  const x = torch.rand(256 * 1024);   // 1 MiB
  const y = x.mul(w);                 // 1 MiB
  if ((i & 15) === 0) {
    acc += y.index(0).item() as number;
    peak = Math.max(peak, rss());
  }
}
const secs = (performance.now() - t0) / 1000;
const after = torch.memory_stats();
console.log(`1 MiB tensors: ${iters * 2} tensors (${((iters * 2 * MiB) / 2 ** 30).toFixed(1)} GB) in ${secs.toFixed(1)} s, no dispose`);
console.log(`  RSS baseline ${mb(base)}, peak ${mb(peak)} (+${mb(peak - base)}), end ${mb(rss())}`);
console.log(`  live tensors after the loop: ${after.live_tensors} (${mb(after.live_bytes)})`);

// ---- tiny tensors ----------------------------------------------------------------
const a = torch.rand(4), b = torch.rand(4);
const samples: number[] = [];
const t1 = performance.now();
const step = Math.max(1, Math.floor(TINY / 10));
let tinyPeak = 0;
for (let i = 0; i < TINY; i++) {
  a.add(b).relu();
  if ((i & 4095) === 0) tinyPeak = Math.max(tinyPeak, rss());
  if (i % step === step - 1) samples.push(rss());
}
const secs2 = (performance.now() - t1) / 1000;
const s2 = torch.memory_stats();
console.log(`tiny tensors: ${TINY} iterations of a.add(b).relu() (${TINY * 2} tensors) in ${secs2.toFixed(1)} s`);
console.log(`  RSS at each tenth: ${samples.map((x) => (x / MiB).toFixed(0)).join(", ")} MB; peak ${mb(tinyPeak)}`);
console.log(`  live tensors after the loop: ${s2.live_tensors}`);
if (!Number.isFinite(acc)) console.log(acc);
