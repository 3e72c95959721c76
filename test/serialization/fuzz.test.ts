// Thousands of mutated checkpoints (bit flips, truncations, random runs, mutated
// pickles inside valid zips, random bytes): every load returns or throws an Error;
// nothing crashes the process, and no case is slow. The generator is seeded, so failures
// reproduce. TORCH_NODE_FUZZ_SCALE=N runs N times as many cases (README, "Loading files").
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import fs from "node:fs";
import path from "node:path";
import torch from "../../lib/index";
import { nn, optim } from "../../lib/index";
import { ZipReader, ZipWriter, bufferSource } from "../../lib/serialization/_zip";
import * as safetensors from "../../lib/serialization/safetensors";
import { py } from "../helpers/python";
import { tmpdir, steppedModel } from "./_util";

const dir = tmpdir("fuzz");
const SCALE = Math.max(1, Number(process.env.TORCH_NODE_FUZZ_SCALE ?? 1));
const n = (cases: number) => cases * SCALE;
const totals = { cases: 0, errors: 0, slowest: 0, slowestCase: "" };
// A case may take this long at most (Python refuses any of these within a second or so).
const SLOW_MS = 3000;
const seeds: Record<string, Buffer> = {};

function mulberry32(a: number) {
  return () => {
    a |= 0; a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mutate(src: Buffer, rnd: () => number): Buffer {
  const int = (n: number) => Math.floor(rnd() * n);
  let b = Buffer.from(src);
  switch (int(6)) {
    case 0: for (let k = 1 + int(8); k > 0; k--) { const i = int(b.length); b[i] ^= 1 << int(8); } break; // bit flips
    case 1: b = b.subarray(0, int(b.length)); break; // truncation
    case 2: { const i = int(b.length); for (let k = 0; k < 1 + int(16) && i + k < b.length; k++) b[i + k] = int(256); break; } // random run
    case 3: { const i = int(b.length); b = Buffer.concat([b.subarray(0, i), Buffer.from([int(256)]), b.subarray(i)]); break; } // insert
    case 4: { const i = int(b.length); b = Buffer.concat([b.subarray(0, i), b.subarray(i + 1 + int(4))]); break; } // delete
    default: { const i = int(b.length); const v = [0, 0xff, 0x7f, 0x80][int(4)]; for (let k = 0; k < 4 && i + k < b.length; k++) b[i + k] = v; } // extreme values
  }
  return b;
}

/** Rebuilds a zip checkpoint with `pkl` as its data.pkl and the same storages. */
function rezip(file: Buffer, pkl: Buffer): Buffer {
  const z = new ZipReader(bufferSource(file));
  const chunks: Buffer[] = [];
  const w = new ZipWriter((c) => chunks.push(Buffer.from(c)), z.prefix);
  w.writeRecord("data.pkl", pkl);
  for (const name of z.entries.keys()) if (name !== "data.pkl" && name !== "version") w.writeRecord(name, z.read(name));
  w.finish();
  return Buffer.concat(chunks);
}

function tryLoad(buf: Buffer, stats: { ok: number; err: number; bad: string[] }, loader: (b: Buffer) => unknown, label: string) {
  const t0 = performance.now();
  try {
    loader(buf);
    stats.ok++;
  } catch (e) {
    if (!(e instanceof Error) || !e.message) stats.bad.push(`${label}: threw ${String(e)}`);
    else { stats.err++; totals.errors++; }
  }
  const ms = performance.now() - t0;
  totals.cases++;
  if (ms > totals.slowest) { totals.slowest = ms; totals.slowestCase = label; }
  if (ms > SLOW_MS) stats.bad.push(`${label}: took ${ms.toFixed(0)} ms`);
}

beforeAll(() => {
  const { model, opt } = steppedModel();
  const t = torch.arange(10).to(torch.float32);
  torch.save({ epoch: 1, model_state_dict: model.state_dict(), optimizer_state_dict: opt.state_dict(), loss: 0.5,
    views: [t, t.index("2:5"), t.view(2, 5).t()], big: 2n ** 70n, s: "hé" }, path.join(dir, "node.pt"));
  py(`
D = ${JSON.stringify(dir)}
t = torch.arange(10.)
obj = {"sd": torch.nn.Linear(2, 2).state_dict(), "v": [t, t[3:], t.view(2, 5).t()], "i": 2**40, "f": 1.5, "p": torch.nn.Parameter(torch.ones(2))}
torch.save(obj, D + "/py.pt")
torch.save(obj, D + "/legacy.pt", _use_new_zipfile_serialization=False)
`);
  for (const n of ["node.pt", "py.pt", "legacy.pt"]) seeds[n] = fs.readFileSync(path.join(dir, n));
  safetensors.save_file({ a: torch.ones(2, 3), b: torch.arange(4), c: torch.tensor(true) }, path.join(dir, "st.safetensors"), { format: "pt" });
  seeds.st = fs.readFileSync(path.join(dir, "st.safetensors"));
});

describe("fuzzing the readers", () => {
  it("whole-file mutations of zip and legacy checkpoints", () => {
    const rnd = mulberry32(1234);
    const stats = { ok: 0, err: 0, bad: [] as string[] };
    const names = ["node.pt", "py.pt", "legacy.pt"];
    for (let i = 0; i < n(2400); i++) {
      const name = names[i % names.length];
      tryLoad(mutate(seeds[name], rnd), stats, (b) => torch.load(b, { weights_only: i % 2 === 0 }), `${name}#${i}`);
    }
    expect(stats.bad).toEqual([]);
    expect(stats.ok + stats.err).toBe(n(2400));
    expect(stats.err).toBeGreaterThan(500);
    expect(stats.ok).toBeGreaterThan(100); // flips inside tensor data still load
  });

  it("mutated pickles inside valid zips", () => {
    const rnd = mulberry32(99);
    const stats = { ok: 0, err: 0, bad: [] as string[] };
    for (const name of ["node.pt", "py.pt"]) {
      const pkl = new ZipReader(bufferSource(seeds[name])).read("data.pkl");
      for (let i = 0; i < n(1200); i++) {
        let m = mutate(pkl, rnd);
        if (i % 3 === 0) m = mutate(m, rnd);
        tryLoad(rezip(seeds[name], m), stats, (b) => torch.load(b, { weights_only: i % 2 === 0 }), `${name}/data.pkl#${i}`);
      }
    }
    expect(stats.bad).toEqual([]);
    expect(stats.err).toBeGreaterThan(1000);
    expect(stats.ok).toBeGreaterThan(10); // flips that keep a valid pickle still load
  });

  it("random bytes, bare and behind a zip or pickle signature", () => {
    const rnd = mulberry32(7);
    const stats = { ok: 0, err: 0, bad: [] as string[] };
    for (let i = 0; i < n(600); i++) {
      const b = Buffer.alloc(1 + Math.floor(rnd() * 2000));
      for (let k = 0; k < b.length; k++) b[k] = Math.floor(rnd() * 256);
      if (i % 3 === 1) b.set([0x50, 0x4b, 0x03, 0x04].slice(0, b.length));
      if (i % 3 === 2) b.set([0x80, 0x02].slice(0, b.length));
      tryLoad(b, stats, (x) => torch.load(x, { weights_only: false }), `random#${i}`);
    }
    expect(stats.bad).toEqual([]);
    expect(stats.err).toBe(n(600));
  });

  it("mutated safetensors files", () => {
    const rnd = mulberry32(42);
    const stats = { ok: 0, err: 0, bad: [] as string[] };
    for (let i = 0; i < n(1500); i++) tryLoad(mutate(seeds.st, rnd), stats, (b) => safetensors.load(b), `st#${i}`);
    expect(stats.bad).toEqual([]);
    expect(stats.err).toBeGreaterThan(300);
  });
});

afterAll(() => {
  // The figures README's "Loading files" quotes come from this line of a long run.
  console.log(`fuzz: ${totals.cases} cases, ${totals.errors} errors, 0 crashes, slowest ${totals.slowest.toFixed(0)} ms (${totals.slowestCase})`);
});
