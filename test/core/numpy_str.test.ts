// `${t.numpy()}` and numpy arrays loaded from checkpoints print as the linked stack's numpy prints
// str(arr) (numpy 2.x with torch 2.x, 1.24 with Debian's 1.13): shortest digits per dtype, float16
// and float32 included, -0., nan/inf, scientific notation and its exponent widths, 0-d arrays as
// their scalar, rows wrapped at 75 characters, "..." past 1000 elements, nesting and blank lines.
import { describe, it, expect, beforeAll } from "vitest";
import path from "node:path";
import torch from "../../lib/index";
import type { NumpyArray } from "../../lib/tensor";
import { py } from "../helpers/python";
import { tmpdir } from "../serialization/_util";

const dir = tmpdir("numpy-str");
const TYPED: Record<string, new (b: ArrayBuffer) => NumpyArray["data"]> = {
  bool: Uint8Array, uint8: Uint8Array, int8: Int8Array, int16: Int16Array, int32: Int32Array, int64: BigInt64Array,
  float16: Uint16Array, float32: Float32Array, float64: Float64Array,
};
let ref: any;

beforeAll(() => {
  ref = py(`
import numpy as np, warnings
warnings.simplefilter("ignore")
def info(name, a): return [name, a.dtype.name, list(a.shape), a.tobytes().hex(), str(a)]
nan, inf = float("nan"), float("inf")
cases = []
for t in ("float16", "float32", "float64"):
    rng = np.random.default_rng(0)
    arr = lambda v: np.array(v, dtype=t)
    named = {
        "imagenet": [0.485, 0.456, 0.406], "randn": rng.standard_normal((3, 4)), "neg_zero": [-0.0, 1.5], "only_neg_zero": [-0.0],
        "zeros": [0.0, 0.0], "nonfinite": [nan, inf, -inf], "nan_and": [nan, 1.0], "neginf_and": [1.0, -inf], "inf_tiny": [inf, 1e-9],
        "small": [1e-5, 1.0], "large": [1e8, 1.0], "ratio": [1500.0, 1.0], "f16_cut": [1000.0, 2.0], "f32_cut": [1e6, 2.5],
        "exp3": [1e-300, 1e300], "exp3_mixed": [1e-100, 5.0, 1e5], "tie": [2.0 ** -9, 1.5], "thirds": [1 / 3, 2 / 3],
        "wrap": rng.standard_normal(30) * 100, "wrap_sci": rng.standard_normal(20) * 1e-7, "nested3": rng.standard_normal((2, 3, 4)),
        "nested4": rng.standard_normal((2, 2, 2, 2)), "summary1": rng.standard_normal(2000), "summary2": rng.standard_normal((40, 40)),
        "summary_rows": rng.standard_normal((3, 400)), "summary3": rng.standard_normal((12, 10, 10)) * 1e4, "round": np.round(rng.standard_normal(8) * 100, 2),
        "d0": 5.0, "d0_tenth": 0.1, "d0_small": 1e-5, "d0_big": 1e16, "d0_1e3": 1000.0, "d0_1e6": 1e6, "d0_nan": nan, "d0_neg_zero": -0.0,
        "empty": np.zeros((0, 3)),
    }
    cases += [info(f"{t}_{k}", arr(v)) for k, v in named.items()]
rng = np.random.default_rng(1)
cases += [info("int64", np.arange(-5, 5)), info("int64_extremes", np.array([2**62, -2**63, 7])), info("int32_wrap", rng.integers(-10**9, 10**9, 40, dtype=np.int32)),
          info("int8_summary", np.arange(3000).astype(np.int8).reshape(3, 1000)), info("uint8_2d", rng.integers(0, 256, (4, 5), dtype=np.uint8)),
          info("int16_3d", np.arange(24, dtype=np.int16).reshape(2, 3, 4)), info("int64_0d", np.array(-7)), info("int64_big", np.arange(2000).reshape(10, 200)),
          info("bool_all", np.array([True, True])), info("bool_2d", np.array([[True, False], [False, False]])), info("bool_0d", np.array(True)),
          info("bool_summary", np.ones(1200, dtype=bool))]
# numpy-generated arrays of every kind, as a program might hold them
for i in range(150):
    t = rng.choice(["float16", "float32", "float64", "int64", "int32", "int8", "uint8", "bool"])
    shape = tuple(int(x) for x in rng.integers(1, 6 if i % 3 else 12, int(rng.integers(0, 4))))
    n, mode = int(np.prod(shape)), int(rng.integers(0, 5))
    if t == "bool": a = rng.random(n) < 0.5
    elif t[0] in "iu": a = rng.integers(np.iinfo(t).min, np.iinfo(t).max, n, dtype=t, endpoint=True) if mode < 2 else rng.integers(-50, 50, n)
    elif mode == 0: a = rng.standard_normal(n)
    elif mode == 1: a = rng.standard_normal(n) * 10.0 ** rng.integers(-12, 12)
    elif mode == 2: a = np.round(rng.standard_normal(n) * 100, int(rng.integers(0, 4)))
    elif mode == 3: a = rng.choice([0.0, -0.0, nan, inf, -inf, 1e-4, 1e8, 0.1, 65504.0, 1e3], n)
    else: a = np.exp(rng.uniform(-30, 30, n)) * rng.choice([-1, 1], n)
    cases.append(info(f"random{i}", a.astype(t).reshape(shape)))
torch.manual_seed(0)
tensors = {"randn": torch.randn(3, 4), "half": torch.randn(2, 3, 4).half(), "double": torch.randn(40) * 1e4, "long": torch.arange(1500).reshape(30, 50),
           "scalar": torch.tensor(2.5), "mask": torch.randn(5) > 0}
ck = {"u16": np.array([0, 65535, 7], dtype=np.uint16), "u32": np.array([[0, 2**32 - 1], [5, 6]], dtype=np.uint32),
      "u64": np.array([0, 2**64 - 1], dtype=np.uint64), "f32": np.array([0.485, 0.456, 0.406], dtype=np.float32),
      "f16": np.array([1e-3, -2.25, 65504.0], dtype=np.float16), "f64_0d": np.array(5.0), "i64_wrap": np.arange(10**12, 10**12 + 30)}
torch.save(ck, ${JSON.stringify(path.join(dir, "arrays.pt"))})
out = {"cases": cases, "tensors": {k: str(v.numpy()) for k, v in tensors.items()}, "ckpt": {k: str(v) for k, v in ck.items()}}
`);
});

