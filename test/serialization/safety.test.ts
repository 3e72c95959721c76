// Loading never runs code; our files stay inside the weights_only subset of PyTorch 2.x;
// bad files and bad objects give clear Errors and never a half-written file.
import { describe, it, expect, beforeAll } from "vitest";
import fs from "node:fs";
import path from "node:path";
import torch from "../../lib/index";
import { nn, optim } from "../../lib/index";
import { serialization } from "../../lib/serialization";
import { _pickle } from "../../lib/serialization";
import { ZipWriter } from "../../lib/serialization/_zip";
import { N } from "../../lib/native";
import { py } from "../helpers/python";
import { tmpdir, steppedModel } from "./_util";

const dir = tmpdir("safety");
const f = (name: string) => path.join(dir, name);
const MARKER = path.join(dir, "PWNED");
let ref: any;

/** A zip archive around our pickle of `obj`, with the storages' location replaced. */
function withLocation(obj: unknown, location: string, file: string) {
  const { pkl, storages } = _pickle(obj);
  const from = Buffer.from([0x58, 3, 0, 0, 0, ...Buffer.from("cpu")]);
  const loc = Buffer.from(location);
  const to = Buffer.concat([Buffer.from([0x58, loc.length, 0, 0, 0]), loc]);
  const parts: Buffer[] = [];
  let i = 0, j: number;
  while ((j = pkl.indexOf(from, i)) >= 0) { parts.push(pkl.subarray(i, j), to); i = j + from.length; }
  parts.push(pkl.subarray(i));
  const chunks: Uint8Array[] = [];
  const zw = new ZipWriter((c) => chunks.push(Buffer.from(c)));
  zw.writeRecord("data.pkl", Buffer.concat(parts));
  for (const s of storages) zw.writeRecord(`data/${s.key}`, new Uint8Array(N.toBuffer(s.flat._h)));
  zw.finish();
  fs.writeFileSync(file, Buffer.concat(chunks));
}

