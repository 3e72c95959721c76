// PyTorch 2.x's dtypes (uint16/32/64, float8_*) against Python's torch of the linked
// version: which exist, making them, printing, values out, and checkpoints both ways.
import { describe, it, expect, beforeAll } from "vitest";
import fs from "node:fs";
import path from "node:path";
import torch, { type Tensor } from "../../lib/index";
import { from_numpy } from "../../lib/torch";
import { dtype as DType } from "../../lib/dtype";
import { V, __version__ } from "../../lib/version";
import { PickleWriter } from "../../lib/serialization/_pickle";
import { ZipWriter } from "../../lib/serialization/_zip";
import { py } from "../helpers/python";
import { tmpdir, info, PY_INFO } from "../serialization/_util";

const T = torch as any;
const NAMES = ["uint16", "uint32", "uint64", "float8_e4m3fn", "float8_e5m2", "float8_e4m3fnuz", "float8_e5m2fnuz", "float8_e8m0fnu"];
const UINTS = ["uint16", "uint32", "uint64"];
const FLOAT8 = NAMES.filter((n) => n.startsWith("float8"));
const dir = tmpdir("dt2");

let ref: { names: string[]; attrs: Record<string, [number, boolean, boolean, string]> };
beforeAll(() => {
  ref = py(`
names = [n for n in ${JSON.stringify(NAMES)} if hasattr(torch, n)]
attrs = {n: [getattr(torch, n).itemsize, getattr(torch, n).is_floating_point, getattr(torch, n).is_signed, torch.zeros(1, dtype=getattr(torch, n)).type()] for n in names}
out = {"names": names, "attrs": attrs}`);
});

describe("which 2.x dtypes torch has", () => {
  it("torch.<name> exists exactly where Python's torch of the linked version has it", () => {
    expect(NAMES.filter((n) => T[n] !== undefined)).toEqual(ref.names);
    if (!V.dtype_float8) expect(ref.names).toEqual([]); // 1.13 has none of them
  });

  it("each is a torch.dtype with Python's itemsize, is_floating_point, is_signed and tensor type name", () => {
    for (const n of ref.names) {
      const d = T[n] as DType;
      expect(d).toBeInstanceOf(DType);
      expect(String(d)).toBe(`torch.${n}`);
      const [itemsize, isFloat, isSigned, typeName] = ref.attrs[n];
      expect([d.itemsize, d.is_floating_point, d.is_signed], n).toEqual([itemsize, isFloat, isSigned]);
      const t = torch.zeros(1, { dtype: d });
      expect(t.dtype).toBe(d);
      expect([t.element_size(), t.is_floating_point(), t.type()], n).toEqual([itemsize, isFloat, typeName]);
    }
  });
});

