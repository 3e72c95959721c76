// String(t) and console.log(t) against Python's str(t) (torch/_tensor_str.py).
import { describe, it, expect } from "vitest";
import { inspect } from "node:util";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { torch, type Tensor } from "../../lib/torch";
import { formatFixed, formatExp } from "../../lib/_tensor_str";
import { py } from "../helpers/python";

const f32 = { dtype: torch.float32 };
const nan = NaN, inf = Infinity;

// [Python expression, the same tensor built in TypeScript]
const CASES: [string, () => Tensor][] = [
  ["torch.tensor([1.5, -2.25, 1e-5])", () => torch.tensor([1.5, -2.25, 1e-5])],
  ["torch.tensor([0.1, 0.25, 0.333])", () => torch.tensor([0.1, 0.25, 0.333])],
  ["torch.tensor(3.5)", () => torch.tensor(3.5)],
  ["torch.tensor(-7)", () => torch.tensor(-7)],
  ["torch.tensor(True)", () => torch.tensor(true)],
  ["torch.tensor(1e10)", () => torch.tensor(1e10, f32)],
  ["torch.tensor(float('nan'))", () => torch.tensor(nan)],
  ["torch.tensor(-0.0)", () => torch.tensor(-0, f32)],
  ["torch.tensor([[1, 2], [3, 4]])", () => torch.tensor([[1, 2], [3, 4]])],
  ["torch.tensor([[-1, 200], [3, -4000]])", () => torch.tensor([[-1, 200], [3, -4000]])],
  ["torch.tensor([1., 2., 3.])", () => torch.tensor([1, 2, 3], f32)],
  ["torch.tensor([-1., 0., 30.])", () => torch.tensor([-1, 0, 30], f32)],
  ["torch.tensor([0., 0.])", () => torch.tensor([0, 0], f32)],
  ["torch.tensor([0., -0.])", () => torch.tensor([0, -0], f32)],
  ["torch.tensor([1., 1e9])", () => torch.tensor([1, 1e9], f32)],
  ["torch.tensor([1., 5000.])", () => torch.tensor([1, 5000], f32)],
  ["torch.tensor([1., float('nan'), float('inf'), -float('inf')])", () => torch.tensor([1, nan, inf, -inf], f32)],
  ["torch.tensor([1.5, float('nan'), -float('inf')])", () => torch.tensor([1.5, nan, -inf])],
  ["torch.tensor([float('nan'), float('inf')])", () => torch.tensor([nan, inf])],
  ["torch.tensor([1e-8, 1.0])", () => torch.tensor([1e-8, 1.0])],
  ["torch.tensor([1e10, 1.5])", () => torch.tensor([1e10, 1.5])],
  ["torch.tensor([123456789.0])", () => torch.tensor([123456789.0], f32)],
  ["torch.tensor([1e-30, -1e30, 1.5])", () => torch.tensor([1e-30, -1e30, 1.5])],
  ["torch.tensor([0.03125, 2.5, -0.00015625], dtype=torch.float64)", () => torch.tensor([0.03125, 2.5, -0.00015625], { dtype: torch.float64 })],
  ["torch.tensor([0.5, 1.5, 2.5], dtype=torch.float64) * 1e-4", () => torch.tensor([0.5, 1.5, 2.5], { dtype: torch.float64 }).mul(1e-4)],
  ["torch.tensor([1.25, -3.5], dtype=torch.float64)", () => torch.tensor([1.25, -3.5], { dtype: torch.float64 })],
  ["torch.tensor([1.25, -3.5], dtype=torch.float16)", () => torch.tensor([1.25, -3.5], { dtype: torch.float16 })],
  ["torch.tensor([1.1, -3.3], dtype=torch.bfloat16)", () => torch.tensor([1.1, -3.3], { dtype: torch.bfloat16 })],
  ["torch.tensor([1, -3], dtype=torch.int32)", () => torch.tensor([1, -3], { dtype: torch.int32 })],
  ["torch.tensor([1, -3], dtype=torch.int16)", () => torch.tensor([1, -3], { dtype: torch.int16 })],
  ["torch.tensor([1, -3], dtype=torch.int8)", () => torch.tensor([1, -3], { dtype: torch.int8 })],
  ["torch.tensor([[0, 255], [7, 8]], dtype=torch.uint8)", () => torch.tensor([[0, 255], [7, 8]], { dtype: torch.uint8 })],
  ["torch.tensor([[True, False], [False, True]])", () => torch.tensor([[true, false], [false, true]])],
  ["torch.tensor([2**62, -5])", () => torch.tensor([2n ** 62n, -5n] as any)],
  ["torch.arange(24).reshape(2, 3, 4)", () => torch.arange(24).reshape(2, 3, 4)],
  ["torch.arange(24.).reshape(2, 3, 2, 2) / 3", () => torch.arange(24, f32).reshape(2, 3, 2, 2).div(3)],
  ["torch.arange(30).float() / 3", () => torch.arange(30).float().div(3)],
  ["torch.arange(100)", () => torch.arange(100)],
  ["torch.arange(2000)", () => torch.arange(2000)],
  ["torch.arange(1001.)", () => torch.arange(1001, f32)],
  ["torch.arange(1200).reshape(3, 4, 10, 10)", () => torch.arange(1200).reshape(3, 4, 10, 10)],
  ["torch.arange(2000).reshape(20, 20, 5).float() / 7", () => torch.arange(2000).reshape(20, 20, 5).float().div(7)],
  ["torch.arange(600 * 784).reshape(600, 784) % 256", () => torch.arange(600 * 784).reshape(600, 784).remainder(256)],
  ["torch.arange(600 * 784, dtype=torch.float64).reshape(600, 784) / 1e4", () => torch.arange(600 * 784, { dtype: torch.float64 }).reshape(600, 784).div(1e4)],
  ["torch.ones(2000, dtype=torch.bool)", () => torch.ones(2000, { dtype: torch.bool })],
  ["torch.zeros(0)", () => torch.zeros(0)],
  ["torch.zeros(0, 3)", () => torch.zeros(0, 3)],
  ["torch.zeros(0, dtype=torch.int64)", () => torch.zeros(0, { dtype: torch.int64 })],
  ["torch.zeros(2, 0, 3, dtype=torch.float64)", () => torch.zeros([2, 0, 3], { dtype: torch.float64 })],
  ["torch.ones(2, requires_grad=True)", () => torch.ones([2], { requires_grad: true })],
  ["torch.ones(2, 2, dtype=torch.float64, requires_grad=True)", () => torch.ones([2, 2], { dtype: torch.float64, requires_grad: true })],
  ["torch.tensor([[1., 2.]], requires_grad=True).softmax(1)", () => torch.tensor([[1, 2]], { dtype: torch.float32, requires_grad: true }).softmax(1)],
  ["torch.tensor([1., 2.], requires_grad=True).sum()", () => torch.tensor([1, 2], { dtype: torch.float32, requires_grad: true }).sum()],
  ["torch.tensor([1.2345] * 10, requires_grad=True).mul(2)", () => torch.tensor(Array(10).fill(1.2345), { requires_grad: true }).mul(2)],
  ["torch.tensor([1.2345] * 8, dtype=torch.float64, requires_grad=True).mul(2)", () => torch.tensor(Array(8).fill(1.2345), { dtype: torch.float64, requires_grad: true }).mul(2)],
  ["torch.arange(12.).reshape(3, 4).t()", () => torch.arange(12, f32).reshape(3, 4).t()],
  ["torch.tensor([1.5, 2.5]).expand(3, 2)", () => torch.tensor([1.5, 2.5]).expand(3, 2)],
  ["torch.complex(torch.tensor([1.5, -2., 0.]), torch.tensor([0.25, 3., -1e-5]))", () => torch.complex(torch.tensor([1.5, -2, 0], f32), torch.tensor([0.25, 3, -1e-5]))],
  ["torch.complex(torch.tensor([1., 3.]), torch.tensor([2., -4.]))", () => torch.complex(torch.tensor([1, 3], f32), torch.tensor([2, -4], f32))],
  ["torch.complex(torch.tensor(2., dtype=torch.float64), torch.tensor(-1., dtype=torch.float64))", () => torch.complex(torch.tensor(2, { dtype: torch.float64 }), torch.tensor(-1, { dtype: torch.float64 }))],
  ["torch.complex(torch.arange(2000.), torch.ones(2000))", () => torch.complex(torch.arange(2000, f32), torch.ones(2000))],
  ["torch.complex(torch.arange(6.).reshape(2, 3) / 7, -torch.ones(2, 3)).conj()", () => torch.complex(torch.arange(6, f32).reshape(2, 3).div(7), torch.ones(2, 3).neg()).conj()],
  ["torch.complex(torch.zeros(2), torch.zeros(2))", () => torch.complex(torch.zeros(2), torch.zeros(2))],
  ["torch.manual_seed(0) and torch.randn(5, 5)", () => (torch.manual_seed(0), torch.randn(5, 5))],
  ["torch.manual_seed(1) and torch.randn(100, 100)", () => (torch.manual_seed(1), torch.randn(100, 100))],
  ["torch.manual_seed(2) and torch.randn(4, 6) * 1e5", () => (torch.manual_seed(2), torch.randn(4, 6).mul(1e5))],
  ["torch.manual_seed(3) and torch.rand(3, 30) * 1e-3", () => (torch.manual_seed(3), torch.rand(3, 30).mul(1e-3))],
  ["torch.manual_seed(4) and torch.randn(2, 3, 4, 5)", () => (torch.manual_seed(4), torch.randn(2, 3, 4, 5))],
];

