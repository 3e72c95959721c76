// Train time per epoch of a ported tutorial against its Python loop (examples/python/tutorials.py),
// side by side on this machine, epoch by epoch (both run at once and take turns, below).
//   node --import tsx scripts/bench/tutorials.ts [--tutorial 000|001|002mlp|002cnn|003|004] [--rounds 3] [--epochs 3] [--threads N]
// --threads sets OMP_NUM_THREADS for both (libtorch's and OpenBLAS's threads); without it both
// use their defaults. Each epoch but each run's first (warm-up) counts; the report gives the
// medians and their ratio, per model when a tutorial trains several (001: 784-30-10, then
// 784-392-30-10), and the resident memory each side printed after its epochs and its peak.
import { type ChildProcess, spawn } from "node:child_process";
import type { Readable, Writable } from "node:stream";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { median, PYTHON } from "./_util";

const args = yargs(hideBin(process.argv))
  .option("tutorial", { type: "string", default: "001", choices: ["000", "001", "002mlp", "002cnn", "003", "004"] })
  .option("rounds", { type: "number", default: 3 })
  .option("epochs", { type: "number", default: 3 })
  .option("threads", { type: "number" })
  .strict()
  .parseSync();

// The port and its arguments for each of tutorials.py's choices (002 trains its two models in turn).
const EXAMPLES: Record<string, string[]> = {
  "000": ["000_logistic_regression.ts"], "001": ["001_mnist_from_scratch.ts"],
  "002mlp": ["002_mnist_cnn.ts", "--model", "mlp"], "002cnn": ["002_mnist_cnn.ts", "--model", "cnn"],
  "003": ["003_cnn_sgd.ts"], "004": ["004_mlp_foreign_image.ts"],
};
const root = path.resolve(__dirname, "../..");
const env = { ...process.env, ...(args.threads ? { OMP_NUM_THREADS: String(args.threads) } : {}) };

// Epochs alternate between the two sides: both run at once, and a line that ends an epoch
// (END below) hands the machine to the other side, which waits blocked until then
// (scripts/bench/baton.ts and baton.py). Neighbouring epochs of the two sides thus see the same
// host, whose speed swings 30-40% over minutes here. Each waits PAUSE_MS before the other
// starts, for its OpenBLAS threads to stop spinning. The first epoch of each side can overlap
// the other's loading; it is left out below.
const PAUSE_MS = 300;
type Side = { stdout: string; stderr: string; peakMB: number; waiting: boolean; exited: boolean; child: ChildProcess };
// GNU time reports each side's peak RSS (its "maxrss <KB>" line goes to stderr).
const TIME = fs.existsSync("/usr/bin/time") ? "/usr/bin/time" : null;
function start(cmd: string, argv: string[], end: string): Side {
  const [c, a] = TIME ? [TIME, ["-f", "maxrss %M", cmd, ...argv]] : [cmd, argv];
  const child = spawn(c, a, { cwd: root, env: { ...env, TN_BATON_RE: end }, stdio: ["ignore", "pipe", "pipe", "pipe", "pipe"] });
  const side: Side = { stdout: "", stderr: "", peakMB: NaN, waiting: false, exited: false, child };
  child.stdout!.on("data", (d) => { side.stdout += d; });
  child.stderr!.on("data", (d) => { side.stderr += d; });
  return side;
}
async function runPair(node: [string, string[]], python: [string, string[]], end: { node: string; python: string }) {
  const sides = [start(...node, end.node), start(...python, end.python)];
  let started = false; // false until both have ended their first epoch
  const release = (s: Side) => { started = true; s.waiting = false; (s.child.stdio[4] as Writable).write("G"); };
  const next = (from: Side) => {
    const other = sides[0] === from ? sides[1] : sides[0];
    if (other.waiting) release(other);
    else if (other.exited && from.waiting) release(from);
  };
  await Promise.all(sides.map((s) => new Promise<void>((resolve, reject) => {
    (s.child.stdio[3] as Readable).on("data", () => {
      s.waiting = true;
      if (!started) { if (sides.every((x) => x.waiting || x.exited)) release(sides[0]); }
      else setTimeout(() => next(s), PAUSE_MS);
    });
    (s.child.stdio[4] as Writable).on("error", () => {}); // the side may end before a hand-over
    s.child.on("close", (code) => {
      s.exited = true;
      const m = /maxrss (\d+)/.exec(s.stderr);
      s.peakMB = m ? Number(m[1]) / 1024 : NaN;
      const others = sides.filter((x) => x !== s);
      if (!started) { if (others.every((x) => x.waiting)) others.forEach(release); } else next(s);
      if (code === 0) return resolve();
      for (const x of sides) if (!x.exited) x.child.kill(); // the other side would run on alone
      reject(new Error(`${s.child.spawnargs.join(" ")} failed (${code}):\n${s.stderr.slice(-2000)}`));
    });
  })));
  return { node: sides[0], python: sides[1] };
}
// Resident MB printed after each epoch: "RSS <n> MB" by the ports, "rss_mb <n>" by Python.
const epochRss = (stdout: string) => [...stdout.matchAll(/(?:RSS|rss_mb) (\d+)/g)].map((m) => Number(m[1]));

