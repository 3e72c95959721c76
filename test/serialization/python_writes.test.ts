// Files written by Python's torch.save (1.13) load in Node with the same values,
// dtypes, strides, offsets, sharing and Python types.
import { describe, it, expect, beforeAll } from "vitest";
import path from "node:path";
import fs from "node:fs";
import torch from "../../lib/index";
import { nn, optim } from "../../lib/index";
import { Tensor } from "../../lib/tensor";
import { serialization } from "../../lib/serialization";
import { py, num } from "../helpers/python";
import { tmpdir, info, PY_INFO } from "./_util";

const dir = tmpdir("pyw");
const f = (name: string) => path.join(dir, name);
let ref: any;

beforeAll(() => {
  ref = py(`${PY_INFO}
D = ${JSON.stringify(dir)}
torch.manual_seed(0)
r = {}
# every dtype, with special values
base = torch.tensor([0.0, -0.0, 1.5, -2.25, float('nan'), float('inf'), -float('inf'), 65504.0, 1e-3])
dts = {"float32": base, "float64": base.double(), "float16": base.half(), "bfloat16": base.bfloat16(),
       "int64": torch.tensor([0, -1, 2**62, -2**63, 7]), "int32": torch.tensor([0, -1, 2**31 - 1, -2**31], dtype=torch.int32),
       "int16": torch.tensor([0, -1, 32767, -32768], dtype=torch.int16), "int8": torch.tensor([0, -1, 127, -128], dtype=torch.int8),
       "uint8": torch.tensor([0, 1, 255], dtype=torch.uint8), "bool": torch.tensor([True, False, True]),
       "complex64": torch.tensor([1 + 2j, -3.5j]), "complex128": torch.tensor([1 + 2j, -3.5j], dtype=torch.complex128)}
torch.save(dts, D + "/dtypes.pt")
r["dtypes"] = infos(dts)
t = torch.arange(12.)
views = {"a": t, "b": t[3:7], "c": t.view(3, 4).t(), "d": t.view(3, 4)[1:, ::2], "e": t[5]}
torch.save(views, D + "/views.pt")
r["views"] = infos(views)
odd = {"s": torch.tensor(3.5), "e": torch.zeros(0, 3), "e2": torch.empty(2, 0, dtype=torch.int64), "rg": torch.ones(2, requires_grad=True)}
torch.save(odd, D + "/odd.pt")
r["odd"] = infos(odd)
p = torch.nn.Parameter(torch.randn(2, 3))
torch.save(p, D + "/parameter.pt")
r["parameter"] = info(p)
torch.save({"p": p, "frozen": torch.nn.Parameter(torch.ones(2), requires_grad=False)}, D + "/parameters.pt")
lin = torch.nn.Linear(3, 2)
torch.save(lin.state_dict(), D + "/linear_sd.pt")
r["linear"] = {"sd": infos(lin.state_dict()), "meta": dict(lin.state_dict()._metadata)}
seq = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4), torch.nn.ReLU(), torch.nn.Linear(4, 2))
seq.train(); seq(torch.randn(5, 3)); seq.eval()
torch.save(seq.state_dict(), D + "/seq_sd.pt")
x = torch.randn(4, 3)
r["seq"] = {"sd": infos(seq.state_dict()), "meta": {k: dict(v) for k, v in seq.state_dict()._metadata.items()}, "x": x, "y": seq(x)}
# optimizers after one step
def stepped(opt_cls, **kw):
    torch.manual_seed(1)
    m = torch.nn.Linear(3, 2)
    o = opt_cls(m.parameters(), **kw)
    m(torch.randn(4, 3)).pow(2).sum().backward()
    o.step()
    return m, o
m, o = stepped(torch.optim.SGD, lr=1.0, momentum=0.9)
torch.save(o.state_dict(), D + "/sgd.pt")
r["sgd"] = {"groups": o.state_dict()["param_groups"], "state": {str(k): infos(v) for k, v in o.state_dict()["state"].items()}}
m2, o2 = stepped(torch.optim.Adam, lr=0.01)
torch.save(o2.state_dict(), D + "/adam.pt")
torch.save(m2.state_dict(), D + "/adam_model.pt")
r["adam"] = {"groups": o2.state_dict()["param_groups"], "state": {str(k): infos(v) for k, v in o2.state_dict()["state"].items()}}
o2.zero_grad()
m2(torch.randn(4, 3)).pow(2).sum().backward()
o2.step()
r["adam_after"] = infos(m2.state_dict())
torch.save({"epoch": 5, "model_state_dict": lin.state_dict(), "optimizer_state_dict": o.state_dict(), "loss": torch.tensor(0.25)}, D + "/checkpoint.pt")
prims = {"i": 1, "neg": -3, "i300": 300, "i70000": 70000, "big": 2**40, "nbig": -2**40, "huge": 2**63, "hugeneg": -2**70,
         "f": 1.5, "fint": 1.0, "fnan": float("nan"), "finf": float("inf"), "s": "hé ☃", "empty_s": "", "yes": True, "no": False, "none": None,
         "list": [1, [2, 3], (4, 5)], "tuple": (1, "a", None, 2.0), "single": [1], "one": {"a": 1}, "intkeys": {1: "a", 2: "b"},
         "nested": {"a": {"b": {"c": [torch.ones(2)]}}}, "bytes": b"ab\\x00\\xff", "dtype": torch.float16, "size": torch.Size([2, 3]),
         "device": torch.device("cpu"), "od": collections.OrderedDict([("z", 1), ("a", 2)]), "floats": [1.0, 2, 2.5], "empty_t": (), "empty_d": {}}
torch.save(prims, D + "/prims.pt")
torch.save(prims, D + "/prims_p4.pt", pickle_protocol=4)
legacy = {"a": t, "b": t[2:], "p": p, "n": 7}
torch.save(legacy, D + "/legacy.pt", _use_new_zipfile_serialization=False)
r["legacy"] = {"a": info(t), "b": info(t[2:]), "p": info(p)}
buf = io.BytesIO(); torch.save(t, buf)
open(D + "/bytesio.pt", "wb").write(buf.getvalue())
torch.save(t, D + "/my_model.pt")
r["names"] = {n: zipfile.ZipFile(D + "/" + n).namelist()[0].split("/")[0] for n in ["bytesio.pt", "my_model.pt"]}
# the same archive repacked by Python's zipfile, deflated
with zipfile.ZipFile(D + "/views.pt") as zin, zipfile.ZipFile(D + "/deflated.pt", "w", zipfile.ZIP_DEFLATED) as zout:
    for n in zin.namelist(): zout.writestr(n, zin.read(n))
out = r
`);
});