// [set_printoptions keywords, Python expression, TypeScript tensor]
const OPTION_CASES: [Record<string, unknown>, string, () => Tensor][] = [
  [{ precision: 2 }, "torch.tensor([1.12345, -2.5])", () => torch.tensor([1.12345, -2.5])],
  [{ sci_mode: false }, "torch.tensor([1e-8, 1.0])", () => torch.tensor([1e-8, 1.0])],
  [{ sci_mode: true }, "torch.tensor([1.5, 2.0])", () => torch.tensor([1.5, 2.0])],
  [{ threshold: 5, edgeitems: 2 }, "torch.arange(10)", () => torch.arange(10)],
  [{ linewidth: 40 }, "torch.arange(30.) / 7", () => torch.arange(30, f32).div(7)],
  [{ profile: "short" }, "torch.arange(2000.) / 3", () => torch.arange(2000, f32).div(3)],
  [{ profile: "full" }, "torch.arange(1100)", () => torch.arange(1100)],
  [{ sci_mode: false }, "torch.tensor([1e10, 1.0])", () => torch.tensor([1e10, 1], f32)],
  [{ sci_mode: false }, "torch.tensor([1., 1e9])", () => torch.tensor([1, 1e9], f32)],
  [{ sci_mode: true }, "torch.tensor([1., 2.])", () => torch.tensor([1, 2], f32)],
  [{ sci_mode: true }, "torch.tensor([1e-8, 1.0])", () => torch.tensor([1e-8, 1.0])],
  [{ sci_mode: true }, "torch.tensor([float('nan'), 0.])", () => torch.tensor([nan, 0], f32)],
  // edgeitems=0 (2.x: "[...]" and a size= suffix; 1.13: " ..." then every element, or an error)
  [{ threshold: 5, edgeitems: 0 }, "torch.arange(10)", () => torch.arange(10)],
  [{ threshold: 5, edgeitems: 0 }, "torch.arange(10.) / 3", () => torch.arange(10, f32).div(3)],
  [{ edgeitems: 0 }, "torch.arange(3)", () => torch.arange(3)],
  [{ edgeitems: 0 }, "torch.arange(6).reshape(2, 3)", () => torch.arange(6).reshape(2, 3)],
  [{ threshold: 5, edgeitems: 0 }, "torch.arange(24).reshape(4, 6)", () => torch.arange(24).reshape(4, 6)],
];

