// Checkpoints holding numpy values (np.ndarray, numpy scalars, np.dtype), written by Python's
// torch.save with the linked stack's numpy (1.x: numpy.core.multiarray; 2.x: numpy._core):
// loaded with weights_only=False as Tensor.numpy()'s { data, shape, dtype }, numbers and
// NumpyDtype; refused with Python's words under weights_only=True unless allowed by name;
// and a numpy array torch.save writes in Node reads back in Python as an np.ndarray.
import { describe, it, expect, beforeAll } from "vitest";
import path from "node:path";
import { inspect } from "node:util";
import torch from "../../lib/index";
import type { NumpyArray } from "../../lib/tensor";
import { serialization, NumpyDtype } from "../../lib/serialization";
import { py } from "../helpers/python";
import { since } from "../../lib/version";
import { tmpdir } from "./_util";

const dir = tmpdir("numpy");
const f = (name: string) => path.join(dir, name);
let ref: any;

// Python's description of an array: C-order native-endian bytes, dtype, shape, str().
const PY_NP = `
import numpy as np, importlib
def ainfo(a):
    return {"hex": a.astype(a.dtype.newbyteorder("=")).tobytes(order="C").hex(), "dtype": a.dtype.name, "shape": list(a.shape), "str": str(a)}
def attempt(fn):
    try:
        fn(); return None
    except Exception as e:
        return [type(e).__name__, str(e)]
`;

// `${arr}` (numpy's str, lib/_tensor_str.ts, as for Tensor.numpy()) still differs for float16 (raw
// bits), float32 values whose float64 digits numpy does not show, lines over numpy's 75 characters,
// -0.0, 3-digit exponents, and a 0-d float array (numpy prints its scalar, "5.0").
const NO_STR = new Set(["float16", "float32", "int64", "float64", "zero_d"]);
const hex = (a: NumpyArray) => Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength).toString("hex");
const nodeInfo = (a: NumpyArray) => ({ hex: hex(a), dtype: a.dtype, shape: a.shape, str: `${a}` });