// [Python expression, the same tensor in TypeScript]
const PRINT_CASES: [string, string, () => Tensor][] = [
  ["uint16", "torch.tensor([0, 1, 2, 300, 65535], dtype=torch.uint16)", () => torch.tensor([0, 1, 2, 300, 65535], { dtype: T.uint16 })],
  ["uint16", "torch.tensor([-1, 5], dtype=torch.uint16)", () => torch.tensor([-1, 5], { dtype: T.uint16 })],
  ["uint16", "torch.ones(2, 3, dtype=torch.uint16)", () => torch.ones([2, 3], { dtype: T.uint16 })],
  ["uint16", "torch.zeros(2000, dtype=torch.uint16)", () => torch.zeros(2000, { dtype: T.uint16 })],
  ["uint16", "torch.tensor([], dtype=torch.uint16)", () => torch.tensor([], { dtype: T.uint16 })],
  ["uint16", "torch.zeros(0, 3, dtype=torch.uint16)", () => torch.zeros([0, 3], { dtype: T.uint16 })],
  ["uint32", "torch.full((2,), 7, dtype=torch.uint32)", () => torch.full([2], 7, { dtype: T.uint32 })],
  ["uint32", "torch.tensor(4294967295, dtype=torch.uint32)", () => torch.tensor(4294967295, { dtype: T.uint32 })],
  ["uint64", "torch.tensor([[1, 2**63, 3], [4, 5, 2**64 - 1]], dtype=torch.uint64)",
    () => torch.tensor([[1n, 2n ** 63n, 3n], [4n, 5n, 2n ** 64n - 1n]], { dtype: T.uint64 })],
  ["uint64", "torch.tensor([i * 10**15 for i in range(2000)], dtype=torch.uint64)",
    () => torch.tensor(Array.from({ length: 2000 }, (_, i) => BigInt(i) * 10n ** 15n), { dtype: T.uint64 })],
  ["float8_e4m3fn", "torch.tensor([0.5, 1, 2, 300, -1.5]).to(torch.float8_e4m3fn)", () => torch.tensor([0.5, 1, 2, 300, -1.5]).to(T.float8_e4m3fn)],
  ["float8_e4m3fn", "torch.tensor([1e-3, float('nan'), 1.0]).to(torch.float8_e4m3fn)", () => torch.tensor([1e-3, NaN, 1.0]).to(T.float8_e4m3fn)],
  ["float8_e4m3fn", "torch.tensor(1.5).to(torch.float8_e4m3fn)", () => torch.tensor(1.5).to(T.float8_e4m3fn)],
  ["float8_e4m3fn", "torch.zeros(3, dtype=torch.float8_e4m3fn)", () => torch.zeros(3, { dtype: T.float8_e4m3fn })],
  ["float8_e4m3fn", "torch.tensor([1.3, 1000.0, 1e-9], dtype=torch.float8_e4m3fn)", () => torch.tensor([1.3, 1000.0, 1e-9], { dtype: T.float8_e4m3fn })],
  ["float8_e5m2", "torch.tensor([1e-3, float('nan'), float('inf'), -0.0, 57344.0]).to(torch.float8_e5m2)",
    () => torch.tensor([1e-3, NaN, Infinity, -0, 57344.0]).to(T.float8_e5m2)],
  ["float8_e5m2", "torch.arange(1200.).to(torch.float8_e5m2)", () => torch.arange(1200, { dtype: torch.float32 }).to(T.float8_e5m2)],
  ["float8_e5m2", "torch.randn(3, 4, generator=torch.Generator().manual_seed(3)).to(torch.float8_e5m2)",
    () => torch.randn([3, 4], { generator: new torch.Generator().manual_seed(3) }).to(T.float8_e5m2)],
  ["float8_e4m3fnuz", "torch.tensor([0.5, 1, 2, 300, -1.5]).to(torch.float8_e4m3fnuz)", () => torch.tensor([0.5, 1, 2, 300, -1.5]).to(T.float8_e4m3fnuz)],
  ["float8_e5m2fnuz", "torch.tensor([0.5, 1, 2, 300, -1.5, 0.1]).to(torch.float8_e5m2fnuz)", () => torch.tensor([0.5, 1, 2, 300, -1.5, 0.1]).to(T.float8_e5m2fnuz)],
  ["float8_e8m0fnu", "torch.tensor([0.5, 1, 2, 300, -1.5]).to(torch.float8_e8m0fnu)", () => torch.tensor([0.5, 1, 2, 300, -1.5]).to(T.float8_e8m0fnu)],
  ["float8_e8m0fnu", "torch.arange(1200.).to(torch.float8_e8m0fnu)", () => torch.arange(1200, { dtype: torch.float32 }).to(T.float8_e8m0fnu)],
  ["float8_e8m0fnu", "torch.zeros(3, dtype=torch.float8_e8m0fnu)", () => torch.zeros(3, { dtype: T.float8_e8m0fnu })],
  // No zero in e8m0: 0 becomes 2**-127, which Python's formatter leaves out as it does zeros.
  ["float8_e8m0fnu", "torch.tensor([2**-127, 1.0, 2.0**100]).to(torch.float8_e8m0fnu)", () => torch.tensor([2 ** -127, 1.0, 2 ** 100]).to(T.float8_e8m0fnu)],
  ["float8_e8m0fnu", "torch.tensor([0.0, 1.0, 2.0, 512.0]).to(torch.float8_e8m0fnu)", () => torch.tensor([0, 1, 2, 512], { dtype: torch.float32 }).to(T.float8_e8m0fnu)],
];