const pyKw = (o: Record<string, unknown>) =>
  Object.entries(o).map(([k, v]) => `${k}=${typeof v === "string" ? JSON.stringify(v) : v === true ? "True" : v === false ? "False" : v}`).join(", ");

describe("printing matches Python's str(tensor)", () => {
  const ref = py(`
cases = ${JSON.stringify(CASES.map((c) => c[0]))}
opts = [${OPTION_CASES.map(([o, e]) => `(dict(${pyKw(o)}), ${JSON.stringify(e)})`).join(", ")}]
res = [str(eval(c)) for c in cases]
ores = []
for o, e in opts:
    torch.set_printoptions(**o)
    try:
        ores.append(str(eval(e)))
    except RuntimeError as ex:
        ores.append({"error": str(ex)})
    torch.set_printoptions(profile="default", sci_mode=None)
out = [res, ores]
`);

  CASES.forEach(([expr, make], i) => {
    it(expr, () => {
      const t = make();
      expect(String(t)).toBe(ref[0][i]);
      expect(inspect(t)).toBe(ref[0][i]);
    });
  });

  OPTION_CASES.forEach(([o, expr, make], i) => {
    it(`set_printoptions(${pyKw(o)}): ${expr}`, () => {
      torch.set_printoptions(o);
      try {
        const want = ref[1][i];
        if (typeof want === "string") expect(String(make())).toBe(want);
        else expect(() => String(make())).toThrow(want.error);
      } finally {
        torch.set_printoptions({ profile: "default" });
      }
    });
  });

  it("prints torch.return_types as Python does", () => {
    const r = py(`x = torch.tensor([[1., 5.], [3., 2.]])
out = [str(torch.max(x, 1)), str(x.sort(1)), repr(x.topk(1)), str(torch.min(x, dim=0, keepdim=True))]`);
    const x = torch.tensor([[1, 5], [3, 2]], f32);
    expect([String(torch.max(x, 1)), String(x.sort(1)), inspect(x.topk(1)), inspect(torch.min(x, { dim: 0, keepdim: true }))]).toEqual(r);
  });

  it("prints torch.Size and dtype as Python does", () => {
    const r = py("out = [str(torch.zeros(60000, 784).shape), str(torch.zeros(()).shape), str(torch.float16), str(torch.zeros(2, 3).size())]");
    expect([String(torch.zeros(60000, 784).shape), String(torch.zeros([]).shape), String(torch.float16), String(torch.zeros(2, 3).size())]).toEqual(r);
    expect(inspect(torch.zeros(3, 4).shape)).toBe("torch.Size([3, 4])");
  });
});