beforeAll(() => {
  ref = py(`${PY_NP}
D = ${JSON.stringify(dir)}
r = {"core": "numpy._core" if np.__version__ >= "2" else "numpy.core", "safe_globals": hasattr(torch.serialization, "safe_globals")}
ar = np.arange(24)
arrays = {
    "bool": np.array([True, False, True]), "uint8": np.array([0, 1, 255], dtype=np.uint8), "int8": np.array([0, -1, 127, -128], dtype=np.int8),
    "int16": np.array([0, -1, 32767, -32768], dtype=np.int16), "uint16": np.array([0, 65535], dtype=np.uint16),
    "int32": np.array([0, -1, 2**31 - 1, -2**31], dtype=np.int32), "uint32": np.array([0, 2**32 - 1], dtype=np.uint32),
    "int64": np.array([0, -1, 2**62, -2**63, 7]), "uint64": np.array([0, 2**64 - 1], dtype=np.uint64),
    "float16": np.array([0.0, -2.25, 65504.0, 1e-3], dtype=np.float16), "float32": np.array([1.5, -2.5, 0.1], dtype=np.float32),
    "float64": np.array([0.0, -0.0, 1e-300, 3.25]),
    "c2d": ar.reshape(4, 6).astype(np.float32), "f2d": np.asfortranarray(ar.reshape(4, 6).astype(np.float32)),
    "f3d": np.asfortranarray(ar.reshape(2, 3, 4).astype(np.int16)), "f4d": np.asfortranarray(ar.reshape(2, 3, 2, 2)),
    "strided": ar[::3], "transposed": ar.reshape(4, 6).T.astype(np.float64),
    "zero_d": np.array(5.0), "zero_d_int": np.array(7, dtype=np.int32), "empty": np.zeros((0, 3), dtype=np.float32),
    "big_f4": np.array([1.5, -2.0, 3.25], dtype=">f4"), "big_i8": np.array([[1, -2], [2**40, 3]], dtype=">i8"),
}
torch.save(arrays, D + "/arrays.pt")
r["arrays"] = {k: ainfo(v) for k, v in arrays.items()}
for p in (4, 5):
    torch.save({"f2d": arrays["f2d"], "int64": arrays["int64"], "s": np.float64(2.0)}, D + f"/proto{p}.pt", pickle_protocol=p)
shared = np.arange(3.0)
torch.save({"a": shared, "b": shared, "l": [shared]}, D + "/shared.pt")

torch.manual_seed(0)
lin = torch.nn.Linear(3, 2)
ck = {"model": lin.state_dict(), "mean": np.array([0.485, 0.456, 0.406], dtype=np.float32), "epoch": np.int64(3),
      "best": np.float32(0.9), "dt": np.dtype("float32"), "dts": [np.dtype("int64"), np.dtype("bool"), np.dtype(">f8"), np.dtype("uint8"), np.dtype("U3"), np.dtype("S2"), np.dtype(">U1")],
      "big": np.int64(2**60), "u64": np.uint64(2**64 - 1), "neg": np.int8(-5), "flag": np.bool_(True), "h": np.float16(1.5),
      "f64": np.float64(2.0), "f32": np.float32(-0.0), "big_scalar": np.array([1.0], dtype=">f8")[0],
      "name": np.str_("h\\u00e9llo \\U0001F600"), "label": np.array(["ab", "c"])[1], "raw": np.bytes_(b"a\\x00b")}
torch.save(ck, D + "/ckpt.pt")
r["ckpt"] = {"sd": {k: v.tolist() for k, v in lin.state_dict().items()}, "mean": ainfo(ck["mean"]),
             "ints": {k: str(int(ck[k])) for k in ["epoch", "big", "u64", "neg"]},
             "floats": {k: float(ck[k]) for k in ["best", "h", "f64", "f32", "big_scalar"]},
             "dt": [str(ck["dt"]), repr(ck["dt"])], "dts": [[str(d), repr(d)] for d in ck["dts"]],
             "strs": [str(ck["name"]), str(ck["label"])], "raw": ck["raw"].hex()}
torch.save({"obj": np.array([1, "a"], dtype=object)}, D + "/object.pt")
torch.save({"c": np.array([1 + 2j])}, D + "/complex.pt")
torch.save({"s": np.array(["ab", "c"])}, D + "/strings.pt")
torch.save({"n": np.int64(3)}, D + "/scalar_first.pt")
torch.save({"mean": np.array([1.5, 2.5], dtype=np.float32), "epoch": np.int64(3)}, D + "/wo.pt")

# weights_only=True: Python's error
r["wo_errors"] = {n: attempt(lambda: torch.load(D + "/" + n, weights_only=True)) for n in ["ckpt.pt", "scalar_first.pt", "wo.pt"]}
# and, where torch has safe_globals, allowing numpy's globals one by one
C = r["core"]
steps = [[], [C + ".multiarray._reconstruct"], ["numpy.ndarray"], ["numpy.dtype"], ["numpy.dtypes.Float32DType"],
         [C + ".multiarray.scalar"], ["numpy.dtypes.Int64DType"]]
r["steps"] = steps
r["allowed"] = []
if r["safe_globals"]:
    names = []
    for s in steps:
        names = names + s
        objs = [getattr(importlib.import_module(n.rpartition(".")[0]), n.rpartition(".")[2]) for n in names]
        with torch.serialization.safe_globals(objs):
            res = {}
            e = attempt(lambda: res.update(torch.load(D + "/wo.pt", weights_only=True)))
        r["allowed"].append(e if e else {"mean": ainfo(res["mean"]), "epoch": int(res["epoch"])})
out = r
`);
});

