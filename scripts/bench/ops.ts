// Per-op overhead on tiny tensors, Node vs Python torch on the same machine, one thread.
//   node --import tsx scripts/bench/ops.ts [--rounds 5] [--n 20000] [--batches 7]
// Rounds alternate between Node and a Python process (scripts/bench/ops.py) kept
// alive over a pipe. Each round times BATCHES batches of N calls per op and keeps
// the median; the report is the minimum of those medians over the rounds, in
// wall-clock time and in CPU time (process time, all threads: on a busy machine
// it leaves out time spent waiting for a core).
import { spawn } from "node:child_process";
import { PYTHON } from "./_util";
import path from "node:path";
import readline from "node:readline";
import torch from "../../lib/index";

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
}
const ROUNDS = arg("rounds", 5);
const N = arg("n", 20000);
const BATCHES = arg("batches", 7);

torch.set_num_threads(1);
const a = torch.rand(4);
const b = torch.rand(4);
const c = torch.rand(4);
const s = torch.rand(1);

// Same expressions as ops.py; results are dropped, as in Python's loop.
const OPS: Record<string, (n: number) => void> = {
  add: (n) => { for (let i = 0; i < n; i++) a.add(b); },
  add_: (n) => { for (let i = 0; i < n; i++) c.add_(b); c.zero_(); },
  mul_scalar: (n) => { for (let i = 0; i < n; i++) a.mul(2); },
  sum: (n) => { for (let i = 0; i < n; i++) a.sum(); },
  item: (n) => { for (let i = 0; i < n; i++) s.item(); },
  relu: (n) => { for (let i = 0; i < n; i++) a.relu(); },
};

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[xs.length >> 1];

type Round = { wall: Record<string, number>; cpu: Record<string, number> };
const cpuNs = () => { const u = process.cpuUsage(); return (u.user + u.system) * 1000; };

function nodeRound(): Round {
  const out: Round = { wall: {}, cpu: {} };
  for (const [name, fn] of Object.entries(OPS)) {
    const times: number[] = [], cpus: number[] = [];
    for (let k = 0; k < BATCHES; k++) {
      const c0 = cpuNs();
      const t0 = process.hrtime.bigint();
      fn(N);
      times.push(Number(process.hrtime.bigint() - t0) / N);
      cpus.push((cpuNs() - c0) / N);
    }
    out.wall[name] = median(times);
    out.cpu[name] = median(cpus);
  }
  return out;
}

async function main() {
  const child = spawn(PYTHON, [path.join(__dirname, "ops.py")], {
    stdio: ["pipe", "pipe", "inherit"],
    env: { ...process.env, OMP_NUM_THREADS: "1", MKL_NUM_THREADS: "1" },
  });
  const lines = readline.createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const next = async () => JSON.parse((await lines.next()).value as string);
  const hello = await next();

  // Warm-up: JIT on our side, caches on both.
  nodeRound();
  child.stdin!.write(`${N >> 2} 3\n`);
  await next();

  const nodeRuns: Round[] = [];
  const pyRuns: Round[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    nodeRuns.push(nodeRound());
    child.stdin!.write(`${N} ${BATCHES}\n`);
    pyRuns.push(await next());
  }
  child.stdin!.end();

  const names = Object.keys(OPS);
  console.log(`libtorch ${torch.__version__} (Python torch ${hello.ready}), 1 thread, 4-element float32 tensors`);
  console.log(`${ROUNDS} rounds x ${BATCHES} batches x ${N} calls; min over rounds of the median per call`);
  for (const kind of ["wall", "cpu"] as const) {
    const best = (runs: Round[], op: string) => Math.min(...runs.map((x) => x[kind][op]));
    console.log(`\n${kind === "wall" ? "Wall-clock time" : "CPU time"}\n`);
    console.log("| op | Node (us) | Python (us) | Node / Python |");
    console.log("| --- | ---: | ---: | ---: |");
    let logSum = 0;
    for (const op of names) {
      const n = best(nodeRuns, op) / 1000, p = best(pyRuns, op) / 1000;
      logSum += Math.log(n / p);
      console.log(`| ${op} | ${n.toFixed(3)} | ${p.toFixed(3)} | ${(n / p).toFixed(2)} |`);
    }
    console.log(`\ngeometric mean of Node / Python (${kind}): ${Math.exp(logSum / names.length).toFixed(2)}`);
  }
  const stats = torch.memory_stats();
  console.log(`live tensors at the end: ${stats.live_tensors}`);
}

main().catch((e) => { console.error(e); process.exit(1); });
