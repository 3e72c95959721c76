// Tensor lifetime (DESIGN.md, "Memory"): no dispose needed in a plain synchronous loop.
import v8 from "node:v8";
import vm from "node:vm";
import { N } from "./native";
import { isOptions } from "./_ops";
import type { Tensor } from "./tensor";
import type { Handle } from "./native";

// New tensors are handed to the native side in batches, which keeps a weak
// reference to each. When enough bytes were allocated (flags[0]), a young-generation
// GC clears the references of dead tensors and sweep() frees their storage.
v8.setFlagsFromString("--expose-gc");
const gc: (opts?: { type?: "minor" | "major"; execution?: "sync" }) => void = vm.runInNewContext("gc");
const flags = new Int32Array(N.flags);
const BATCH = 512;
let pendingObjs: Tensor[] = new Array(BATCH);
let pendingHs: Handle[] = new Array(BATCH);
let pending = 0;
let scopes: Tensor[][] = [];
let sweeps = 0;
let sinceSweep = 0;
let sweepEvery = 8192;

export function flush() {
  if (pending) {
    N.track(pendingObjs, pendingHs, pending);
    // Fresh arrays: clearing the old ones costs as much and keeps their objects reachable meanwhile.
    pendingObjs = new Array(BATCH);
    pendingHs = new Array(BATCH);
    pending = 0;
  }
}
/** Runs a young-generation GC and frees the tensors it found dead (a full GC now and then). */
export function collect(full = false) {
  flush();
  gc(full ? undefined : { type: "minor" });
  N.sweep(true);
  // Tensors promoted to the old generation are only found by a full GC.
  if (!full && ++sweeps % 8 === 0) { gc(); N.sweep(true); }
  sinceSweep = 0;
}
export function register(t: Tensor) {
  pendingObjs[pending] = t;
  pendingHs[pending++] = t._h;
  if (scopes.length) scopes[scopes.length - 1].push(t);
  if (pending === BATCH) {
    flush();
    sinceSweep += BATCH;
    if (sinceSweep >= sweepEvery) {
      const tracked = N.sweep(false);
      sinceSweep = 0;
      sweepEvery = Math.max(8192, 2 * tracked);
    }
  }
  if (flags[0]) collect();
}


function collectTensors(v: unknown, out: Set<Tensor>, seen = new Set<unknown>()) {
  if (v === null || typeof v !== "object" || seen.has(v)) return;
  seen.add(v);
  if (isTensor(v)) { out.add(v); return; }
  if (Array.isArray(v)) { for (const x of v) collectTensors(x, out, seen); return; }
  if (v instanceof Map) { for (const x of v.values()) collectTensors(x, out, seen); return; }
  if (isOptions(v)) for (const x of Object.values(v)) collectTensors(x, out, seen);
}

/** Runs fn and frees every tensor it created, except those in its result. */
export function tidy<T>(fn: () => T): T {
  const scope: Tensor[] = [];
  scopes.push(scope);
  let result: T;
  try {
    result = fn();
  } finally {
    scopes.pop();
  }
  const keep = new Set<Tensor>();
  collectTensors(result, keep);
  for (const t of scope) if (!keep.has(t)) t.dispose();
  if (scopes.length) for (const t of keep) scopes[scopes.length - 1].push(t);
  return result;
}

/** torch.memory_stats(): live tensors and their distinct storages' bytes. */
export function memory_stats(): { live_tensors: number; live_bytes: number } {
  const [live_tensors, live_bytes] = N.memoryStats();
  return { live_tensors, live_bytes };
}


let TensorClass: any;
/** Set by tensor.ts (avoids an import cycle). */
export function setLifetimeTensorClass(cls: any) { TensorClass = cls; }
function isTensor(v: unknown): v is Tensor { return v instanceof TensorClass; }
