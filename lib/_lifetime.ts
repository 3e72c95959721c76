// Tensor lifetime (DESIGN.md, "Memory"): no dispose needed in a plain synchronous loop.
import v8 from "node:v8";
import vm from "node:vm";
import { N } from "./native";
import { isOptions } from "./_ops";
import type { Tensor } from "./tensor";
import type { Handle } from "./native";

// New tensors are handed to the native side in batches, which keeps a weak
// reference to each and frees a tensor once a GC has cleared its reference.
// A young-generation GC is forced every few thousand new tensors: tensors are
// then freed in small batches while their memory is still in cache, which
// measured ~30% faster per op than waiting for V8's own scavenges (hundreds of
// thousands of tensors freed at once). When enough bytes were allocated
// (flags[0]), a GC is forced at once.
v8.setFlagsFromString("--expose-gc");
const gc: (opts?: { type?: "minor" | "major"; execution?: "sync" }) => void = vm.runInNewContext("gc");
// Shared with native code: [0] collection wanted, [1] batch size, [4..] the batch's handles.
const flags = new Int32Array(N.flags);
const BATCH: number = N.trackBatch;
const pendingObjs: (Tensor | undefined)[] = new Array(BATCH).fill(undefined);
let pending = 0;
let scopes: Tensor[][] = [];
// Collections since the last full GC, and the promoted bytes that make it come sooner.
let sinceFull = 0;
const FULL_GC_BYTES = 8 << 20;
// Promoted bytes that bring a full GC at the next collection: the temporaries of a
// statement such as torch.stack(rows).float().div(255) live through its own collections
// and then wait, old, for a full GC (tutorial 001: 280 MB of them until training began).
const PROMOTED_NOW_BYTES = 64 << 20;
// malloc's bytes in use after the last full GC (-1: not known yet). Growth past them by a
// quarter (64 MB at least) that young GCs did not free brings a full GC at once: promoted
// tensors can hold much more than their own bytes (an autograd graph and the batch saved
// in it). Reading it walks malloc's free lists (0.2 ms; 4 ms in tutorial 001's process, which
// decoded 70,000 PNG files), so it is read at most every 50 ms and a quarter percent of the time.
let heldAfterFull = -1, heldCheckedAt = 0, heldCheckEvery = 50;
const GROWTH_MIN = 64 << 20, HELD_CHECK_MS = 50;
function heapInUse(): number {
  const t0 = performance.now();
  const held = N.heapInUse();
  heldCheckedAt = performance.now();
  heldCheckEvery = Math.max(HELD_CHECK_MS, 400 * (heldCheckedAt - t0));
  return held;
}
let sinceGc = 0;
// New tensors between forced young GCs: 2048, more while a GC is slow (a large
// young generation full of live objects costs the same whatever the batch).
const MIN_GC_EVERY = 2048, MAX_GC_EVERY = 65536, SLOW_GC_MS = 2;
let gcEvery = MIN_GC_EVERY;

