// Files written by torch.save in Node load in Python's torch.load (1.13), with
// weights_only=True where 1.13 allows it (no Python floats), and give the same
// values, types, sharing and model outputs.
import { describe, it, expect, beforeAll } from "vitest";
import path from "node:path";
import torch from "../../lib/index";
import { nn, optim } from "../../lib/index";
import { serialization } from "../../lib/serialization";
import { py } from "../helpers/python";
import { tmpdir, info, PY_INFO } from "./_util";

const dir = tmpdir("nodew");
const f = (name: string) => path.join(dir, name);
const mine: Record<string, any> = {};
let ref: any;

function trainStep(model: nn.Module, opt: optim.Optimizer, x: any) {
  opt.zero_grad();
  model(x).pow(2).sum().backward();
  opt.step();
}

beforeAll(() => {
  // Python writes the files Node loads and writes again (round trip Python → Node → Python).
  py(`
D = ${JSON.stringify(dir)}
torch.manual_seed(3)
m = torch.nn.Linear(3, 2)
o = torch.optim.Adam(m.parameters(), lr=1.0, betas=(0.5, 0.75))
m(torch.randn(2, 3)).sum().backward(); o.step()
torch.save({"epoch": 2, "model_state_dict": m.state_dict(), "optimizer_state_dict": o.state_dict(), "loss": 1.0,
            "misc": {"t": (1, 2.0, "x"), "big": 2**64 + 5, "keys": {3: 1.0, 4: 2}}}, D + "/py_ckpt.pt")
`);
  const ck = torch.load(f("py_ckpt.pt"), { weights_only: true });
  torch.save(ck, f("resaved.pt"));

  // every dtype
  const base = [0, -0, 1.5, -2.25, NaN, Infinity, -Infinity, 65504, 1e-3];
  const dtypes: Record<string, any> = {
    float32: torch.tensor(base), float64: torch.tensor(base, { dtype: torch.float64 }), float16: torch.tensor(base).half(),
    bfloat16: torch.tensor(base).bfloat16(), int64: torch.tensor([0n, -1n, 2n ** 62n, -(2n ** 63n), 7n]),
    int32: torch.tensor([0, -1, 2 ** 31 - 1, -(2 ** 31)], { dtype: torch.int32 }), int16: torch.tensor([0, -1, 32767, -32768], { dtype: torch.int16 }),
    int8: torch.tensor([0, -1, 127, -128], { dtype: torch.int8 }), uint8: torch.tensor([0, 1, 255], { dtype: torch.uint8 }),
    bool: torch.tensor([true, false, true]), complex64: torch.tensor([1, 2, 0, -3.5]).view(torch.complex64),
    complex128: torch.tensor([1, 2, 0, -3.5], { dtype: torch.float64 }).view(torch.complex128),
  };
  torch.save(dtypes, f("dtypes.pt"));
  mine.dtypes = Object.fromEntries(Object.entries(dtypes).map(([k, v]) => [k, info(v)]));

  const t = torch.arange(12).to(torch.float32);
  const views: Record<string, any> = { a: t, b: t.index("3:7"), c: t.view(3, 4).t(), d: t.view(3, 4).index("1:", "::2"), e: t.index(5), again: t };
  torch.save(views, f("views.pt"));
  mine.views = Object.fromEntries(Object.entries(views).map(([k, v]) => [k, info(v)]));

  const odd: Record<string, any> = { s: torch.tensor(3.5), e: torch.zeros(0, 3), e2: torch.empty([2, 0], { dtype: torch.int64 }), rg: torch.ones([2], { requires_grad: true }) };
  torch.save(odd, f("odd.pt"));
  mine.odd = Object.fromEntries(Object.entries(odd).map(([k, v]) => [k, info(v)]));

  torch.manual_seed(0);
  torch.save({ p: new nn.Parameter(torch.randn(2, 3)), frozen: new nn.Parameter(torch.ones(2), false) }, f("param.pt"));

  torch.manual_seed(0);
  const seq = new nn.Sequential(new nn.Linear(3, 4), new nn.BatchNorm1d(4), new nn.ReLU(), new nn.Linear(4, 2));
  seq(torch.randn(5, 3));
  seq.eval();
  const x = torch.randn(4, 3);
  torch.save(seq.state_dict(), f("seq_sd.pt"));
  mine.seq = { x: x.tolist(), y: seq(x).tolist(), meta: (seq.state_dict() as any)._metadata };

  // optimizers after one step, then the step Python must reproduce
  for (const kind of ["sgd", "adam"]) {
    torch.manual_seed(1);
    const model = new nn.Linear(3, 2);
    const opt = kind === "sgd" ? new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 }) : new optim.Adam(model.parameters(), { lr: 0.01 });
    trainStep(model, opt, torch.randn(4, 3));
    torch.save({ model: model.state_dict(), optim: opt.state_dict() }, f(`${kind}.pt`));
    const x2 = torch.randn(4, 3);
    trainStep(model, opt, x2);
    mine[kind] = { x2: x2.tolist(), after: Object.fromEntries(Object.entries(model.state_dict()).map(([k, v]) => [k, info(v as any)])) };
  }
  torch.manual_seed(2);
  const lin = new nn.Linear(3, 2);
  torch.save({ epoch: 5, model_state_dict: lin.state_dict(), optimizer_state_dict: new optim.SGD(lin.parameters(), { lr: 0.5 }).state_dict(), loss: 0.125 }, f("checkpoint.pt"));

  const floats = [1, 2.5];
  serialization.mark_float(floats, 0);
  torch.save({
    i: 1, neg: -3, i300: 300, i70000: 70000, big: 2 ** 40, nbig: -(2 ** 40), huge: 2n ** 63n, hugeneg: -(2n ** 70n), small_bigint: 5n,
    f: 1.5, nan: NaN, inf: -Infinity, negzero: -0, s: "hé ☃", empty: "", yes: true, no: false, none: null,
    list: [1, [2, 3], serialization.tuple(4, 5)], tuple: serialization.tuple<unknown>(1, "a", null, 2.5), single: [1], one: { a: 1 },
    intkeys: new Map<unknown, unknown>([[1, "a"], [2, "b"]]), od: serialization.OrderedDict({ z: 1, a: 2 }), floats,
    bytes: Buffer.from([0x61, 0, 0xff]), dtype: torch.float16, size: torch.zeros(2, 3).shape, device: torch.device("cpu"),
    set: new Set([1, 2]), empty_t: serialization.tuple(), empty_d: {}, long_list: Array.from({ length: 2500 }, (_, i) => i),
  }, f("prims.pt"));

  torch.save({ a: torch.arange(5), b: torch.ones(2, 3) }, f("zip64.pt"), { _force_zip64: true });
  mine.zip64 = torch.load(f("zip64.pt")).b.tolist();

  ref = py(`${PY_INFO}
import struct
D = ${JSON.stringify(dir)}
r = {}
def wo(name):
    try:
        torch.load(D + "/" + name, weights_only=True); return True
    except Exception as e:
        return str(e)[-60:]
r["weights_only"] = {n: wo(n) for n in ["dtypes.pt", "views.pt", "odd.pt", "param.pt", "seq_sd.pt", "zip64.pt"]}
d = torch.load(D + "/dtypes.pt"); r["dtypes"] = infos(d)
v = torch.load(D + "/views.pt"); r["views"] = infos(v)
r["views_shared"] = len({x.storage().data_ptr() for x in v.values()}) == 1 and v["a"] is v["again"]
o = torch.load(D + "/odd.pt"); r["odd"] = infos(o)
p = torch.load(D + "/param.pt")
r["param"] = [type(p["p"]).__name__, p["p"].requires_grad, type(p["frozen"]).__name__, p["frozen"].requires_grad]
sd = torch.load(D + "/seq_sd.pt", weights_only=True)
seq = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4), torch.nn.ReLU(), torch.nn.Linear(4, 2))
seq.load_state_dict(sd); seq.eval()
r["seq"] = {"type": type(sd).__name__, "meta": {k: dict(v) for k, v in sd._metadata.items()},
            "y": seq(torch.tensor(${JSON.stringify(mine.seq.x)})).tolist()}
for kind in ["sgd", "adam"]:
    ck = torch.load(D + "/" + kind + ".pt")
    m = torch.nn.Linear(3, 2); m.load_state_dict(ck["model"])
    opt = torch.optim.SGD(m.parameters(), lr=0.1, momentum=0.9) if kind == "sgd" else torch.optim.Adam(m.parameters(), lr=0.01)
    opt.load_state_dict(ck["optim"])
    g = ck["optim"]["param_groups"][0]
    x2 = torch.tensor(${JSON.stringify(mine.sgd.x2)}) if kind == "sgd" else torch.tensor(${JSON.stringify(mine.adam.x2)})
    opt.zero_grad(); m(x2).pow(2).sum().backward(); opt.step()
    st = ck["optim"]["state"]
    r[kind] = {"after": infos(m.state_dict()), "types": {k: type(v).__name__ for k, v in g.items()},
               "state_keys": [type(k).__name__ for k in st], "step": [str(s["step"].dtype) for s in st.values()] if kind == "adam" else None}
c = torch.load(D + "/checkpoint.pt")
r["checkpoint"] = [c["epoch"], type(c["loss"]).__name__, c["loss"], sorted(c["model_state_dict"].keys()), c["optimizer_state_dict"]["param_groups"][0]["lr"]]
pr = torch.load(D + "/prims.pt")
r["prims"] = {k: [type(v).__name__, repr(v) if k != "long_list" else [len(v), v[-1]]] for k, v in pr.items()}
r["prims_inner"] = {"list2": type(pr["list"][2]).__name__, "floats": [type(x).__name__ for x in pr["floats"]], "od_keys": list(pr["od"].keys())}
r["zip64"] = torch.load(D + "/zip64.pt")["b"].tolist()
# round trip: Python's checkpoint through Node's load and save is the same objects with the same types
def same(a, b):
    if type(a) is not type(b): return False
    if isinstance(a, torch.Tensor): return a.dtype == b.dtype and a.shape == b.shape and torch.equal(a, b)
    if isinstance(a, dict): return list(a.keys()) == list(b.keys()) and all(same(a[k], b[k]) for k in a) and getattr(a, "_metadata", None) == getattr(b, "_metadata", None)
    if isinstance(a, (list, tuple)): return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b
r["roundtrip"] = same(torch.load(D + "/py_ckpt.pt"), torch.load(D + "/resaved.pt"))
# the container: CRCs right, payloads 64-byte aligned, archive folder
al = {}
for n in ["views.pt", "zip64.pt", "prims.pt"]:
    z = zipfile.ZipFile(D + "/" + n)
    raw = open(D + "/" + n, "rb").read()
    offs = []
    for zi in z.infolist():
        nl, xl = struct.unpack("<HH", raw[zi.header_offset + 26: zi.header_offset + 30])
        offs.append((zi.header_offset + 30 + nl + xl) % 64)
    al[n] = {"testzip": z.testzip(), "aligned": set(offs) == {0}, "names": z.namelist()}
r["container"] = al
out = r
`);
});