beforeAll(() => {
  const { model, opt } = steppedModel();
  torch.save(model.state_dict(), f("sd.pt"));
  torch.save({ epoch: 1, model_state_dict: model.state_dict(), optimizer_state_dict: opt.state_dict(), loss: 0.5 }, f("ckpt.pt"));
  torch.save({
    p: new nn.Parameter(torch.ones(2)), big: 2n ** 64n, b: Buffer.from("x"), s: new Set([1]), d: torch.float16, sz: torch.ones(2).shape,
    dev: torch.device("cpu"), t: serialization.tuple(1, 2, 3, 4), m: new Map([[1, 2]]), od: serialization.OrderedDict({ a: 1 }), many: Array(300).fill("x"),
  }, f("prims.pt"));
  withLocation({ a: torch.arange(3) }, "cuda:0", f("cuda.pt"));

  ref = py(`
import io, os, pickle, pickletools, zipfile, tarfile, builtins, subprocess
D = ${JSON.stringify(dir)}
MARKER = ${JSON.stringify(MARKER)}
r = {}
# static check of our data.pkl against PyTorch 2.x's weights_only lists (CHECKPOINT-FORMAT.md 3.2, 3.3)
OPS = set("PROTO STOP GLOBAL REDUCE BUILD NEWOBJ BINPERSID MARK TUPLE TUPLE1 TUPLE2 TUPLE3 EMPTY_TUPLE EMPTY_LIST APPEND APPENDS "
          "EMPTY_DICT SETITEM SETITEMS EMPTY_SET NONE NEWTRUE NEWFALSE BININT BININT1 BININT2 LONG1 BINFLOAT BINUNICODE "
          "SHORT_BINSTRING BINPUT LONG_BINPUT BINGET LONG_BINGET".split())
DT = "uint8 int8 int16 int32 int64 float16 float32 float64 bfloat16 bool complex32 complex64 complex128 uint16 uint32 uint64 float8_e4m3fn float8_e5m2".split()
ST = "Float Double Half BFloat16 Long Int Short Char Byte Bool ComplexFloat ComplexDouble QInt8 QUInt8 QInt32 QUInt4x2 QUInt2x4".split()
GL = {"collections.OrderedDict", "collections.Counter", "torch.nn.parameter.Parameter", "torch.Tensor", "torch.Size", "torch.device",
      "torch.serialization._get_layout", "_codecs.encode", "builtins.bytearray", "builtins.set", "builtins.complex",
      "torch.storage.TypedStorage", "torch.storage.UntypedStorage", "torch._tensor._rebuild_from_type_v2"}
GL |= {"torch." + d for d in DT} | {"torch." + s + "Storage" for s in ST} | {"torch.cuda." + s + "Storage" for s in ST}
GL |= {"torch._utils." + f for f in "_rebuild_parameter _rebuild_parameter_with_state _rebuild_qtensor _rebuild_tensor _rebuild_tensor_v2 _rebuild_tensor_v3 _rebuild_sparse_tensor _rebuild_meta_tensor_no_storage _rebuild_wrapper_subclass".split()}
static = {}
for n in ["sd.pt", "ckpt.pt", "prims.pt"]:
    z = zipfile.ZipFile(D + "/" + n)
    pkl = z.read("archive/data.pkl")
    bad_ops, bad_globals, used = set(), set(), set()
    for op, arg, pos in pickletools.genops(pkl):
        if op.name not in OPS: bad_ops.add(op.name)
        if op.name == "GLOBAL":
            mod, name = arg.split(" ")
            full = ("builtins" if mod == "__builtin__" else mod) + "." + name
            used.add(full)
            if full not in GL: bad_globals.add(full)
    static[n] = {"bad_ops": sorted(bad_ops), "bad_globals": sorted(bad_globals), "used": sorted(used)}
r["static"] = static
r["wo_sd"] = torch.load(D + "/sd.pt", weights_only=True) is not None
r["recursive"] = None
# hostile pickles: each would create MARKER if run
class Sys:
    def __reduce__(self): return (os.system, ("touch " + MARKER,))
class Eval:
    def __reduce__(self): return (builtins.eval, ("open(" + repr(MARKER) + ", 'w')",))
class Exec:
    def __reduce__(self): return (builtins.exec, ("open(" + repr(MARKER) + ", 'w')",))
class Popen:
    def __reduce__(self): return (subprocess.Popen, (["touch", MARKER],))
def zipped(name, pkl):
    with zipfile.ZipFile(D + "/" + name, "w") as z:
        z.writestr("archive/data.pkl", pkl); z.writestr("archive/version", "3\\n")
hostile = {}
for cls, g in [(Sys, "posix.system"), (Eval, "builtins.eval"), (Exec, "builtins.exec"), (Popen, "subprocess.Popen")]:
    for proto in [2, 4]:
        zipped(f"h_{cls.__name__}_{proto}.pt", pickle.dumps({"w": 1, "x": cls()}, protocol=proto))
        hostile[f"h_{cls.__name__}_{proto}.pt"] = g
        open(D + f"/raw_{cls.__name__}_{proto}.pkl", "wb").write(pickle.dumps(cls(), protocol=proto))
        hostile[f"raw_{cls.__name__}_{proto}.pkl"] = g
torch.save({"model": torch.ones(2), "evil": Sys()}, D + "/h_torchsave.pt")
hostile["h_torchsave.pt"] = "posix.system"
torch.save([Eval()], D + "/h_legacy.pt", _use_new_zipfile_serialization=False)
hostile["h_legacy.pt"] = "builtins.eval"
# an allowed rebuild function whose argument is a disallowed callable
zipped("h_fromtype.pt", b"\\x80\\x02ctorch._tensor\\n_rebuild_from_type_v2\\n(cposix\\nsystem\\n" + b"ctorch\\nTensor\\n(X\\x04\\x00\\x00\\x00echot}tR.")
hostile["h_fromtype.pt"] = "posix.system"
r["hostile"] = hostile
r["marker_after_python"] = os.path.exists(MARKER)
# other bad files
open(D + "/empty.pt", "wb").close()
open(D + "/random.pt", "wb").write(bytes(range(256)) * 4)
open(D + "/pytorch1.pt", "wb").write(b"PYTORCH1" + b"\\0" * 100)
with tarfile.open(D + "/old.tar", "w") as tf:
    info = tarfile.TarInfo("sys_info"); info.size = 1; tf.addfile(info, io.BytesIO(b"x"))
src = zipfile.ZipFile(D + "/sd.pt")
def rezip(name, drop=(), extra=(), version=None):
    with zipfile.ZipFile(D + "/" + name, "w") as z:
        for n in src.namelist():
            if n in drop: continue
            z.writestr(n, version if (version is not None and n.endswith("/version")) else src.read(n))
        for n, data in extra: z.writestr(n, data)
rezip("noversion.pt", drop=("archive/version",))
rezip("version11.pt", version=b"11\\n")
rezip("versionjunk.pt", version=b"three")
rezip("outside.pt", extra=(("other/data/0", b"xx"),))
rezip("nostorage.pt", drop=("archive/data/0",))
with zipfile.ZipFile(D + "/shortstorage.pt", "w") as z:
    for n in src.namelist(): z.writestr(n, src.read(n)[:-4] if n == "archive/data/0" else src.read(n))
torch.jit.save(torch.jit.script(torch.nn.Linear(2, 2)), D + "/scripted.pt")
torch.save(torch.nn.Linear(2, 2), D + "/whole_module.pt")
try:
    torch.load(D + "/cuda.pt"); r["py_cuda"] = "loaded"
except Exception as e:
    r["py_cuda"] = str(e)
r["py_cuda_cpu"] = torch.load(D + "/cuda.pt", map_location="cpu")["a"].tolist()
out = r
`);
});