/** Hands the pending tensors to the native side (handles read now: a disposed one is -1). */
export function flush() {
  if (pending === 0) return;
  const objs = pendingObjs;
  let live = 0;
  for (let i = 0; i < pending; i++) if ((flags[4 + i] = objs[i]!._h) >= 0) live++;
  // Only tensors left to the GC count toward the next forced GC.
  sinceGc += live;
  flags[1] = pending;
  const n = pending;
  pending = 0;
  N.track(...objs);
  // Cleared, not replaced: once this array is in the old generation, a dropped copy
  // would keep every tensor it held alive through young GCs (old-to-new references
  // are roots for them) until the next full GC.
  objs.fill(undefined, 0, n);
}
/** Runs a young-generation GC and frees the tensors it found dead (a full GC now and then). */
export function collect(full = false) {
  flush();
  sinceGc = 0;
  if (full) return fullCollect(true);
  gc({ type: "minor" });
  const promoted = N.sweep(false);
  // Tensors promoted to the old generation are only found by a full GC. It marks every
  // live JS object (15 ms with a 60,000-row dataset), so it runs every 8th collection
  // only when enough bytes were promoted since the last one (they may be dead by now),
  // else every 64th, at once when a big tensor was promoted, or when memory grew (above).
  if (promoted >= PROMOTED_NOW_BYTES || ++sinceFull >= (promoted >= FULL_GC_BYTES ? 8 : 64)) return fullCollect();
  const held = heldIfGrown();
  if (held >= 0) fullCollect(false, held);
}
/** malloc's bytes in use when read now (not too often) and grown enough since the last full GC, else -1. */
function heldIfGrown(): number {
  if (performance.now() - heldCheckedAt < heldCheckEvery) return -1;
  const held = heapInUse();
  if (heldAfterFull < 0) heldAfterFull = held;
  return held >= 0 && held - heldAfterFull >= Math.max(GROWTH_MIN, heldAfterFull / 4) ? held : -1;
}
// A full GC that freed 256 MB or more also gives malloc's free pages back to the system
// (15 ms in tutorial 001 after its 70,000 decoded images: RSS 869 to 527 MB): glibc trims
// only the top of its heap, and many small blocks freed at once stay resident. At most
// every 10 s unless asked for (torch.collect()): a loop that frees that much again soon
// would only fault the pages back in.
const TRIM_MIN = 256 << 20, TRIM_EVERY_MS = 10_000;
let trimmedAt = -Infinity;
function fullCollect(asked = false, before = heapInUse()) {
  gc();
  N.sweep(true);
  sinceFull = 0;
  heldAfterFull = heapInUse();
  if (before >= 0 && before - heldAfterFull >= TRIM_MIN && (asked || heldCheckedAt - trimmedAt >= TRIM_EVERY_MS)) {
    N.trimHeap();
    trimmedAt = performance.now();
  }
}
function youngCollect() {
  sinceGc = 0;
  const t0 = performance.now();
  gc({ type: "minor" });
  const ms = performance.now() - t0;
  if (N.sweep(false) >= PROMOTED_NOW_BYTES) fullCollect();
  if (ms > SLOW_GC_MS) gcEvery = Math.min(MAX_GC_EVERY, gcEvery * 2);
  else if (ms < SLOW_GC_MS / 2) gcEvery = Math.max(MIN_GC_EVERY, gcEvery >> 1);
}
export function register(t: Tensor) {
  pendingObjs[pending++] = t;
  if (scopes.length !== 0) scopes[scopes.length - 1].push(t);
  if (pending === BATCH) {
    flush();
    if (sinceGc >= gcEvery) youngCollect();
  }
  if (flags[0] !== 0) collect();
}

function collectTensors(v: unknown, out: Set<Tensor>, seen = new Set<unknown>()) {
  if (v === null || typeof v !== "object" || seen.has(v)) return;
  seen.add(v);
  if (isTensor(v)) { out.add(v); return; }
  if (Array.isArray(v)) { for (const x of v) collectTensors(x, out, seen); return; }
  if (v instanceof Map) { for (const x of v.values()) collectTensors(x, out, seen); return; }
  if (isOptions(v)) for (const x of Object.values(v)) collectTensors(x, out, seen);
}

/**
 * Runs fn and frees every tensor it created, except those reachable from its
 * result (tensors, arrays, Maps, plain objects) and nn.Parameters, which modules
 * hold (as tf.tidy keeps variables). If fn throws, everything it created is freed.
 */
// Tensors that modules and optimizers hold (buffers, optimizer state): tidy never frees them.
const KEPT = new WeakSet<object>();
/** Whether a tidy() scope is open: only then can keep() matter. */
export function in_tidy(): boolean { return scopes.length > 0; }
/** Exempts a tensor from the enclosing tidy() scopes (TensorFlow.js's keep); returns it. */
export function keep<T extends Tensor | null>(t: T): T {
  if (t !== null) KEPT.add(t);
  return t;
}
const disposable = (t: Tensor) => t.constructor === TensorClass && !KEPT.has(t);

export function tidy<T>(fn: () => T): T {
  const scope: Tensor[] = [];
  scopes.push(scope);
  let result: T;
  try {
    result = fn();
  } catch (e) {
    scopes.pop();
    for (const t of scope) if (disposable(t)) t.dispose();
    throw e;
  }
  scopes.pop();
  const keep = new Set<Tensor>();
  collectTensors(result, keep);
  for (const t of scope) if (!keep.has(t) && disposable(t)) t.dispose();
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