describe("torch.save in Node → Python's torch.load", () => {
  it("loads with weights_only=True wherever 1.13 can (no Python floats)", () => {
    for (const [k, v] of Object.entries(ref.weights_only)) expect([k, v]).toEqual([k, true]);
  });

  it("every dtype, bit for bit", () => {
    expect(ref.dtypes).toEqual(mine.dtypes);
  });

  it("views keep offsets and strides and share one storage in Python", () => {
    expect(ref.views).toEqual(mine.views);
    expect(ref.views_shared).toBe(true);
  });

  it("0-dim, empty, requires_grad tensors and Parameters", () => {
    expect(ref.odd).toEqual(mine.odd);
    expect(ref.param).toEqual(["Parameter", true, "Parameter", false]);
  });

  it("a module state_dict is an OrderedDict with _metadata and gives Python's model our outputs", () => {
    expect(ref.seq.type).toBe("OrderedDict");
    expect(ref.seq.meta).toEqual(mine.seq.meta);
    expect(ref.seq.y).toEqual(mine.seq.y);
  });

  it("optimizer state_dicts load into Python's SGD and Adam and take the same next step", () => {
    for (const kind of ["sgd", "adam"]) {
      for (const k of ["weight", "bias"]) {
        const a = Buffer.from(ref[kind].after[k].hex, "hex"), b = Buffer.from(mine[kind].after[k].hex, "hex");
        const fa = new Float32Array(a.buffer, a.byteOffset, a.length / 4), fb = new Float32Array(b.buffer, b.byteOffset, b.length / 4);
        fa.forEach((v, i) => expect(Math.abs(v - fb[i])).toBeLessThan(1e-6));
      }
      expect(ref[kind].state_keys).toEqual(["int", "int"]);
    }
    expect(ref.sgd.types).toMatchObject({ lr: "float", momentum: "float", dampening: "int", weight_decay: "int", nesterov: "bool", params: "list" });
    expect(ref.adam.types).toMatchObject({ lr: "float", eps: "float", weight_decay: "int", amsgrad: "bool" });
    expect(ref.adam.step).toEqual(["torch.float32", "torch.float32"]);
  });

  // Python's Adam keeps betas as a tuple; state_dict() and load_state_dict() keep the mark.
  it("Adam's betas is written as a tuple", () => {
    const opt = new optim.Adam([torch.zeros(1)]);
    expect(serialization.is_tuple(opt.state_dict().param_groups[0].betas)).toBe(true);
    opt.load_state_dict(opt.state_dict());
    expect(serialization.is_tuple(opt.state_dict().param_groups[0].betas)).toBe(true);
    expect(ref.adam.types.betas).toBe("tuple");
  });

  it("a training checkpoint", () => {
    expect(ref.checkpoint).toEqual([5, "float", 0.125, ["bias", "weight"], 0.5]);
  });

  it("Python values with Python's types", () => {
    const p = ref.prims;
    expect(p.i).toEqual(["int", "1"]);
    expect(p.neg).toEqual(["int", "-3"]);
    expect(p.i70000).toEqual(["int", "70000"]);
    expect(p.big).toEqual(["int", String(2 ** 40)]);
    expect(p.nbig).toEqual(["int", String(-(2 ** 40))]);
    expect(p.huge).toEqual(["int", String(2n ** 63n)]);
    expect(p.hugeneg).toEqual(["int", String(-(2n ** 70n))]);
    expect(p.small_bigint).toEqual(["int", "5"]);
    expect(p.f).toEqual(["float", "1.5"]);
    expect(p.nan).toEqual(["float", "nan"]);
    expect(p.inf).toEqual(["float", "-inf"]);
    expect(p.negzero).toEqual(["float", "-0.0"]);
    expect(p.s).toEqual(["str", "'hé ☃'"]);
    expect(p.empty).toEqual(["str", "''"]);
    expect([p.yes, p.no, p.none]).toEqual([["bool", "True"], ["bool", "False"], ["NoneType", "None"]]);
    expect(p.list).toEqual(["list", "[1, [2, 3], (4, 5)]"]);
    expect(p.tuple).toEqual(["tuple", "(1, 'a', None, 2.5)"]);
    expect(p.single).toEqual(["list", "[1]"]);
    expect(p.one).toEqual(["dict", "{'a': 1}"]);
    expect(p.intkeys).toEqual(["dict", "{1: 'a', 2: 'b'}"]);
    expect(p.od).toEqual(["OrderedDict", "OrderedDict([('z', 1), ('a', 2)])"]);
    expect(p.floats).toEqual(["list", "[1.0, 2.5]"]);
    expect(p.bytes).toEqual(["bytes", "b'a\\x00\\xff'"]);
    expect(p.dtype).toEqual(["dtype", "torch.float16"]);
    expect(p.size).toEqual(["Size", "torch.Size([2, 3])"]);
    expect(p.device).toEqual(["device", "device(type='cpu')"]);
    expect(p.set).toEqual(["set", "{1, 2}"]);
    expect(p.empty_t).toEqual(["tuple", "()"]);
    expect(p.empty_d).toEqual(["dict", "{}"]);
    expect(p.long_list).toEqual(["list", [2500, 2499]]);
  });

  it("Python → Node → Python keeps every value and type (float 1.0, tuple betas, int keys, big ints)", () => {
    expect(ref.roundtrip).toBe(true);
  });

  it("the container: correct CRCs, 64-byte aligned payloads, ZIP64 records Python reads", () => {
    for (const n of ["views.pt", "zip64.pt", "prims.pt"]) {
      expect(ref.container[n].testzip).toBe(null);
      expect(ref.container[n].aligned).toBe(true);
      expect(ref.container[n].names[0]).toBe("archive/data.pkl");
    }
    expect(ref.zip64).toEqual(mine.zip64);
    expect(mine.zip64).toEqual([[1, 1, 1], [1, 1, 1]]);
  });
});