describe.runIf(V.dtype_float8)("tensors of the 2.x dtypes, as Python makes and shows them", () => {
  const cases = () => PRINT_CASES.filter(([n]) => T[n] !== undefined);

  it("str(t), tolist() and the bytes equal Python's", () => {
    const exprs = cases().map(([, e]) => e);
    const want = py(`${PY_INFO}
ts = [${exprs.join(", ")}]
out = [{"str": str(t), "info": info(t), "list": t.tolist() if t.dtype != torch.uint64 else [str(x) for x in t.reshape(-1).tolist()]} for t in ts]`);
    cases().forEach(([n, e, make], i) => {
      const t = make();
      expect(String(t), e).toBe(want[i].str);
      expect(info(t), e).toEqual(want[i].info);
      const list = t.tolist();
      if (n === "uint64") {
        // Numbers, as int64's are: exact below 2**53; the bytes above are exact.
        const flat = [list].flat(Infinity) as number[];
        expect(flat, e).toEqual(want[i].list.map((s: string) => Number(BigInt(s))));
      } else {
        const fix = (v: any): any => (Array.isArray(v) ? v.map(fix) : v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : v);
        expect(list, e).toEqual(fix(want[i].list));
      }
    });
  });

  it("item() and .to(dtype) between them and the classic dtypes", () => {
    const names = NAMES.filter((n) => T[n] !== undefined);
    const want = py(`
out = {n: [torch.tensor([3.25, 200.0, 7.0]).to(getattr(torch, n))[1].item(), torch.tensor([3.25, 200.0, 7.0]).to(getattr(torch, n)).to(torch.float64).tolist(),
           torch.tensor([3.25, 200.0, 7.0]).to(getattr(torch, n)).to(torch.int64).tolist()] for n in ${JSON.stringify(names)}}`);
    for (const n of names) {
      const t = torch.tensor([3.25, 200.0, 7.0]).to(T[n]);
      expect([t.index(1).item(), t.to(torch.float64).tolist(), t.to(torch.int64).tolist()], n).toEqual(want[n]);
    }
    if (T.uint64) {
      expect(torch.tensor([2n ** 64n - 1n], { dtype: T.uint64 }).item()).toBe(2 ** 64);
      expect(torch.tensor(12345, { dtype: T.uint64 }).item()).toBe(12345);
    }
  });

  it.runIf(V.dtype_uint16_32_64)("torch.tensor(data, { dtype }) range checks follow Python's", () => {
    const vals = ["-1", "70000", "2**32", "-2**63", "2**64 - 1", "2**64"];
    const jsVals = [-1n, 70000n, 2n ** 32n, -(2n ** 63n), 2n ** 64n - 1n, 2n ** 64n];
    const want = py(`
def attempt(v, d):
    try: return ["ok", [str(x) for x in torch.tensor([v], dtype=d).tolist()]]
    except Exception as e: return [type(e).__name__, str(e)]
out = {n: [attempt(v, getattr(torch, n)) for v in [${vals.join(", ")}]] for n in ${JSON.stringify(UINTS)}}`);
    for (const n of UINTS) {
      jsVals.forEach((v, i) => {
        const [kind, what] = want[n][i];
        if (kind === "ok") expect(N64(torch.tensor([v], { dtype: T[n] })), `${n} ${vals[i]}`).toEqual(what);
        else if (kind === "ValueError") expect(() => torch.tensor([v], { dtype: T[n] }), `${n} ${vals[i]}`).toThrow(/Overflow when unpacking long/);
        else expect(() => torch.tensor([v], { dtype: T[n] }), `${n} ${vals[i]}`).toThrow(what);
      });
    }
  });

  it.runIf(V.dtype_uint16_32_64)("numpy(): Uint16Array / Uint32Array / BigUint64Array, zero-copy; typed arrays in make these dtypes", () => {
    const a = torch.tensor([1, 65535], { dtype: T.uint16 }).numpy();
    expect(a.data).toBeInstanceOf(Uint16Array);
    expect([...a.data as Uint16Array]).toEqual([1, 65535]);
    expect(a.dtype).toBe("uint16");
    const b = torch.tensor([4294967295, 3], { dtype: T.uint32 }).numpy();
    expect(b.data).toBeInstanceOf(Uint32Array);
    expect([...b.data as Uint32Array]).toEqual([4294967295, 3]);
    const c = torch.tensor([2n ** 64n - 1n, 3n], { dtype: T.uint64 }).numpy();
    expect(c.data).toBeInstanceOf(BigUint64Array);
    expect([...c.data as BigUint64Array]).toEqual([2n ** 64n - 1n, 3n]);
    // Zero-copy: the array is the tensor's memory.
    const t = torch.zeros(3, { dtype: T.uint32 });
    (t.numpy().data as Uint32Array)[1] = 9;
    expect(t.tolist()).toEqual([0, 9, 0]);
    // As Python's torch.tensor(np.array(..., dtype=np.uint16)) keeps the dtype.
    expect(torch.tensor(new Uint16Array([1, 2])).dtype).toBe(T.uint16);
    expect(torch.tensor(new Uint32Array([1, 2])).dtype).toBe(T.uint32);
    expect(torch.tensor(new BigUint64Array([1n, 2n ** 64n - 1n])).dtype).toBe(T.uint64);
    expect(String(from_numpy(c))).toBe(String(torch.tensor([2n ** 64n - 1n, 3n], { dtype: T.uint64 })));
  });

  it("numpy() of a float8 tensor: its raw bits as a Uint8Array (Python's numpy has no float8); from_numpy reads them back", () => {
    for (const n of FLOAT8.filter((x) => T[x] !== undefined)) {
      const t = torch.tensor([0.5, -2, 448]).to(T[n]);
      const a = t.numpy();
      expect(a.data, n).toBeInstanceOf(Uint8Array);
      expect(a.dtype).toBe(n);
      expect([...a.data as Uint8Array]).toEqual(t.view(torch.uint8).tolist());
      const back = from_numpy(a);
      expect(back.dtype).toBe(T[n]);
      expect(back.tolist()).toEqual(t.tolist());
    }
    const want = py(`
try:
    torch.zeros(1, dtype=torch.float8_e4m3fn).numpy(); out = "no error"
except TypeError as e: out = str(e)`);
    expect(want).toBe("Got unsupported ScalarType Float8_e4m3fn");
  });
});