describe("numpy's str of Tensor.numpy()", () => {
  it("numpy's arrays, through torch.from_numpy and back, print as numpy prints them", () => {
    const got: string[][] = [], want: string[][] = [];
    for (const [name, dtype, shape, hex, str] of ref.cases as [string, string, number[], string, string][]) {
      const buf = Buffer.from(hex, "hex");
      const data = new TYPED[dtype](buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length));
      got.push([name, `${torch.from_numpy({ data, shape, dtype }).numpy()}`]);
      want.push([name, str]);
    }
    expect(got).toEqual(want);
  });

  it("tensors from the same seed print as Python's str(t.numpy())", () => {
    torch.manual_seed(0);
    const tensors = {
      randn: torch.randn(3, 4), half: torch.randn(2, 3, 4).half(), double: torch.randn(40).mul(1e4), long: torch.arange(1500).reshape(30, 50),
      scalar: torch.tensor(2.5), mask: torch.randn(5).gt(0),
    };
    expect(Object.fromEntries(Object.entries(tensors).map(([k, t]) => [k, `${t.numpy()}`]))).toEqual(ref.tensors);
  });

  it("numpy arrays loaded from a checkpoint print as numpy's str, unsigned dtypes included", () => {
    const ck = torch.load(path.join(dir, "arrays.pt"), { weights_only: false }) as Record<string, NumpyArray>;
    expect(Object.fromEntries(Object.entries(ck).map(([k, a]) => [k, `${a}`]))).toEqual(ref.ckpt);
  });
});
