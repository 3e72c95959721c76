// torch.device, torch.cuda and Tensor.to against Python's torch. On a libtorch
// without CUDA, every CUDA call must behave as Python's CPU-only torch does.
import { describe, it, expect, beforeAll } from "vitest";
import { inspect } from "node:util";
import torch from "../../lib/index";
import { N } from "../../lib/native";
import { py } from "../helpers/python";

const CUDA_BUILT = N.cudaIsCompiled();

/** The value (a string or plain object as is, anything else as its inspect()) or the error's message and name. */
function outcome(f: () => unknown): { ok: unknown } | { error: string; type: string } {
  try {
    const v = f();
    return { ok: typeof v === "string" || (v !== null && typeof v === "object" && v.constructor === Object) ? v : inspect(v) };
  } catch (e: any) {
    return { error: e.message, type: e.name };
  }
}
/** Python's RuntimeError is a plain Error here; other exception types keep their names. */
function pyType(o: any): any {
  return "error" in o && o.type === "RuntimeError" ? { ...o, type: "Error" } : o;
}

// Python's side of outcome().
const PY_OUTCOME = `
def outcome(f):
    try:
        v = f()
        return {"ok": v if isinstance(v, (str, dict)) else repr(v)}
    except Exception as e:
        return {"error": str(e), "type": type(e).__name__}
`;

describe("torch.device", () => {
  const strings = ["cpu", "cuda", "cuda:0", "cuda:1", "cpu:0", "meta", "mps", "xla:2", "cuda:12",
    "gpu", "CUDA", "cuda:x", "cuda:-1", "cuda:01", "cpu:0:1", "", " cuda", "cuda:", "cuda:1 "];
  const pairs: [string, number | null][] = [["cuda", 1], ["cpu", 0], ["cuda", null], ["meta", 3], ["cuda:0", 1], ["cuda", -1], ["gpu", 0]];
  const eqs: [string, string][] = [["cuda:0", "cuda:0"], ["cuda", "cuda:0"], ["cpu", "cpu:0"], ["cpu", "cpu"], ["cuda:1", "cuda:0"]];
  let ref: any;
  beforeAll(() => {
    ref = py(PY_OUTCOME + `
strings = ${JSON.stringify(strings)}
pairs = json.loads(${JSON.stringify(JSON.stringify(pairs))})
eqs = ${JSON.stringify(eqs)}
def describe(d): return {"repr": repr(d), "str": str(d), "type": d.type, "index": d.index}
out = {
  "strings": [outcome(lambda: describe(torch.device(s))) for s in strings],
  "pairs": [outcome(lambda: describe(torch.device(t, i))) for t, i in pairs],
  "int": outcome(lambda: describe(torch.device(1))),
  "copy": describe(torch.device(torch.device("cuda:2"))),
  "kw": describe(torch.device(type="cuda", index=2)),
  "float": outcome(lambda: torch.device(1.5)),
  "float_index": outcome(lambda: torch.device("cuda", 1.5)),
  "eqs": [torch.device(a) == torch.device(b) for a, b in eqs],
  "tensor": repr(torch.zeros(2).device),
  "version": torch.__version__,
}`);
  });
  // console.log (inspect) shows str(), as Python's print; repr() is __repr__().
  const describeDev = (d: any) => ({ repr: d.__repr__(), str: String(d), type: d.type, index: d.index });

  it("parses and prints strings as Python, with Python's errors", () => {
    expect(strings.map((s) => outcome(() => describeDev(torch.device(s))))).toEqual(ref.strings.map(pyType));
  });

  it("builds device(type, index), device(int), device(device) and device({ type, index }) as Python", () => {
    expect(pairs.map(([t, i]) => outcome(() => describeDev(torch.device(t, i))))).toEqual(ref.pairs.map(pyType));
    expect(pyType(outcome(() => describeDev(torch.device(1))))).toEqual(pyType(ref.int));
    expect(describeDev(torch.device(torch.device("cuda:2")))).toEqual(ref.copy);
    expect(describeDev(torch.device({ type: "cuda", index: 2 }))).toEqual(ref.kw);
    expect(describeDev(new torch.device("cuda", 2))).toEqual(ref.kw);
  });

  it("rejects arguments of the wrong type with Python's TypeError", () => {
    const ours = [outcome(() => torch.device(1.5 as any)), outcome(() => torch.device("cuda", 1.5))];
    // The wording is Python 1.13's argument parser's; other versions word it differently.
    if (ref.version.startsWith("1.13")) expect(ours).toEqual([ref.float, ref.float_index]);
    else expect(ours.map((o: any) => o.type)).toEqual([ref.float.type, ref.float_index.type]);
  });

  it("compares as Python's ==", () => {
    expect(eqs.map(([a, b]) => torch.device(a).equals(torch.device(b)))).toEqual(ref.eqs);
    expect(torch.device("cpu").equals("cpu")).toBe(false);
    expect(torch.zeros(2).device.__repr__()).toBe(ref.tensor);
  });
});


