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

describe("torch.backends, determinism, matmul precision, torch.accelerator, torch.multiprocessing", () => {
  const ref = py(`
import torch.multiprocessing as mp
b = torch.backends
def flags():
    return [b.cudnn.enabled, b.cudnn.benchmark, b.cudnn.deterministic, b.cudnn.allow_tf32, b.cuda.matmul.allow_tf32, b.mkldnn.enabled,
            torch.are_deterministic_algorithms_enabled(), torch.is_deterministic_algorithms_warn_only_enabled(), torch.get_float32_matmul_precision()]
before = flags()
b.cudnn.benchmark = True; b.cudnn.deterministic = True; b.cuda.matmul.allow_tf32 = True; b.mkldnn.enabled = False
torch.use_deterministic_algorithms(True, warn_only=True); torch.set_float32_matmul_precision("medium")
after = flags()
acc = None
if hasattr(torch, "accelerator"):
    a = torch.accelerator
    ca = a.current_accelerator()
    acc = [a.is_available(), None if ca is None else str(ca), a.device_count()]
out = {"before": before, "after": after,
       "avail": [b.cudnn.is_available(), b.cuda.is_built(), b.mkldnn.is_available(), b.mkl.is_available(), b.openmp.is_available(),
                 b.mps.is_available(), b.mps.is_built()],
       "cudnn_version": b.cudnn.version(), "acc": acc,
       "mp": [mp.get_start_method(), mp.cpu_count(), mp.get_all_start_methods(), mp.get_sharing_strategy()]}`);

  it("reads and sets libtorch's switches as Python does", () => {
    const b = torch.backends;
    const flags = () => [b.cudnn.enabled, b.cudnn.benchmark, b.cudnn.deterministic, b.cudnn.allow_tf32, b.cuda.matmul.allow_tf32, b.mkldnn.enabled,
      torch.are_deterministic_algorithms_enabled(), torch.is_deterministic_algorithms_warn_only_enabled(), torch.get_float32_matmul_precision()];
    expect(flags()).toEqual(ref.before);
    b.cudnn.benchmark = true; b.cudnn.deterministic = true; b.cuda.matmul.allow_tf32 = true; b.mkldnn.enabled = false;
    torch.use_deterministic_algorithms(true, { warn_only: true }); torch.set_float32_matmul_precision("medium");
    try {
      expect(flags()).toEqual(ref.after);
    } finally {
      b.cudnn.benchmark = false; b.cudnn.deterministic = false; b.cuda.matmul.allow_tf32 = false; b.mkldnn.enabled = true;
      torch.use_deterministic_algorithms(false); torch.set_float32_matmul_precision("highest");
    }
    expect(flags()).toEqual(ref.before);
  });

  it("says what the build has", () => {
    const b = torch.backends;
    expect([b.cudnn.is_available(), b.cuda.is_built(), b.mkldnn.is_available(), b.mkl.is_available(), b.openmp.is_available(),
      b.mps.is_available(), b.mps.is_built()]).toEqual(ref.avail);
    // cuDNN's version number is not read from native code yet: null without cuDNN, as Python.
    if (ref.cudnn_version === null) expect(b.cudnn.version()).toBeNull();
  });

  it("has torch.accelerator where the linked release does", () => {
    const a = torch.accelerator;
    if (ref.acc === null) { expect(a).toBeUndefined(); return; }
    const ca = a!.current_accelerator();
    expect([a!.is_available(), ca === null ? null : String(ca), a!.device_count()]).toEqual(ref.acc);
  });

  it("torch.multiprocessing's start method, CPU count and sharing strategy", () => {
    const mp = torch.multiprocessing;
    expect([mp.get_start_method(), mp.cpu_count(), mp.get_all_start_methods(), mp.get_sharing_strategy()]).toEqual(ref.mp);
    expect(err(() => mp.set_start_method("spawn"))).toEqual(["RuntimeError", "context has already been set"]);
    mp.set_start_method("spawn", { force: true });
    expect(mp.get_start_method()).toBe("spawn");
  });
});