// Epoch times in seconds, grouped by model (a new group where the epoch count restarts).
function groups(times: [number, number][]): number[][] {
  const out: number[][] = [];
  for (const [epoch, s] of times) {
    if (epoch === 0) out.push([]);
    out[out.length - 1].push(s);
  }
  return out;
}
function nodeTimes(stdout: string): number[][] {
  if (args.tutorial === "001") {
    // MNISTLearner's tables: a header, then "<epoch>  <loss>  <accuracy>  <seconds>" rows.
    const rows: [number, number][] = [];
    let inTable = false;
    for (const line of stdout.split("\n")) {
      const m = /^(\d+)\s+[\d.]+\s+[\d.]+\s+([\d.]+)$/.exec(line);
      if (inTable && m) rows.push([Number(m[1]), Number(m[2])]);
      else if (inTable && /^\s+\(RSS \d+ MB\)$/.test(line)) continue;
      else inTable = line.startsWith("Epoch") && line.includes("Train Loss");
    }
    return groups(rows);
  }
  const rows = [...stdout.matchAll(/train ([\d.]+) s, RSS/g)].map((m, i) => [i % args.epochs, Number(m[1])] as [number, number]);
  return groups(rows);
}
function pythonTimes(stdout: string): number[][] {
  return groups([...stdout.matchAll(/^epoch (\d+) train_s ([\d.]+)/gm)].map((m) => [Number(m[1]), Number(m[2])] as [number, number]));
}

// What ends an epoch in each side's output (the lines nodeTimes and pythonTimes read).
const END = { node: args.tutorial === "001" ? "^\\d+\\s+[\\d.]+\\s+[\\d.]+\\s+[\\d.]+$" : "train [\\d.]+ s, RSS", python: "^epoch \\d+ train_s" };
const out = fs.mkdtempSync(path.join(os.tmpdir(), "tn-bench-"));
const nodeRuns: number[][][] = [], pyRuns: number[][][] = [];
const rss = { node: [] as number[], python: [] as number[] }, peak = { node: [] as number[], python: [] as number[] };
const [script, ...scriptArgs] = EXAMPLES[args.tutorial];
async function main() {
  for (let r = 0; r < args.rounds; r++) {
    const { node: n, python: p } = await runPair(
      [process.execPath, ["--import", "tsx", "--import", "./scripts/bench/baton.ts", `examples/${script}`, ...scriptArgs, "--epochs", String(args.epochs), "--out", out]],
      [PYTHON, ["scripts/bench/baton.py", "examples/python/tutorials.py", args.tutorial, "--epochs", String(args.epochs)]], END);
    nodeRuns.push(nodeTimes(n.stdout));
    pyRuns.push(pythonTimes(p.stdout));
    rss.node.push(...epochRss(n.stdout)); rss.python.push(...epochRss(p.stdout));
    peak.node.push(n.peakMB); peak.python.push(p.peakMB);
    console.log(`round ${r + 1}: Node ${JSON.stringify(nodeRuns[r])} Python ${JSON.stringify(pyRuns[r])}`);
  }
  fs.rmSync(out, { recursive: true, force: true });

  console.log(`\ntutorial ${args.tutorial}, ${args.rounds} rounds of ${args.epochs} epochs, threads: ${args.threads ?? "default"}; seconds per epoch (first epoch of each run left out)\n`);
  console.log("| model | Node median (range) | Python median (range) | Node / Python |");
  console.log("| --- | ---: | ---: | ---: |");
  const models = Math.min(nodeRuns[0].length, pyRuns[0].length);
  for (let m = 0; m < models; m++) {
    const n = nodeRuns.flatMap((g) => g[m].slice(1)), p = pyRuns.flatMap((g) => g[m].slice(1));
    const range = (xs: number[]) => `${Math.min(...xs).toFixed(3)}-${Math.max(...xs).toFixed(3)}`;
    console.log(`| ${m + 1} | ${median(n).toFixed(3)} (${range(n)}) | ${median(p).toFixed(3)} (${range(p)}) | ${(median(n) / median(p)).toFixed(2)} |`);
  }
  const mb = (xs: number[]) => (xs.length ? `${Math.min(...xs).toFixed(0)}-${Math.max(...xs).toFixed(0)} MB` : "not printed");
  console.log(`\nRSS after each epoch: Node ${mb(rss.node)}, Python ${mb(rss.python)}; ` +
    `process peak: Node ${mb(peak.node)}, Python ${mb(peak.python)}`);
}
main().catch((e) => { console.error(e); process.exit(1); });