// Python's tests below run the same calls as ours, one lambda per case.
const CPU_ONLY_CASES: [string, string, () => unknown][] = [
  ["is_available", "torch.cuda.is_available()", () => torch.cuda.is_available()],
  ["device_count", "torch.cuda.device_count()", () => torch.cuda.device_count()],
  ["current_device", "torch.cuda.current_device()", () => torch.cuda.current_device()],
  ["get_device_name", "torch.cuda.get_device_name()", () => torch.cuda.get_device_name()],
  ["get_device_name(0)", "torch.cuda.get_device_name(0)", () => torch.cuda.get_device_name(0)],
  ["get_device_capability", "torch.cuda.get_device_capability()", () => torch.cuda.get_device_capability()],
  ["synchronize", "torch.cuda.synchronize()", () => torch.cuda.synchronize()],
  ["manual_seed", "torch.cuda.manual_seed(1)", () => torch.cuda.manual_seed(1)],
  ["manual_seed_all", "torch.cuda.manual_seed_all(1)", () => torch.cuda.manual_seed_all(1)],
  ["memory_allocated", "torch.cuda.memory_allocated()", () => torch.cuda.memory_allocated()],
  ["max_memory_allocated", "torch.cuda.max_memory_allocated()", () => torch.cuda.max_memory_allocated()],
  ["memory_reserved", "torch.cuda.memory_reserved()", () => torch.cuda.memory_reserved()],
  ["empty_cache", "torch.cuda.empty_cache()", () => torch.cuda.empty_cache()],
  ["is_initialized", "torch.cuda.is_initialized()", () => torch.cuda.is_initialized()],
  ["set_device(cpu)", "torch.cuda.set_device('cpu')", () => torch.cuda.set_device("cpu")],
  ["set_device(meta)", "torch.cuda.set_device(torch.device('meta'))", () => torch.cuda.set_device(torch.device("meta"))],
  ["set_device(cuda)", "torch.cuda.set_device('cuda')", () => torch.cuda.set_device("cuda")],
  [".cuda()", "torch.zeros(2).cuda()", () => torch.zeros(2).cuda()],
  [".cuda(1)", "torch.zeros(2).cuda(1)", () => torch.zeros(2).cuda(1)],
  [".to('cuda')", "torch.zeros(2).to('cuda')", () => torch.zeros(2).to("cuda")],
  [".to(device('cuda:1'))", "torch.zeros(2).to(torch.device('cuda:1'))", () => torch.zeros(2).to(torch.device("cuda:1"))],
  [".to(device=cuda, dtype)", "torch.zeros(2).to(device='cuda', dtype=torch.float64)", () => torch.zeros(2).to({ device: "cuda", dtype: torch.float64 })],
  ["zeros(device=cuda)", "torch.zeros(2, device='cuda')", () => torch.zeros(2, { device: "cuda" })],
  ["randn(device=cuda:0)", "torch.randn(2, 3, device='cuda:0')", () => torch.randn(2, 3, { device: "cuda:0" })],
  ["tensor(device=cuda)", "torch.tensor([1., 2.], device='cuda')", () => torch.tensor([1.5, 2], { device: "cuda" })],
  ["arange(device=device(cuda))", "torch.arange(3, device=torch.device('cuda'))", () => torch.arange(3, { device: torch.device("cuda") })],
  ["zeros(device=0)", "torch.zeros(2, device=0)", () => torch.zeros(2, { device: 0 as any })],
  ["is_cuda", "torch.zeros(2).is_cuda", () => torch.zeros(2).is_cuda],
  ["get_device", "torch.zeros(2).get_device()", () => torch.zeros(2).get_device()],
  ["is_pinned", "torch.zeros(2).is_pinned()", () => torch.zeros(2).is_pinned()],
  ["zeros(device=meta)", "str(torch.zeros(2, device='meta').device)", () => String(torch.zeros(2, { device: "meta" }).device)],
];