describe("checkpoints of the 2.x dtypes", () => {
  const f = (name: string) => path.join(dir, name);

  it.runIf(V.dtype_float8)("files Python writes load with the same values, dtypes, views and sharing", () => {
    const names = NAMES.filter((n) => T[n] !== undefined);
    const want = py(`${PY_INFO}
names = ${JSON.stringify(names)}
d = {}
for n in names:
    dt = getattr(torch, n)
    d[n] = torch.tensor([1.0, 2.5, 448.0, 0.0]).to(dt) if dt.is_floating_point else torch.tensor([1, 300, 65535, 0]).to(dt)
if "uint16" in names:
    base = torch.tensor([1, 2, 3, 4, 5, 6], dtype=torch.uint16)
    d["view"] = base[1:5].view(2, 2)
    d["base"] = base
    d["as32"] = base.view(torch.uint32)
    d["u64big"] = torch.tensor([2**64 - 1, 2**63], dtype=torch.uint64)
    d["param"] = torch.nn.Parameter(torch.tensor([1, 2]).to(torch.float8_e5m2))
torch.save(d, ${JSON.stringify(f("py.pt"))})
out = {"infos": infos(d), "str": {k: str(v) for k, v in d.items()}}`);
    const d = torch.load(f("py.pt"));
    for (const k of Object.keys(want.infos)) {
      expect(info(d[k]), k).toEqual(want.infos[k]);
      expect(String(d[k]), k).toBe(want.str[k]);
    }
    if (d.base) {
      // One untyped storage under uint16 and uint32 views, shared as in Python.
      d.base.index_put_([0], 7);
      expect(d.view.index(0, 0).item()).toBe(2);
      expect(d.as32.index(0).item()).toBe(7 + 2 * 65536);
      expect(d.param).toBeInstanceOf(torch.nn.Parameter);
    }
  });

  it.runIf(V.dtype_float8)("files torch-node writes load in Python, written as Python 2.x writes them (_rebuild_tensor_v3, UntypedStorage)", () => {
    const names = NAMES.filter((n) => T[n] !== undefined);
    const d: Record<string, any> = {};
    for (const n of names) {
      const dt = T[n] as DType;
      d[n] = dt.is_floating_point ? torch.tensor([1.0, 2.5, 448.0, 0.0]).to(dt) : torch.tensor([1, 300, 65535, 0]).to(dt);
    }
    d.f32 = torch.tensor([1.5, 2]);
    if (T.uint16) {
      const base = torch.tensor([1, 2, 3, 4, 5, 6], { dtype: T.uint16 });
      d.view = base.index("1:5").view(2, 2);
      d.base = base;
      d.as32 = base.view(T.uint32);
      d.u64big = torch.tensor([2n ** 64n - 1n, 2n ** 63n], { dtype: T.uint64 });
      d.dtype_value = T.uint16;
    }
    torch.save(d, f("node.pt"));
    const mine = Object.fromEntries(Object.entries(d).filter(([, v]) => v instanceof torch.Tensor).map(([k, v]) => [k, info(v)]));
    const want = py(`${PY_INFO}
d = torch.load(${JSON.stringify(f("node.pt"))}, weights_only=True)
ts = {k: v for k, v in d.items() if isinstance(v, torch.Tensor)}
shared = "base" in d and d["base"].untyped_storage().data_ptr() == d["as32"].untyped_storage().data_ptr() == d["view"].untyped_storage().data_ptr()
import pickletools
z = zipfile.ZipFile(${JSON.stringify(f("node.pt"))})
pkl = z.read([n for n in z.namelist() if n.endswith("data.pkl")][0])
globals_ = sorted({a for op, a, _ in pickletools.genops(pkl) if op.name == "GLOBAL"})
# what Python itself writes for the same objects
b = io.BytesIO(); torch.save(d, b); b.seek(0)
z2 = zipfile.ZipFile(b)
pkl2 = z2.read([n for n in z2.namelist() if n.endswith("data.pkl")][0])
globals2 = sorted({a for op, a, _ in pickletools.genops(pkl2) if op.name == "GLOBAL"})
out = {"infos": infos(ts), "shared": shared, "globals": globals_, "py_globals": globals2, "dtype_value": str(d.get("dtype_value"))}`);
    expect(want.infos).toEqual(mine);
    expect(want.globals).toEqual(want.py_globals);
    if (T.uint16) {
      expect(want.shared).toBe(true);
      expect(want.dtype_value).toBe("torch.uint16");
    }
  });

  it.runIf(V.dtype_float8)("views of one storage as a 2.x dtype and a classic one cannot be saved together, as in Python", () => {
    const base = torch.zeros(4, { dtype: torch.float32 });
    const msg = "Cannot save multiple tensors or storages that view the same data as different types";
    expect(() => torch.save({ a: base, b: base.view(T.float8_e4m3fn) }, f("bad.pt"))).toThrow(msg);
    const want = py(`
import io
base = torch.zeros(4)
try:
    torch.save({"a": base, "b": base.view(torch.float8_e4m3fn)}, io.BytesIO()); out = "saved"
except RuntimeError as e: out = str(e)`);
    expect(want).toBe(msg);
  });

  it("a checkpoint with a 2.x dtype this libtorch lacks is refused with a clear error (1.13), loaded where it has it", () => {
    // A uint16 tensor as Python 2.x pickles it, written by hand: no torch.uint16 is needed.
    const pw = new PickleWriter();
    pw.proto();
    pw.emptyDict();
    pw.mark();
    pw.str("u");
    pw.global("torch._utils", "_rebuild_tensor_v3");
    pw.mark();
    pw.mark(); pw.str("storage"); pw.global("torch.storage", "UntypedStorage"); pw.str("0"); pw.str("cpu"); pw.int(4); pw.tuple(5);
    pw.binpersid();
    pw.int(0); pw.int(2); pw.tuple(1); pw.int(1); pw.tuple(1); pw.bool(false);
    pw.global("collections", "OrderedDict"); pw.emptyTuple(); pw.reduce();
    pw.global("torch", "uint16");
    pw.tuple(7);
    pw.reduce();
    pw.setitems();
    pw.stop();
    const chunks: Uint8Array[] = [];
    const zw = new ZipWriter((c) => chunks.push(Buffer.from(c)));
    zw.writeRecord("data.pkl", pw.w.result());
    zw.writeRecord("byteorder", Buffer.from("little"));
    zw.writeRecord("data/0", new Uint8Array([1, 0, 0xff, 0xff]));
    zw.finish();
    fs.writeFileSync(f("hand.pt"), Buffer.concat(chunks));
    if (V.dtype_uint16_32_64) {
      const u = torch.load(f("hand.pt")).u;
      expect(u.dtype).toBe(T.uint16);
      expect(u.tolist()).toEqual([1, 65535]);
      expect(py(`out = torch.load(${JSON.stringify(f("hand.pt"))})["u"].tolist()`)).toEqual([1, 65535]);
    } else {
      expect(() => torch.load(f("hand.pt"))).toThrow(`torch.load: dtype torch.uint16 does not exist in libtorch ${__version__}`);
    }
  });
});

function N64(t: Tensor): string[] {
  return [...(t.numpy().data as BigUint64Array | Uint32Array | Uint16Array)].map((x) => String(x));
}
