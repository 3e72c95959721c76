// Instructions per op (callgrind) for ATen from C++, Python's torch and torch-node on the
// same libtorch, one thread, 4-element float32 tensors.
//   node --import tsx scripts/bench/instructions.ts [--n1 10000] [--n2 60000] [--warm 5000] [--ops add,sum] [--keep DIR]
// --keep DIR leaves the callgrind dumps in a new folder under DIR, for callgrind_annotate --inclusive=yes on a window.
// Each side runs every op as: warm calls, marker, n1 calls, marker, n2 calls, marker, where the
// marker is getppid() (process.ppid, os.getppid()) and callgrind --dump-before=getppid cuts a
// dump at each one. Instructions per call = (Ir of the n2 window - Ir of the n1 window) / (n2 - n1):
// the loop's fixed cost cancels, and a wide window counts torch-node's GC sweeps (every few
// thousand calls) in proportion. All threads are counted (V8's background GC and compiler too).
// The C++ side (instructions.cpp) is built here with g++ against the reference Python's libtorch.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PYTHON } from "./_util";

const OPS = ["add", "add_", "mul_scalar", "sum", "item", "relu", "matmul", "index_slice", "linear", "module"];
const LABEL: Record<string, string> = {
  add: "add", add_: "add_", mul_scalar: "mul by a scalar", sum: "sum", item: "item", relu: "relu",
  matmul: "matmul 4x4", index_slice: "index with a slice", linear: "F.linear 4->4", module: "nn.Linear(4, 4) call",
};

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
}

/** The Node side under callgrind: the same loops as instructions.cpp and instructions.py. */
async function child(n1: number, n2: number, warm: number, names: string[]) {
  const { default: torch, nn } = await import("../../lib/index");
  torch.set_num_threads(1);
  const [a, b, c, s] = [torch.rand(4), torch.rand(4), torch.rand(4), torch.rand(1)];
  const [m, w, bias] = [torch.rand(4, 4), torch.rand(4, 4), torch.rand(4)];
  const lin = new nn.Linear(4, 4);
  const F = nn.functional;
  const loops: Record<string, (n: number) => void> = {
    add: (n) => { for (let i = 0; i < n; i++) a.add(b); },
    add_: (n) => { for (let i = 0; i < n; i++) c.add_(b); },
    mul_scalar: (n) => { for (let i = 0; i < n; i++) a.mul(2); },
    sum: (n) => { for (let i = 0; i < n; i++) a.sum(); },
    item: (n) => { for (let i = 0; i < n; i++) s.item(); },
    relu: (n) => { for (let i = 0; i < n; i++) a.relu(); },
    matmul: (n) => { for (let i = 0; i < n; i++) m.matmul(m); },
    index_slice: (n) => { for (let i = 0; i < n; i++) a.index("1:3"); },
    linear: (n) => { for (let i = 0; i < n; i++) F.linear(a, w, bias); },
    module: (n) => { for (let i = 0; i < n; i++) lin(a); },
  };
  let pid = 0;
  for (const name of names) {
    const f = loops[name];
    f(warm);
    c.zero_();
    pid += process.ppid;
    f(n1);
    pid += process.ppid;
    f(n2);
    pid += process.ppid;
  }
  if (pid === 0) console.log("");
}

/** Instructions (Ir) of every dump of one callgrind run, in dump order; the last is the exit's. */
function dumps(prefix: string): number[] {
  const dir = path.dirname(prefix), base = path.basename(prefix);
  const files = fs.readdirSync(dir).filter((f) => f.startsWith(base + "."));
  const seq = (f: string) => { const parts = f.slice(base.length + 1).split("."); return parts.length > 1 ? Number(parts[1]) : Infinity; };
  files.sort((x, y) => seq(x) - seq(y));
  return files.map((f) => Number(/^summary:\s+(\d+)/m.exec(fs.readFileSync(path.join(dir, f), "utf8"))![1]));
}