describe("numpy arrays load as Tensor.numpy()'s { data, shape, dtype } (weights_only: false)", () => {
  it("every dtype, C and Fortran order, 0-d, empty, strided and big-endian arrays, with Python's values", () => {
    const got = torch.load(f("arrays.pt"), { weights_only: false });
    expect(Object.keys(got)).toEqual(Object.keys(ref.arrays));
    for (const [k, want] of Object.entries<any>(ref.arrays)) {
      const { str, ...rest } = want;
      const mine = nodeInfo(got[k]);
      expect({ k, hex: mine.hex, dtype: mine.dtype, shape: mine.shape }).toEqual({ k, ...rest });
      if (!NO_STR.has(k)) expect([k, mine.str]).toEqual([k, str]);
    }
    expect(got.float32.data).toBeInstanceOf(Float32Array);
    expect(got.int64.data).toBeInstanceOf(BigInt64Array);
    expect(got.bool.data).toBeInstanceOf(Uint8Array);
    expect(got.float16.data).toBeInstanceOf(Uint16Array);
  });

  it("the same as Tensor.numpy() gives, and torch.from_numpy takes them back", () => {
    const got = torch.load(f("arrays.pt"), { weights_only: false });
    for (const k of ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "float32", "float64", "f2d", "f4d", "transposed", "zero_d", "empty", "big_i8"]) {
      const t = torch.from_numpy(got[k]);
      expect([k, [...t.shape]]).toEqual([k, got[k].shape]);
      const back = t.numpy();
      expect([k, back.dtype, hex(back)]).toEqual([k, got[k].dtype, hex(got[k])]);
    }
  });

  it("pickle protocols 4 (bytes) and 5 (numpy's _frombuffer) load the same", () => {
    const want = torch.load(f("arrays.pt"), { weights_only: false });
    for (const p of [4, 5]) {
      const got = torch.load(f(`proto${p}.pt`), { weights_only: false });
      expect(nodeInfo(got.f2d)).toEqual(nodeInfo(want.f2d));
      expect(nodeInfo(got.int64)).toEqual(nodeInfo(want.int64));
      expect(got.s).toBe(2);
      expect(serialization.is_float(got, "s")).toBe(true);
    }
  });

  it("one array pickled twice is one object, as in Python", () => {
    const got = torch.load(f("shared.pt"), { weights_only: false });
    expect(got.a).toBe(got.b);
    expect(got.l[0]).toBe(got.a);
  });

  it("object, complex and string arrays are refused with a clear error", () => {
    expect(() => torch.load(f("object.pt"), { weights_only: false })).toThrow(/numpy arrays of dtype object hold Python objects/);
    expect(() => torch.load(f("complex.pt"), { weights_only: false })).toThrow(/numpy arrays of dtype\('complex128'\) are not supported/);
    expect(() => torch.load(f("strings.pt"), { weights_only: false })).toThrow(/numpy arrays of dtype\('<U2'\) are not supported/);
  });
});

describe("a checkpoint with a state_dict, numpy arrays, scalars and dtypes", () => {
  it("loads as Python's: scalars are numbers (BigInt beyond 2^53), floats marked as floats, dtypes print as numpy's", () => {
    const ck = torch.load(f("ckpt.pt"), { weights_only: false });
    for (const [k, v] of Object.entries<any>(ref.ckpt.sd)) expect(ck.model[k].tolist()).toEqual(v);
    const { str: _s, ...mean } = ref.ckpt.mean;
    expect({ ...nodeInfo(ck.mean), str: undefined }).toEqual({ ...mean, str: undefined });
    expect(String(torch.from_numpy(ck.mean))).toBe(String(torch.tensor([0.485, 0.456, 0.406])));
    for (const [k, v] of Object.entries<string>(ref.ckpt.ints)) {
      const big = BigInt(v);
      expect([k, ck[k]]).toEqual([k, big > BigInt(Number.MAX_SAFE_INTEGER) ? big : Number(big)]);
    }
    for (const [k, v] of Object.entries<number>(ref.ckpt.floats)) expect([k, ck[k]]).toEqual([k, v]);
    expect(ck.flag).toBe(true);
    expect([ck.name, ck.label]).toEqual(ref.ckpt.strs);
    expect(Buffer.isBuffer(ck.raw) && ck.raw.toString("hex")).toBe(ref.ckpt.raw);
    expect(serialization.is_float(ck, "f64")).toBe(true);
    expect(serialization.is_float(ck, "epoch")).toBe(false);
    expect(ck.dt).toBeInstanceOf(NumpyDtype);
    expect([String(ck.dt), ck.dt.__repr__()]).toEqual(ref.ckpt.dt);
    expect(ck.dts.map((d: NumpyDtype) => [String(d), d.__repr__()])).toEqual(ref.ckpt.dts);
    // console.log is print: str at the top, repr inside containers
    expect(inspect(ck.dt)).toBe(ref.ckpt.dt[0]);
    expect(inspect([ck.dt])).toBe(`[ ${ref.ckpt.dt[1]} ]`);
  });
});