describe("Python's float formatting", () => {
  // Ties, subnormals, extremes, negative zero and ordinary values.
  const values = [0, -0, 0.5, 1.5, 2.5, -2.5, 0.03125, -0.03125, 0.00015625, 1e22, 1.7976931348623157e308,
    5e-324, 2.2250738585072014e-308, 123456.789, 9.99995, 9.999949999, 0.1, 1 / 3, -2 / 3, 99999.5, 1e-5, 12345678901234567890,
    ...Array.from({ length: 40 }, (_, i) => Math.sin(i * 7.3) * 10 ** ((i % 17) - 8))];
  const precisions = [0, 1, 2, 4, 8];
  const ref = py(`
vals = ${JSON.stringify(values)}
vals[1] = -0.0
out = [[[("{:.%df}" % p).format(v), ("{:.%de}" % p).format(v)] for p in ${JSON.stringify(precisions)}] for v in vals]
`);
  it("'{:.pf}' and '{:.pe}' round half to even on the exact binary value", () => {
    const ours = values.map((v) => precisions.map((p) => [formatFixed(v, p), formatExp(v, p)]));
    expect(ours).toEqual(ref);
  });
});

describe("printing: random tensors against Python", () => {
  // A deterministic generator (LCG), so failures reproduce.
  let state = 12345;
  const rnd = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  const DTYPES = ["float32", "float64", "float16", "bfloat16", "int64", "int32", "int16", "int8", "uint8", "bool", "complex64", "complex128"];
  const cases: { data: (number | string | boolean)[]; shape: number[]; dtype: string }[] = [];
  for (let k = 0; k < 120; k++) {
    const dtype = pick(DTYPES);
    const ndim = pick([0, 1, 1, 2, 2, 3, 4]);
    const big = rnd() < 0.15;
    // Big ones pass the 1000-element summarization threshold (at most ~4100 elements).
    const side = big ? [0, 1100, 40, 16, 8][ndim] : 7;
    const shape = Array.from({ length: ndim }, () => (big ? Math.ceil(side * (0.5 + rnd() / 2)) : Math.floor(rnd() * side)));
    const n = shape.reduce((a, b) => a * b, 1);
    const style = pick(["int", "small", "mixed", "huge", "tiny", "exact"]);
    const data: (number | string | boolean)[] = [];
    for (let i = 0; i < n; i++) {
      let v: number;
      if (dtype === "bool") { data.push(rnd() < 0.5); continue; }
      if (dtype === "uint8") v = Math.floor(rnd() * 256);
      else if (dtype === "int8") v = Math.floor(rnd() * 256) - 128;
      else if (dtype.startsWith("int")) v = Math.floor((rnd() - 0.5) * 10 ** Math.floor(rnd() * (dtype === "int16" ? 5 : 10)));
      else if (dtype === "float16" || dtype === "bfloat16") v = (Math.floor(rnd() * 255) - 127) * 2 ** (Math.floor(rnd() * 20) - 14);
      else if (style === "int") v = Math.floor((rnd() - 0.5) * 2000);
      else if (style === "small") v = rnd() - 0.5;
      else if (style === "huge") v = (rnd() - 0.5) * 10 ** Math.floor(rnd() * 12);
      else if (style === "tiny") v = (rnd() - 0.5) * 10 ** -Math.floor(rnd() * 8);
      else if (style === "exact") v = (Math.floor(rnd() * 64) - 32) / 8;
      else v = (rnd() - 0.5) * 10 ** (Math.floor(rnd() * 10) - 5);
      if (!dtype.startsWith("int") && dtype !== "uint8" && rnd() < 0.03) data.push(pick(["nan", "inf", "-inf"]));
      else data.push(v);
    }
    cases.push({ data, shape, dtype });
  }
  // The cases travel through a file: too long for a command line.
  const file = path.join(os.tmpdir(), `tn-print-cases-${process.pid}.json`);
  fs.writeFileSync(file, JSON.stringify(cases));
  const ref: string[] = py(`
cases = json.load(open(${JSON.stringify(file)}))
out = []
for c in cases:
    vals = [float(v) if isinstance(v, str) else v for v in c["data"]]
    out.append(str(torch.tensor(vals, dtype=getattr(torch, c["dtype"])).reshape(c["shape"])))
`);
  it("120 tensors of random shapes, dtypes and magnitudes print identically", () => {
    const dts: Record<string, any> = { float32: torch.float32, float64: torch.float64, float16: torch.float16, bfloat16: torch.bfloat16,
      int64: torch.int64, int32: torch.int32, int16: torch.int16, int8: torch.int8, uint8: torch.uint8, bool: torch.bool,
      complex64: torch.complex64, complex128: torch.complex128 };
    const ours = cases.map((c) => {
      const vals = c.data.map((v) => (v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : v)) as number[];
      return String(torch.tensor(vals, { dtype: dts[c.dtype] }).reshape(c.shape));
    });
    ours.forEach((s, k) => expect(s, JSON.stringify(cases[k]).slice(0, 200)).toBe(ref[k]));
  });
});