describe("legacy typed constructors, from_numpy, tensors as numbers and keys, requires_grad of integral literals", () => {
  const ref = py(PY_ERR + `
import numpy as np
def d(t): return [str(t.dtype), list(t.shape)]
x = torch.ones(2)
a = np.array([[1.5, 2.0], [3.0, 4.25]]); b = np.arange(6).reshape(2, 3); c = np.array([True, False]); e = np.array([1e-5, 1.0, 2e3])
classes = ["cat", "dog", "bird"]
r = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
out = {"ctors": [d(torch.FloatTensor(2, 3)), d(torch.LongTensor([1, 2])), torch.LongTensor([1, 2]).tolist(), d(torch.DoubleTensor([1])),
                 d(torch.IntTensor([1])), d(torch.BoolTensor([1, 0])), d(torch.ByteTensor([1])), d(torch.HalfTensor(1))],
       "isinst": [isinstance(x, torch.FloatTensor), isinstance(x, torch.LongTensor), isinstance(x.long(), torch.LongTensor)],
       "ctor_errs": [err(lambda: torch.LongTensor(torch.ones(2))), err(lambda: torch.LongTensor(2.5))],
       "from_numpy": [d(torch.from_numpy(np.array([[1.5, 2.0], [3.0, 4.0]]))), d(torch.from_numpy(np.array([[1, 2], [3, 4]])))],
       "npstr": [str(a), str(b), str(c), str(e), str(np.arange(24).reshape(2, 3, 4)), str(np.float32(2.5) * np.ones((2,), np.float32))],
       "fmt": [f"{torch.tensor(6)}", f"{torch.tensor(0.5)}", f"{torch.tensor(6.)}", f"{torch.tensor(True)}", f"{torch.tensor(1e-5, dtype=torch.float64)}",
               f"{torch.tensor([1, 2])}"],
       "index": classes[torch.tensor([0.1, 0.7, 0.2]).argmax(0)], "num": float(torch.tensor([2.5])) * 2,
       "rg": [str(r.dtype), r.requires_grad], "rg_err": err(lambda: torch.tensor([1, 2], dtype=torch.long, requires_grad=True))}`);

  it("torch.FloatTensor, LongTensor, ... construct and check as Python's", () => {
    const T = torch as any;
    const d = (t: any) => [String(t.dtype), [...t.shape]];
    expect([d(new T.FloatTensor(2, 3)), d(T.LongTensor([1, 2])), T.LongTensor([1, 2]).tolist(), d(new T.DoubleTensor([1])),
      d(T.IntTensor([1])), d(T.BoolTensor([1, 0])), d(T.ByteTensor([1])), d(T.HalfTensor(1))]).toEqual(ref.ctors);
    const x = torch.ones(2);
    expect([x instanceof torch.FloatTensor, x instanceof torch.LongTensor, x.long() instanceof torch.LongTensor]).toEqual(ref.isinst);
    expect([err(() => T.LongTensor(torch.ones(2))), err(() => T.LongTensor(2.5))]).toEqual(ref.ctor_errs);
  });

  it("from_numpy reads nested arrays as numpy does; numpy() prints as numpy's str", () => {
    const d = (t: any) => [String(t.dtype), [...t.shape]];
    expect([d(torch.from_numpy([[1.5, 2.0], [3.0, 4.0]])), d(torch.from_numpy([[1, 2], [3, 4]]))]).toEqual(ref.from_numpy);
    const a = torch.tensor([[1.5, 2.0], [3.0, 4.25]], { dtype: torch.float64 }), b = torch.arange(6).reshape(2, 3), c = torch.tensor([true, false]);
    const e = torch.tensor([1e-5, 1.0, 2e3], { dtype: torch.float64 });
    expect([`${a.numpy()}`, `${b.numpy()}`, `${c.numpy()}`, `${e.numpy()}`, `${torch.arange(24).reshape(2, 3, 4).numpy()}`,
      `${torch.full([2], 2.5).numpy()}`]).toEqual(ref.npstr);
  });

  it("a tensor as a number; in a string it stays Python's str(t)", () => {
    // f"{t}" of a 0-d tensor is its value in Python; JavaScript's ${t} is String(t), which stays str(t).
    expect(`${torch.tensor([1, 2])}`).toBe(ref.fmt[5]);
    expect(`${torch.tensor(6)}`).toBe(String(torch.tensor(6)));
    const classes = ["cat", "dog", "bird"];
    // classes[t] cannot index (the key is str(t)); Python's __index__ is item().
    expect(classes[torch.tensor([0.1, 0.7, 0.2]).argmax(0).item()]).toBe(ref.index);
    expect(+torch.tensor([2.5]) * 2).toBe(ref.num);
    expect((torch.tensor(6) as any) + 1).toBe(7);
  });

  it("an integral literal list asked to require grad is the default float dtype", () => {
    const r = torch.tensor([1.0, 2.0, 3.0], { requires_grad: true });
    expect([String(r.dtype), r.requires_grad]).toEqual(ref.rg);
    expect(err(() => torch.tensor([1, 2], { dtype: torch.long, requires_grad: true }))).toEqual(ref.rg_err);
  });
});