function callgrind(prefix: string, cmd: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn("valgrind", ["--tool=callgrind", `--callgrind-out-file=${prefix}.%p`, "--dump-before=getppid", ...cmd], {
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, OMP_NUM_THREADS: "1", MKL_NUM_THREADS: "1" },
    });
    let err = "";
    p.stderr!.on("data", (d) => { err += d; });
    p.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${cmd.join(" ")} exited ${code}\n${err.slice(-3000)}`))));
  });
}

/** Builds instructions.cpp against the libtorch of the reference Python, when stale. */
function buildCpp(): string {
  const root = path.resolve(__dirname, "../..");
  const src = path.join(__dirname, "instructions.cpp");
  const out = path.join(root, "build", "bench", "instructions");
  if (fs.existsSync(out) && fs.statSync(out).mtimeMs > fs.statSync(src).mtimeMs) return out;
  const torchDir = execFileSync(PYTHON, ["-c", "import os, torch; print(os.path.dirname(torch.__file__))"]).toString().trim();
  const abi = execFileSync(PYTHON, ["-c", "import torch; print(int(torch._C._GLIBCXX_USE_CXX11_ABI))"]).toString().trim();
  fs.mkdirSync(path.dirname(out), { recursive: true });
  execFileSync("g++", ["-O2", "-std=c++20", `-D_GLIBCXX_USE_CXX11_ABI=${abi}`, `-I${torchDir}/include`, src, "-o", out,
    `-L${torchDir}/lib`, `-Wl,-rpath,${torchDir}/lib`, "-ltorch_cpu", "-lc10"], { stdio: "inherit" });
  return out;
}

async function main() {
  const n1 = Number(arg("n1", "10000")), n2 = Number(arg("n2", "60000")), warm = Number(arg("warm", "5000"));
  const names = arg("ops", OPS.join(",")).split(",");
  if (process.argv.includes("--child")) return child(n1, n2, warm, names);
  const exe = buildCpp();
  const keep = arg("keep", "");
  if (keep) fs.mkdirSync(keep, { recursive: true });
  // A fresh folder each run: the dumps are found by their side's prefix.
  const tmp = fs.mkdtempSync(path.join(keep || os.tmpdir(), "tn-instr-"));
  if (keep) console.error(`callgrind dumps in ${tmp}`);
  const args = [String(n1), String(n2), String(warm)];
  const sides = {
    cpp: [exe, ...args, ...names],
    python: [PYTHON, path.join(__dirname, "instructions.py"), ...args, ...names],
    node: [process.execPath, "--import", "tsx", __filename, "--child", "--n1", args[0], "--n2", args[1], "--warm", args[2], "--ops", names.join(",")],
  };
  const t0 = Date.now();
  // The three runs at once: each is single-threaded under valgrind.
  await Promise.all(Object.entries(sides).map(([k, cmd]) => callgrind(path.join(tmp, k), cmd)));
  const per: Record<string, number[]> = {};
  for (const k of Object.keys(sides)) {
    const d = dumps(path.join(tmp, k));
    console.error(`${k}: Ir per dump ${JSON.stringify(d)}`);
    // The last 3 per op before the exit's dump are the markers' (startup may add some before).
    const mine = d.slice(d.length - 1 - 3 * names.length, d.length - 1);
    per[k] = names.map((_, j) => (mine[3 * j + 2] - mine[3 * j + 1]) / (n2 - n1));
  }
  if (!keep) fs.rmSync(tmp, { recursive: true, force: true });
  console.log(`callgrind, instructions per call: (window of ${n2} - window of ${n1}) / ${n2 - n1}, after ${warm} warm-up calls; ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
  console.log("| op | C++ | Python | Node | Python - C++ | Node - C++ | Node / Python (overheads) |");
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
  names.forEach((name, j) => {
    const c = per.cpp[j], p = per.python[j], n = per.node[j];
    const r = (x: number) => Math.round(x).toLocaleString("en-US");
    console.log(`| ${LABEL[name] ?? name} | ${r(c)} | ${r(p)} | ${r(n)} | ${r(p - c)} | ${r(n - c)} | ${((n - c) / (p - c)).toFixed(2)} |`);
  });
}

main().catch((e) => { console.error(e); process.exit(1); });