describe("what we write stays inside PyTorch 2.x's weights_only subset", () => {
  it("data.pkl uses only the allowed opcodes and globals (pickletools walk)", () => {
    for (const n of ["sd.pt", "ckpt.pt", "prims.pt"]) {
      expect(ref.static[n].bad_ops).toEqual([]);
      expect(ref.static[n].bad_globals).toEqual([]);
    }
    // the walk really saw the globals we emit
    expect(ref.static["prims.pt"].used).toEqual(expect.arrayContaining([
      "torch._utils._rebuild_parameter", "torch._utils._rebuild_tensor_v2", "collections.OrderedDict", "torch.FloatStorage",
      "builtins.set", "_codecs.encode", "torch.float16", "torch.Size", "torch.device",
    ]));
    expect(ref.wo_sd).toBe(true);
  });
});

describe("hostile pickles are refused and nothing runs", () => {
  it("os/posix.system, eval, exec, subprocess via __reduce__, in zips, raw pickles and legacy files", () => {
    expect(ref.marker_after_python).toBe(false);
    const names = Object.keys(ref.hostile);
    expect(names.length).toBeGreaterThan(15);
    for (const n of names) {
      for (const weights_only of [true, false]) {
        let err: unknown = null;
        try { torch.load(f(n), { weights_only }); } catch (e) { err = e; }
        expect(err, n).toBeInstanceOf(Error);
        // protocol 4 with weights_only may stop at its first protocol-4 opcode instead
        if (!(weights_only && n.endsWith("_4.pt")) && !(weights_only && n.endsWith("_4.pkl")))
          expect((err as Error).message, n).toContain(ref.hostile[n]);
      }
    }
    expect(fs.existsSync(MARKER)).toBe(false);
  });

  it("add_safe_globals cannot open sys/os/posix/nt", () => {
    serialization.add_safe_globals({ "posix.system": () => { fs.writeFileSync(MARKER, "x"); } });
    try {
      expect(() => torch.load(f("h_torchsave.pt"), { weights_only: false })).toThrow(/posix/);
    } finally {
      serialization.clear_safe_globals();
    }
    expect(fs.existsSync(MARKER)).toBe(false);
  });

  it("safe_globals allows its globals only inside its callback, as Python's `with safe_globals(...)`", () => {
    const fn = (src: string) => ({ wrapped: src });
    expect(() => torch.load(f("h_legacy.pt"), { weights_only: false })).toThrow(/builtins\.eval/);
    const [v] = serialization.safe_globals({ "builtins.eval": fn }, () => torch.load(f("h_legacy.pt"), { weights_only: false }));
    expect(v.wrapped).toContain("open(");
    expect(serialization.get_safe_globals()).toEqual([]);
    expect(() => torch.load(f("h_legacy.pt"), { weights_only: false })).toThrow(/builtins\.eval/);
    expect(fs.existsSync(MARKER)).toBe(false);
  });

  it("a registered safe global builds values from the pickled arguments", () => {
    serialization.add_safe_globals({ "builtins.eval": (src: string) => ({ wrapped: src }) });
    try {
      const [v] = torch.load(f("h_legacy.pt"), { weights_only: false });
      expect(v.wrapped).toContain("open(");
    } finally {
      serialization.clear_safe_globals();
    }
    expect(fs.existsSync(MARKER)).toBe(false);
  });
});