const cmp = (t: Tensor, r: any) => expect(info(t)).toEqual(r);

describe("Python's torch.save → torch.load in Node", () => {
  it("every dtype, bit for bit (nan, inf, -0, extremes)", () => {
    const d = torch.load(f("dtypes.pt"));
    expect(Object.keys(d)).toEqual(Object.keys(ref.dtypes));
    for (const k of Object.keys(ref.dtypes)) cmp(d[k], ref.dtypes[k]);
  });

  it("views keep their offsets and strides and share one storage", () => {
    const d = torch.load(f("views.pt"));
    for (const k of Object.keys(ref.views)) cmp(d[k], ref.views[k]);
    d.a.add_(100);
    expect(d.b.tolist()).toEqual([103, 104, 105, 106]);
    expect(d.e.item()).toBe(105);
    expect(d.c.index(0, 1).item()).toBe(104);
  });

  it("0-dim, empty and requires_grad tensors", () => {
    const d = torch.load(f("odd.pt"));
    for (const k of Object.keys(ref.odd)) cmp(d[k], ref.odd[k]);
    expect(d.rg.is_leaf).toBe(true);
  });

  it("a Parameter comes back as nn.Parameter", () => {
    const p = torch.load(f("parameter.pt"));
    expect(p).toBeInstanceOf(nn.Parameter);
    cmp(p, ref.parameter);
    const d = torch.load(f("parameters.pt"));
    expect(d.p).toBeInstanceOf(nn.Parameter);
    expect(d.frozen).toBeInstanceOf(nn.Parameter);
    expect(d.frozen.requires_grad).toBe(false);
  });

  it("module state_dicts keep _metadata (non-enumerable) and load into nn modules", () => {
    const sd = torch.load(f("linear_sd.pt"));
    expect(Object.keys(sd)).toEqual(["weight", "bias"]);
    for (const k of Object.keys(ref.linear.sd)) cmp(sd[k], ref.linear.sd[k]);
    expect(sd._metadata).toEqual(ref.linear.meta);
    expect(Object.getOwnPropertyDescriptor(sd, "_metadata")!.enumerable).toBe(false);
    const seq = torch.load(f("seq_sd.pt"));
    expect(Object.keys(seq)).toEqual(Object.keys(ref.seq.sd));
    for (const k of Object.keys(ref.seq.sd)) cmp(seq[k], ref.seq.sd[k]);
    expect(seq._metadata).toEqual(ref.seq.meta);
    const model = new nn.Sequential(new nn.Linear(3, 4), new nn.BatchNorm1d(4), new nn.ReLU(), new nn.Linear(4, 2));
    model.load_state_dict(torch.load(f("seq_sd.pt")));
    model.eval();
    const y = model(torch.tensor(ref.seq.x.tensor));
    expect(y.tolist()).toEqual(ref.seq.y.tensor);
  });

  it("optimizer state_dicts: int keys as a Map, tuples, ints and floats kept apart", () => {
    const sgd = torch.load(f("sgd.pt"));
    expect(sgd.state).toBeInstanceOf(Map);
    expect([...sgd.state.keys()]).toEqual([0, 1]);
    cmp(sgd.state.get(0).momentum_buffer, ref.sgd.state["0"].momentum_buffer);
    expect(num(sgd.param_groups)).toEqual(ref.sgd.groups);
    const g = sgd.param_groups[0];
    expect(serialization.is_float(g, "lr")).toBe(true); // lr=1.0
    expect(serialization.is_float(g, "weight_decay")).toBe(false); // weight_decay=0
    const adam = torch.load(f("adam.pt"));
    const ag = adam.param_groups[0];
    expect(serialization.is_tuple(ag.betas)).toBe(true);
    expect(ag.betas).toEqual([0.9, 0.999]);
    for (const k of ["0", "1"]) for (const n of ["step", "exp_avg", "exp_avg_sq"]) cmp(adam.state.get(Number(k))[n], ref.adam.state[k][n]);
  });

  it("Adam resumes from Python's checkpoint and takes Python's next step", () => {
    const model = new nn.Linear(3, 2);
    model.load_state_dict(torch.load(f("adam_model.pt")));
    const opt = new optim.Adam(model.parameters(), { lr: 0.01 });
    opt.load_state_dict(torch.load(f("adam.pt")));
    // Python's second batch: manual_seed(1), Linear init, first randn batch, then this one
    torch.manual_seed(1);
    new nn.Linear(3, 2);
    torch.randn(4, 3);
    opt.zero_grad();
    model(torch.randn(4, 3)).pow(2).sum().backward();
    opt.step();
    const sd = model.state_dict();
    for (const k of ["weight", "bias"]) {
      const mine = sd[k].tolist().flat(), theirs = Buffer.from(ref.adam_after[k].hex, "hex");
      const f32 = new Float32Array(theirs.buffer, theirs.byteOffset, theirs.length / 4);
      mine.forEach((v: number, i: number) => expect(Math.abs(v - f32[i])).toBeLessThan(1e-6));
    }
  });

  it("a training checkpoint {epoch, model_state_dict, optimizer_state_dict, loss}", () => {
    const ck = torch.load(f("checkpoint.pt"));
    expect(ck.epoch).toBe(5);
    expect(ck.loss).toBeInstanceOf(Tensor);
    expect(ck.loss.item()).toBe(0.25);
    const model = new nn.Linear(3, 2);
    model.load_state_dict(ck.model_state_dict);
    for (const k of ["weight", "bias"]) expect(info(model.state_dict()[k]).hex).toBe(ref.linear.sd[k].hex);
    expect(ck.optimizer_state_dict.state).toBeInstanceOf(Map);
  });

  it("Python values: ints, big ints as BigInt, floats, strings, None, bool, tuples, bytes, dtype, Size, device", () => {
    for (const name of ["prims.pt", "prims_p4.pt"]) {
      const p = torch.load(f(name), { weights_only: name === "prims.pt" });
      expect(p.i).toBe(1);
      expect(p.neg).toBe(-3);
      expect(p.i300).toBe(300);
      expect(p.i70000).toBe(70000);
      expect(p.big).toBe(2 ** 40);
      expect(p.nbig).toBe(-(2 ** 40));
      expect(p.huge).toBe(2n ** 63n);
      expect(p.hugeneg).toBe(-(2n ** 70n));
      expect(p.f).toBe(1.5);
      expect(p.fint).toBe(1);
      expect(serialization.is_float(p, "fint")).toBe(true);
      expect(serialization.is_float(p, "i")).toBe(false);
      expect(p.fnan).toBeNaN();
      expect(p.finf).toBe(Infinity);
      expect(p.s).toBe("hé ☃");
      expect(p.empty_s).toBe("");
      expect([p.yes, p.no, p.none]).toEqual([true, false, null]);
      expect(p.list).toEqual([1, [2, 3], [4, 5]]);
      expect(serialization.is_tuple(p.list[2])).toBe(true);
      expect(serialization.is_tuple(p.list)).toBe(false);
      expect(p.tuple).toEqual([1, "a", null, 2]);
      expect(serialization.is_float(p.tuple, 3)).toBe(true);
      expect(p.single).toEqual([1]);
      expect(p.one).toEqual({ a: 1 });
      expect(p.intkeys).toEqual(new Map([[1, "a"], [2, "b"]]));
      expect(p.nested.a.b.c[0].tolist()).toEqual([1, 1]);
      expect(p.bytes).toEqual(Buffer.from([0x61, 0x62, 0, 0xff]));
      expect(p.dtype).toBe(torch.float16);
      expect([...p.size]).toEqual([2, 3]);
      expect(String(p.size)).toBe("torch.Size([2, 3])");
      expect(String(p.device)).toBe("cpu");
      expect(Object.keys(p.od)).toEqual(["z", "a"]);
      expect(serialization.is_ordered(p.od)).toBe(true);
      expect(p.floats).toEqual([1, 2, 2.5]);
      expect(serialization.is_float(p.floats, 0)).toBe(true);
      expect(serialization.is_float(p.floats, 1)).toBe(false);
      expect(p.empty_t).toEqual([]);
      expect(p.empty_d).toEqual({});
    }
  });

  it("protocol-4 pickles need weights_only: false where Python's default is true (2.6+)", () => {
    const theirs = py(`
try:
    torch.load(${JSON.stringify(f("prims_p4.pt"))})
    out = "loaded"
except Exception as e:
    out = type(e).__name__`);
    if (theirs === "loaded") expect(() => torch.load(f("prims_p4.pt"))).not.toThrow();
    else expect(() => torch.load(f("prims_p4.pt"))).toThrow(/Unsupported operand 149/);
    expect(() => torch.load(f("prims_p4.pt"), { weights_only: true })).toThrow(/Unsupported operand 149/);
    expect(() => torch.load(f("prims_p4.pt"), { weights_only: false })).not.toThrow();
  });

  it("the legacy (pre-1.6) format, views and Parameters included", () => {
    const d = torch.load(f("legacy.pt"));
    cmp(d.a, ref.legacy.a);
    expect(info(d.b).hex).toBe(ref.legacy.b.hex);
    expect([...d.b.shape]).toEqual(ref.legacy.b.shape);
    expect(d.p).toBeInstanceOf(nn.Parameter);
    expect(info(d.p).hex).toBe(ref.legacy.p.hex);
    expect(d.n).toBe(7);
    d.a.add_(1);
    expect(d.b.index(0).item()).toBe(3); // still a view of a
  });

  it("any archive folder name (file base name, 'archive' for file objects) and deflated records", () => {
    expect(ref.names).toEqual({ "bytesio.pt": "archive", "my_model.pt": "my_model" });
    expect(torch.load(f("my_model.pt")).tolist()).toEqual(torch.load(f("bytesio.pt")).tolist());
    expect(torch.load(fs.readFileSync(f("bytesio.pt"))).tolist()).toEqual([...Array(12).keys()]);
    const d = torch.load(f("deflated.pt"));
    for (const k of Object.keys(ref.views)) cmp(d[k], ref.views[k]);
  });

  it("map_location: string, torch.device, function and dict", () => {
    const a = torch.load(f("views.pt"), "cpu");
    expect(String(a.a.device)).toBe("cpu");
    const b = torch.load(f("views.pt"), { map_location: torch.device("cpu") });
    expect(b.b.tolist()).toEqual([3, 4, 5, 6]);
    const seen: string[] = [];
    const c = torch.load(f("views.pt"), { map_location: (s: Tensor, loc: string) => { seen.push(loc); return s; } });
    expect(seen).toEqual(["cpu"]); // one storage for all five views
    expect(c.d.tolist()).toEqual([[4, 6], [8, 10]]);
    const e = torch.load(f("views.pt"), { map_location: { "cuda:0": "cpu" } });
    expect(e.a.numel()).toBe(12);
  });
});