describe("weights_only: true", () => {
  it("refuses numpy globals with Python's message of the linked version", () => {
    for (const [n, want] of Object.entries<any>(ref.wo_errors)) {
      let got: [string, string] | null = null;
      try { torch.load(f(n), { weights_only: true }); } catch (e) { got = [(e as Error).name, (e as Error).message]; }
      expect([n, got]).toEqual([n, want]);
    }
  });

  // Python's torch has safe_globals since 2.4
  it.skipIf(!since(2, 4))("add_safe_globals by name lets numpy's globals load, needing what Python needs, with its errors", () => {
    let names: string[] = [];
    ref.steps.forEach((step: string[], i: number) => {
      names = names.concat(step);
      let got: any = null;
      try {
        const r = serialization.safe_globals(names, () => torch.load(f("wo.pt"), { weights_only: true }));
        const { str: _s, ...mean } = nodeInfo(r.mean);
        got = { mean, epoch: r.epoch };
      } catch (e) { got = [(e as Error).name, (e as Error).message]; }
      const want = ref.allowed[i];
      if (!Array.isArray(want)) delete want.mean.str;
      expect([names, got]).toEqual([names, want]);
    });
    expect(serialization.get_safe_globals()).toEqual([]);
  });

  it("add_safe_globals takes a bare name only for globals torch-node builds itself", () => {
    expect(() => serialization.add_safe_globals(["builtins.eval"])).toThrow(/cannot build builtins\.eval itself/);
    serialization.add_safe_globals([`${ref.core}.multiarray.scalar`]);
    try {
      expect(serialization.get_safe_globals()).toEqual([`${ref.core}.multiarray.scalar`]);
    } finally {
      serialization.clear_safe_globals();
    }
    expect(serialization.get_safe_globals()).toEqual([]);
  });
});

describe("torch.save of a numpy array", () => {
  it("writes numpy's pickle: Python reads np.ndarray, np.dtype and the same values back", () => {
    const loaded = torch.load(f("ckpt.pt"), { weights_only: false });
    const arrays: Record<string, NumpyArray> = {
      f32: torch.arange(6, { dtype: torch.float32 }).reshape(2, 3).numpy(), f64: torch.tensor([0.1, -2], { dtype: torch.float64 }).numpy(),
      f16: torch.tensor([1.5, -2.25]).half().numpy(), i64: torch.tensor([2n ** 62n, -1n]).numpy(), i32: torch.tensor([1, -2], { dtype: torch.int32 }).numpy(),
      i16: torch.tensor([3], { dtype: torch.int16 }).numpy(), i8: torch.tensor([-3], { dtype: torch.int8 }).numpy(),
      u8: torch.tensor([255], { dtype: torch.uint8 }).numpy(), bool: torch.tensor([true, false]).numpy(),
      d4: torch.arange(16).reshape(2, 2, 2, 2).numpy(), zero_d: torch.tensor(3.5).numpy(), empty: torch.zeros(0, 2).numpy(),
      mean: loaded.mean,
    };
    const obj = { ...arrays, again: arrays.f32, dt: loaded.dt, big_dt: loaded.dts[2], epoch: loaded.epoch, f64s: loaded.f64 };
    serialization.mark_float(obj, "f64s");
    torch.save(obj, f("node.pt"));
    const back = py(`${PY_NP}
d = torch.load(${JSON.stringify(f("node.pt"))}, weights_only=False)
out = {"arrays": {k: ainfo(v) for k, v in d.items() if isinstance(v, np.ndarray)}, "types": {k: type(v).__name__ for k, v in d.items()},
       "again": d["again"] is d["f32"], "dt": repr(d["dt"]), "big_dt": repr(d["big_dt"]), "epoch": d["epoch"], "f64s": d["f64s"]}
`);
    for (const [k, a] of Object.entries(arrays)) {
      const { str: _s, ...want } = back.arrays[k];
      expect([k, want]).toEqual([k, { hex: hex(a), dtype: a.dtype, shape: a.shape }]);
      expect([k, back.types[k]]).toEqual([k, "ndarray"]);
    }
    expect(back.again).toBe(true);
    expect([back.dt, back.big_dt]).toEqual([loaded.dt.__repr__(), loaded.dts[2].__repr__()]);
    expect([back.types.epoch, back.epoch, back.types.f64s, back.f64s]).toEqual(["int", 3, "float", 2]);
    // and Node reads its own file back
    const again = torch.load(f("node.pt"), { weights_only: false });
    for (const [k, a] of Object.entries(arrays)) expect([k, nodeInfo(again[k])]).toEqual([k, nodeInfo(a)]);
  });

  it("a numpy array of a dtype numpy lacks is refused", () => {
    expect(() => torch.save({ a: torch.tensor([1.5]).bfloat16().numpy() }, f("bf16.pt"))).toThrow(/numpy array of dtype bfloat16 cannot be saved/);
  });
});
