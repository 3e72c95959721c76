// Python semantics at the edges: out=, torch.backends, legacy typed constructors, from_numpy,
// tensors as numbers and keys, requires_grad on an integral literal, numpy arrays in
// checkpoints, whole-module pickles; each against the linked Python.
import { describe, it, expect } from "vitest";
import torch from "../../lib/index";
import { py, PY_ERR } from "../helpers/python";

const pyName = (e: any) => (e.name === "Error" ? "RuntimeError" : e.name);
function err(f: () => unknown): [string, string] | null {
  try { f(); return null; } catch (e: any) { return [pyName(e), e.message]; }
}
/** Warnings emitted while f runs (process.emitWarning is asynchronous to listeners: read them directly). */
function warnings(f: () => unknown): string[] {
  const seen: string[] = [];
  const orig = process.emitWarning;
  (process as any).emitWarning = (msg: any) => { seen.push(String(msg)); };
  try { f(); } finally { process.emitWarning = orig; }
  return seen;
}

describe("out=", () => {
  const ref = py(PY_ERR + `
import warnings
a = torch.arange(6.).reshape(2, 3); b = torch.arange(12.).reshape(3, 4)
y = torch.zeros(2, 2)
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("always")
    r = torch.matmul(a, b, out=y)
x = torch.tensor([[3., 1., 2.], [0., 5., 4.]])
v = torch.empty(0); i = torch.empty(0, dtype=torch.long)
m = torch.max(x, 1, out=(v, i))
z = torch.empty(0, dtype=torch.float64); torch.add(a, a, out=z)
e = torch.empty(2, 4); torch.matmul(a, b, out=e)
q = torch.ones(2, requires_grad=True)
out = {"y": y, "same": r is y, "warn": [str(x.message).split(" (Triggered")[0] for x in w], "v": v, "i": i, "m0": m[0] is v,
       "mrepr": repr(m), "z": z, "e": e,
       "errs": [err(lambda: torch.matmul(a, b, out=torch.zeros(2, 4, dtype=torch.long))),
                err(lambda: torch.add(a, a, out=torch.zeros(2, 3, dtype=torch.long))),
                err(lambda: torch.max(x, 1, out=(v, torch.empty(0)))),
                err(lambda: torch.relu(x, out=v)),
                err(lambda: torch.add(q, q, out=torch.empty(2)))]}`);

  it("computes, resizes (warning for a non-empty out), copies and returns out", () => {
    const a = torch.arange(6.0, { dtype: torch.float32 }).reshape(2, 3), b = torch.arange(12, { dtype: torch.float32 }).reshape(3, 4);
    const y = torch.zeros(2, 2);
    let r: any;
    const w = warnings(() => { r = torch.matmul(a, b, { out: y }); });
    expect(r === y).toBe(ref.same);
    expect(y.tolist()).toEqual(ref.y.tensor);
    expect(w).toEqual(ref.warn);
    // An out of the right shape: no warning.
    const e = torch.empty(2, 4);
    expect(warnings(() => torch.matmul(a, b, { out: e }))).toEqual([]);
    expect(e.tolist()).toEqual(ref.e.tensor);
    const z = torch.empty(0, { dtype: torch.float64 });
    torch.add(a, a, { out: z });
    expect([z.tolist(), z.dtype.name]).toEqual([ref.z.tensor, ref.z.dtype]);
  });

  it("takes a tuple of outs and returns Python's return_types.<name>_out", () => {
    const x = torch.tensor([[3, 1, 2], [0, 5, 4]], { dtype: torch.float32 });
    const v = torch.empty(0), i = torch.empty(0, { dtype: torch.long });
    const m = torch.max(x, 1, { out: [v, i] });
    expect(m[0] === v).toBe(ref.m0);
    expect([v.tolist(), i.tolist(), i.dtype.name]).toEqual([ref.v.tensor, ref.i.tensor, ref.i.dtype]);
    expect(String(m)).toBe(ref.mrepr);
  });

  it("raises Python's errors for dtypes, ops without out= and inputs requiring grad", () => {
    const a = torch.arange(6.0, { dtype: torch.float32 }).reshape(2, 3), b = torch.arange(12, { dtype: torch.float32 }).reshape(3, 4);
    const x = torch.tensor([[3, 1, 2], [0, 5, 4]], { dtype: torch.float32 });
    const v = torch.empty(0), q = torch.ones(2, { requires_grad: true });
    expect([
      err(() => torch.matmul(a, b, { out: torch.zeros(2, 4, { dtype: torch.long }) })),
      err(() => torch.add(a, a, { out: torch.zeros(2, 3, { dtype: torch.long }) })),
      err(() => torch.max(x, 1, { out: [v, torch.empty(0)] })),
      err(() => (torch as any).relu(x, { out: v })),
      err(() => torch.add(q, q, { out: torch.empty(2) })),
    ]).toEqual(ref.errs);
  });
});
