// torch.load(f, { mmap: true }) as Python 2.x does it: the zip checkpoint file is mapped
// privately (copy-on-write) and every storage's tensors view the mapping; Python's errors
// for other inputs, and 1.13's for the keyword it does not have.
import { describe, it, expect, beforeAll } from "vitest";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import torch from "../../lib/index";
import { Tensor } from "../../lib/tensor";
import { V } from "../../lib/version";
import { py } from "../helpers/python";
import { tmpdir, info, PY_INFO } from "./_util";

const dir = tmpdir("mmap");
const f = (name: string) => path.join(dir, name);
const sha = (p: string) => crypto.createHash("sha256").update(fs.readFileSync(p)).digest("hex");

/** VmRSS of this process, in MiB. */
function rssMiB(): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync("/proc/self/status", "utf8"));
  return Number(m![1]) / 1024;
}

let ref: any;
beforeAll(() => {
  ref = py(`${PY_INFO}
D = ${JSON.stringify(dir)}
torch.manual_seed(0)
t = torch.arange(12.)
d = {"f32": torch.randn(3, 4), "f64": torch.randn(5, dtype=torch.float64), "f16": torch.randn(4).half(), "bf16": torch.randn(3).bfloat16(),
     "i64": torch.tensor([1, -2, 2**62]), "i32": torch.tensor([7, -8], dtype=torch.int32), "i8": torch.tensor([-1, 5], dtype=torch.int8),
     "u8": torch.tensor([0, 255], dtype=torch.uint8), "b": torch.tensor([True, False, True]), "c64": torch.tensor([1 + 2j, -3j]),
     "a": t, "view": t[3:7], "strided": t.view(3, 4).t(), "scalar": torch.tensor(2.5), "empty": torch.zeros(0, 3),
     "param": torch.nn.Parameter(torch.randn(2, 2))}
if hasattr(torch, "uint16"):
    d["u16"] = torch.tensor([1, 65535], dtype=torch.uint16)
    d["f8"] = torch.tensor([0.5, -2.0]).to(torch.float8_e4m3fn)
torch.save(d, D + "/ck.pt")
torch.save({"w": torch.arange(6.)}, D + "/legacy.pt", _use_new_zipfile_serialization=False)
open(D + "/empty.pt", "wb").close()
out = {"names": list(d.keys())}
if ${V.load_mmap ? "True" : "False"}:
    m = torch.load(D + "/ck.pt", mmap=True)
    out["infos"] = infos(m)
    out["shared"] = m["a"].untyped_storage().data_ptr() == m["view"].untyped_storage().data_ptr()
`);
});

describe("torch.load's mmap argument: Python's errors", () => {
  it("the same errors as Python's torch.load of the linked version (1.13: an unknown keyword)", () => {
    // [what, Python's f, the Node argument, mmap, weights_only]
    const cases: [string, string, () => string | Buffer, boolean, boolean][] = [];
    for (const wo of [true, false]) {
      cases.push(
        ["zip path", `D + "/ck.pt"`, () => f("ck.pt"), true, wo],
        ["zip path, mmap=False", `D + "/ck.pt"`, () => f("ck.pt"), false, wo],
        ["legacy path", `D + "/legacy.pt"`, () => f("legacy.pt"), true, wo],
        ["empty file", `D + "/empty.pt"`, () => f("empty.pt"), true, wo],
        ["zip buffer", `io.BytesIO(open(D + "/ck.pt", "rb").read())`, () => fs.readFileSync(f("ck.pt")), true, wo],
        ["legacy buffer", `io.BytesIO(open(D + "/legacy.pt", "rb").read())`, () => fs.readFileSync(f("legacy.pt")), true, wo],
      );
    }
    const want = py(`
import io
D = ${JSON.stringify(dir)}
def attempt(fn):
    try:
        fn(); return "ok"
    except Exception as e: return [type(e).__name__, str(e)]
out = [${cases.map(([, pf, , mm, wo]) => `attempt(lambda: torch.load(${pf}, mmap=${mm ? "True" : "False"}, weights_only=${wo ? "True" : "False"}))`).join(", ")}]`);
    cases.forEach(([what, , arg, mmap, weights_only], i) => {
      let got: string | [string, string] = "ok";
      try { torch.load(arg(), { mmap, weights_only }); } catch (e) { got = [(e as Error).name, (e as Error).message]; }
      expect(got, `${what}, weights_only=${weights_only}`).toEqual(want[i]);
    });
  });
});