/** Runs every case here and in Python, and expects the same values or errors. */
function expectCasesAsPython(): void {
  const ref = py(PY_OUTCOME + `out = [outcome(lambda: ${CPU_ONLY_CASES.map(([, p]) => p).join("), outcome(lambda: ")})]`);
  const ours = CPU_ONLY_CASES.map(([name, , f]) => ({ name, ...outcome(f) }));
  const theirs = CPU_ONLY_CASES.map(([name], i) => ({ name, ...pyType(ref[i]) }));
  // Python's None is our undefined.
  for (const o of ours) if ("ok" in o && o.ok === "undefined") (o as any).ok = "None";
  for (const o of ours) if ("ok" in o && (o.ok === "true" || o.ok === "false")) (o as any).ok = o.ok === "true" ? "True" : "False";
  expect(ours).toEqual(theirs);
}

// The same calls, compared with the Python of the linked version: on a CUDA libtorch without a
// GPU (the reference build on a machine without one) as Python's CUDA torch there.
describe.runIf(CUDA_BUILT && !torch.cuda.is_available())("CUDA calls on a CUDA libtorch without a GPU, as Python's", () => {
  it("every call returns or raises what Python's does (\"Found no NVIDIA driver...\" where Python says so)", () => {
    expectCasesAsPython();
  });
});

describe.skipIf(CUDA_BUILT)("CUDA calls on a libtorch without CUDA, as Python's CPU-only torch", () => {
  it("every call returns or raises what Python's does", () => {
    expectCasesAsPython();
  });

  it("set_device(0) fails as in Python (which lacks torch._C._cuda_setDevice there)", () => {
    const theirs = py(PY_OUTCOME + "out = outcome(lambda: torch.cuda.set_device(0))");
    expect(theirs.type).toBe("AttributeError");
    expect(outcome(() => torch.cuda.set_device(0))).toEqual({ error: "Torch not compiled with CUDA enabled", type: "AssertionError" });
  });

  it("torch.manual_seed still seeds the CPU stream (the CUDA hook does nothing)", () => {
    torch.manual_seed(7);
    const ours = torch.rand(3).tolist();
    expect(ours).toEqual(py("torch.manual_seed(7); out = torch.rand(3)").tensor);
  });
});

describe("Tensor.to, .cpu(), .device, .is_cuda", () => {
  let ref: any;
  beforeAll(() => {
    ref = py(`
x = torch.tensor([[1.5, -2.25], [3.0, 4.125]])
out = {
  "cpu": x.to("cpu"), "device_cpu": x.to(torch.device("cpu")), "f64": x.to(torch.float64),
  "kw": x.to(dtype=torch.float64, device="cpu"), "like_int": x.to(torch.tensor([1])), "like_half": x.to(torch.tensor([1.], dtype=torch.float16)),
  "cpu_f16": x.to("cpu", torch.float16), "dev_int32": x.to(torch.device("cpu"), torch.int32), ".cpu()": x.cpu(),
  "device": repr(x.device), "is_cuda": x.is_cuda, "meta": str(x.to("meta").device), "meta_shape": list(x.to("meta").shape),
}`);
  });

  it("converts dtype and device as Python's to() does", () => {
    const x = torch.tensor([[1.5, -2.25], [3.0, 4.125]]);
    const cases: Record<string, any> = {
      cpu: x.to("cpu"), device_cpu: x.to(torch.device("cpu")), f64: x.to(torch.float64),
      kw: x.to({ dtype: torch.float64, device: "cpu" }), like_int: x.to(torch.tensor([1])),
      like_half: x.to(torch.tensor([1], { dtype: torch.float16 })), cpu_f16: x.to("cpu", torch.float16),
      dev_int32: x.to(torch.device("cpu"), torch.int32), ".cpu()": x.cpu(),
    };
    for (const [k, t] of Object.entries(cases)) {
      expect({ k, v: t.tolist(), dtype: t.dtype.name, shape: [...t.shape] }).toEqual({ k, v: ref[k].tensor, dtype: ref[k].dtype, shape: ref[k].shape });
      expect(String(t.device)).toBe("cpu");
    }
    expect(x.device.__repr__()).toBe(ref.device);
    expect(x.is_cuda).toBe(ref.is_cuda);
    expect(String(x.to("meta").device)).toBe(ref.meta);
    expect([...x.to("meta").shape]).toEqual(ref.meta_shape);
  });

  it("to() with a bad device string raises libtorch's message", () => {
    const theirs = py(PY_OUTCOME + "out = outcome(lambda: torch.zeros(2).to('gpu:0'))");
    expect(outcome(() => torch.zeros(2).to("gpu:0"))).toEqual(pyType(theirs));
  });
});