describe("bad files give clear Errors", () => {
  const cases: [string, RegExp][] = [
    ["empty.pt", /Ran out of input/],
    ["random.pt", /not a PyTorch checkpoint/],
    ["pytorch1.pt", /PYTORCH1/],
    ["old.tar", /legacy tar format/],
    ["noversion.pt", /hasRecord\("version"\)/],
    ["version11.pt", /maximum supported version for reading is 10/],
    ["versionjunk.pt", /bad version record/],
    ["outside.pt", /not in a subdirectory/],
    ["nostorage.pt", /data\/0: file not found/],
    ["shortstorage.pt", /holds 44 bytes but its persistent id says 12 elements/],
    ["scripted.pt", /TorchScript archive/],
    // (weights_only's default is the linked release's: True on 2.x, False on 1.13)
    ["whole_module.pt", /GLOBAL torch\.nn\.modules\.linear\.Linear (was not an allowed global by default\.|is a Python class or function, which torch-node never runs from a file\.) The file pickles a whole Python object.*TorchScript/],
  ];
  for (const [name, re] of cases) it(name, () => expect(() => torch.load(f(name))).toThrow(re));
  it("a whole pickled module with weights_only: false names state_dict and TorchScript, not weights_only", () => {
    let msg = "";
    try { torch.load(f("whole_module.pt"), { weights_only: false }); } catch (e) { msg = (e as Error).message; }
    expect(msg).not.toMatch(/Weights only load failed/);
    expect(msg).toMatch(/never runs from a file.*state_dict\(\).*torch\.jit\.load here/);
  });

  it("a missing file", () => expect(() => torch.load(f("nope.pt"))).toThrow(/ENOENT/));

  it("truncated files at every cut point fail cleanly", () => {
    const full = fs.readFileSync(f("sd.pt"));
    for (let n = 0; n < full.length; n += 7) expect(() => torch.load(full.subarray(0, n))).toThrow(Error);
  });

  it("a 'cuda:0' storage: Python's error without CUDA, map_location to the CPU", () => {
    if (!torch.cuda.is_available()) {
      expect(() => torch.load(f("cuda.pt"))).toThrow(ref.py_cuda);
    }
    expect(torch.load(f("cuda.pt"), { map_location: "cpu" }).a.tolist()).toEqual(ref.py_cuda_cpu);
    expect(torch.load(f("cuda.pt"), { map_location: { "cuda:0": "cpu" } }).a.tolist()).toEqual([0, 1, 2]);
    const seen: string[] = [];
    torch.load(f("cuda.pt"), { map_location: (s: any, loc: string) => { seen.push(loc); return s; } });
    expect(seen).toEqual(["cuda:0"]);
  });
});

describe("torch.save never leaves half a file", () => {
  it("an unsupported object throws and the old file stays as it was, with no temporary left", () => {
    torch.save({ a: torch.ones(2) }, f("keep.pt"));
    const before = fs.readFileSync(f("keep.pt"));
    const model = new nn.Linear(2, 2);
    expect(() => torch.save({ a: torch.zeros(3), model }, f("keep.pt"))).toThrow(/cannot save an object of type Linear: a module's code is JavaScript.*save its state_dict\(\) instead, or torch\.jit\.trace it/);
    expect(() => torch.save({ fn: () => 1 }, f("keep.pt"))).toThrow(/cannot save a function/);
    const cyc: any[] = serialization.tuple(1);
    cyc.push(cyc);
    expect(() => torch.save(cyc, f("keep.pt"))).toThrow(/tuple that contains itself/);
    expect(fs.readFileSync(f("keep.pt")).equals(before)).toBe(true);
    expect(fs.readdirSync(dir).filter((n) => n.endsWith(".tmp"))).toEqual([]);
  });

  it("a missing parent folder gives Python's error naming the folder", () => {
    const missing = path.join(dir, "no_such_folder", "m.pt");
    const ref = py(`
try:
    torch.save({'a': 1}, ${JSON.stringify(missing)})
except RuntimeError as e:
    out = str(e)`);
    expect(() => torch.save({ a: 1 }, missing)).toThrow(ref);
    expect(fs.existsSync(path.dirname(missing))).toBe(false);
  });

  it("file-like destinations, Buffers and URLs", () => {
    const chunks: Buffer[] = [];
    torch.save({ a: torch.arange(4) }, { write: (c: Uint8Array) => chunks.push(Buffer.from(c)) });
    expect(torch.load(Buffer.concat(chunks)).a.tolist()).toEqual([0, 1, 2, 3]);
    torch.save([1, 2], new URL(`file://${f("url.pt")}`));
    expect(torch.load(new URL(`file://${f("url.pt")}`))).toEqual([1, 2]);
  });

  it("a list that contains itself round-trips through the memo", () => {
    const a: any[] = [1];
    a.push(a);
    torch.save(a, f("self.pt"));
    const b = torch.load(f("self.pt"));
    expect(b[1]).toBe(b);
  });

  it("mixed-dtype views of one storage are refused as Python does", () => {
    const t = torch.zeros(4);
    expect(() => torch.save([t, t.view(torch.int32)], f("mixed.pt"))).toThrow(/view the same data as different types/);
  });
});