describe.runIf(V.load_mmap)("torch.load(f, { mmap: true })", () => {
  it("gives the values, dtypes, strides, offsets and sharing of Python's torch.load(f, mmap=True)", () => {
    const m = torch.load(f("ck.pt"), { mmap: true });
    expect(Object.keys(m)).toEqual(ref.names);
    for (const k of ref.names) expect(info(m[k]), k).toEqual(ref.infos[k]);
    expect(m.param).toBeInstanceOf(torch.nn.Parameter);
    expect(ref.shared).toBe(true);
    // Views of one storage still share it.
    m.a.index_put_([4], 100);
    expect(m.view.index(1).item()).toBe(100);
    expect(m.strided.index(0, 1).item()).toBe(100);
    // Loaded without mmap: the same.
    const c = torch.load(f("ck.pt"));
    for (const k of ref.names) expect(info(c[k]), k).toEqual(ref.infos[k]);
  });

  it("maps torch-node's own files too, and takes map_location", () => {
    torch.manual_seed(3);
    const d = { x: torch.randn(7, 3), y: torch.arange(10), flag: torch.tensor([true, false]) };
    torch.save(d, f("node.pt"));
    const m = torch.load(f("node.pt"), { mmap: true, map_location: "cpu" });
    for (const k of Object.keys(d)) expect(info(m[k]), k).toEqual(info((d as any)[k]));
    const byFn = torch.load(f("node.pt"), { mmap: true, map_location: (s: Tensor) => s });
    expect(info(byFn.x)).toEqual(info(d.x));
  });

  it("writing to a loaded tensor changes neither the file nor later loads (private, copy-on-write)", () => {
    const before = sha(f("ck.pt"));
    const m = torch.load(f("ck.pt"), { mmap: true });
    const orig = m.f32.tolist();
    m.f32.fill_(7);
    m.i64.add_(1);
    m.f32.numpy().data[0] = -1; // through the zero-copy buffer, too
    expect(m.f32.index(0, 0).item()).toBe(-1);
    expect(m.f32.index(1, 1).item()).toBe(7);
    expect(sha(f("ck.pt"))).toBe(before);
    const again = torch.load(f("ck.pt"), { mmap: true });
    expect(again.f32.tolist()).toEqual(orig);
    expect(info(again.i64)).toEqual(ref.infos.i64);
    expect(py(`out = torch.load(${JSON.stringify(f("ck.pt"))})["f32"]`).tensor).toEqual(orig);
  });

  it("the mapping lives as long as a tensor uses it: the file may go, the loader's objects be collected", () => {
    fs.copyFileSync(f("ck.pt"), f("gone.pt"));
    let m: any = torch.load(f("gone.pt"), { mmap: true });
    const keep: Tensor = m.a.index("2:5");
    m = null;
    fs.unlinkSync(f("gone.pt"));
    torch.collect();
    torch.collect();
    expect(keep.tolist()).toEqual([2, 3, 4]);
    keep.add_(1);
    expect(keep.tolist()).toEqual([3, 4, 5]);
  });

  it("a 200 MB checkpoint: RSS does not grow by its size with mmap, and does without", () => {
    const big = f("big.pt");
    const want = py(`
torch.manual_seed(1)
a, b = torch.randn(25_000_000), torch.randn(25_000_000)
torch.save({"a": a, "b": b}, ${JSON.stringify(big)})
out = {"a_last": a[-1].item(), "b_first": b[0].item(), "a_sum": a.double().sum().item(), "b_sum": b.double().sum().item()}`);
    const mib = fs.statSync(big).size / 2 ** 20;
    expect(mib).toBeGreaterThan(190);
    torch.collect();

    const r0 = rssMiB();
    const m = torch.load(big, { mmap: true });
    const r1 = rssMiB();
    expect(m.a.index(-1).item()).toBe(want.a_last);
    expect(m.b.index(0).item()).toBe(want.b_first);
    const r1b = rssMiB();
    // Reading every element pages the file in (file-backed pages, which the kernel may drop).
    expect(m.a.sum({ dtype: torch.float64 }).item()).toBeCloseTo(want.a_sum, 6);
    expect(m.b.sum({ dtype: torch.float64 }).item()).toBeCloseTo(want.b_sum, 6);
    const r1c = rssMiB();
    m.a.dispose();
    m.b.dispose();
    torch.collect();
    torch.collect();

    const r2 = rssMiB();
    const c = torch.load(big);
    const r3 = rssMiB();
    expect(c.a.index(-1).item()).toBe(want.a_last);
    c.a.dispose();
    c.b.dispose();
    console.log(`checkpoint ${mib.toFixed(1)} MiB; RSS growth: torch.load(mmap=true) ${(r1 - r0).toFixed(1)} MiB ` +
      `(${(r1b - r0).toFixed(1)} after reading two elements, ${(r1c - r0).toFixed(1)} after reading all), ` +
      `torch.load() ${(r3 - r2).toFixed(1)} MiB`);
    expect(r1 - r0).toBeLessThan(20);
    expect(r1b - r0).toBeLessThan(20);
    expect(r3 - r2).toBeGreaterThan(mib * 0.85);
    fs.unlinkSync(big);
  });
});
