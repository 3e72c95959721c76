// torch-node/safetensors against Python's safetensors package (the wheel in the local
// package mirror, unpacked for /usr/bin/python3), both ways, byte for byte.
import { describe, it, expect, beforeAll } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import torch from "../../lib/index";
import { nn } from "../../lib/index";
import { save_file, load_file, save, load, metadata } from "../../lib/serialization/safetensors";
import { py } from "../helpers/python";
import { tmpdir, info, PY_INFO } from "./_util";

const WHEEL_DIR = "/opt/pypi/files";
const wheel = fs.existsSync(WHEEL_DIR) ? fs.readdirSync(WHEEL_DIR).find((n) => /^safetensors-.*-abi3-manylinux.*x86_64.*\.whl$/.test(n)) : undefined;
const pySite = path.join(os.tmpdir(), `tn-py-${wheel ?? "none"}`);
const dir = tmpdir("st");
const f = (name: string) => path.join(dir, name);
const mine: Record<string, any> = {};
let ref: any;

function tensors() {
  torch.manual_seed(0);
  const model = new nn.Sequential(new nn.Linear(3, 4), new nn.BatchNorm1d(4));
  model(torch.randn(5, 3));
  const sd = { ...model.state_dict() } as Record<string, any>;
  return {
    ...sd,
    f64: torch.tensor([1.5, -0, NaN], { dtype: torch.float64 }), f16: torch.tensor([1, 65504, -2.5]).half(), bf16: torch.tensor([1, -3.25]).bfloat16(),
    i64: torch.tensor([2n ** 62n, -1n]), i32: torch.tensor([-5], { dtype: torch.int32 }), i16: torch.tensor([7, -7], { dtype: torch.int16 }),
    i8: torch.tensor([-128], { dtype: torch.int8 }), u8: torch.tensor([255, 0], { dtype: torch.uint8 }), b: torch.tensor([true, false]),
    scalar: torch.tensor(2.5), empty: torch.zeros(0, 4), "name with ☃": torch.ones(1),
  };
}

describe.skipIf(!wheel)("safetensors against Python's safetensors", () => {
  beforeAll(() => {
    if (!fs.existsSync(path.join(pySite, "safetensors"))) {
      py(`import zipfile; zipfile.ZipFile(${JSON.stringify(path.join(WHEEL_DIR, wheel!))}).extractall(${JSON.stringify(pySite)})`);
    }
    const ts = tensors();
    save_file(ts, f("node.safetensors"), { format: "pt", note: "hé" });
    save_file(ts, f("node1.safetensors"), { format: "pt" });
    mine.node = Object.fromEntries(Object.entries(ts).map(([k, v]) => [k, info(v)]));
    ref = py(`${PY_INFO}
import sys; sys.path.insert(0, ${JSON.stringify(pySite)})
from safetensors.torch import load_file, save_file, save
from safetensors import safe_open
D = ${JSON.stringify(dir)}
r = {}
ours = load_file(D + "/node.safetensors")
r["node"] = infos(ours)
with safe_open(D + "/node.safetensors", framework="pt") as fh: r["meta"] = fh.metadata()
# Python writes the same tensors: the bytes must be ours exactly (one metadata key: Rust's map order is random)
r["same_bytes"] = save(ours, metadata={"format": "pt"}) == open(D + "/node1.safetensors", "rb").read()
torch.manual_seed(1)
theirs = {"w": torch.randn(3, 2), "h": torch.randn(4).half(), "bf": torch.randn(2).bfloat16(), "l": torch.arange(5), "s": torch.tensor(1.25),
          "e": torch.zeros(0), "bool": torch.tensor([True, False, True]), "u8": torch.tensor([1, 2], dtype=torch.uint8), "c": torch.tensor([1 + 2j])}
save_file(theirs, D + "/py.safetensors", metadata={"k": "v"})
r["py"] = infos(theirs)
lin = torch.nn.Linear(3, 2)
save_file(lin.state_dict(), D + "/linear.safetensors")
x = torch.randn(2, 3)
r["linear"] = {"x": x.tolist(), "y": lin(x).tolist()}
out = r
`);
  });

  it("Node's file loads in Python with the same tensors and metadata", () => {
    expect(ref.node).toEqual(mine.node);
    expect(ref.meta).toEqual({ format: "pt", note: "hé" });
  });

  it("is byte-identical to Python's safetensors output for the same tensors", () => {
    expect(ref.same_bytes).toBe(true);
  });

  it("Python's file loads in Node: every dtype, 0-dim, empty, metadata", () => {
    const d = load_file(f("py.safetensors"));
    expect(Object.keys(d).sort()).toEqual(Object.keys(ref.py).sort());
    for (const k of Object.keys(ref.py)) expect(info(d[k])).toEqual(ref.py[k]);
    expect(metadata(f("py.safetensors"))).toEqual({ k: "v" });
    expect(metadata(f("linear.safetensors"))).toBe(null);
  });

  it("a Python state_dict loads into nn.Linear and gives Python's outputs", () => {
    const lin = new nn.Linear(3, 2);
    lin.load_state_dict(load_file(f("linear.safetensors")));
    expect(lin(torch.tensor(ref.linear.x)).tolist()).toEqual(ref.linear.y);
  });
});

describe("safetensors in Node", () => {
  it("save/load round trip in memory", () => {
    const ts = tensors();
    const b = save(ts, { a: "b" });
    expect(b.readBigUInt64LE(0) % 8n).toBe(0n);
    const back = load(b);
    for (const [k, v] of Object.entries(ts)) expect(info(back[k])).toEqual(info(v));
    expect(metadata(b)).toEqual({ a: "b" });
  });

  it("refuses shared and non-contiguous tensors and non-tensors, as safetensors does", () => {
    const t = torch.arange(6).to(torch.float32);
    expect(() => save({ a: t, b: t.index("1:3") })).toThrow(/Some tensors share memory/);
    expect(() => save({ a: t.index(":3"), b: t.index("3:") })).not.toThrow(); // disjoint parts of one storage
    expect(() => save({ a: t.view(2, 3).t() })).toThrow(/non contiguous tensor: `a`/);
    expect(() => save({ a: 1 } as any)).toThrow(/Key `a` is invalid, expected torch.Tensor/);
  });

  it("bad headers: clear errors", () => {
    const good = save({ a: torch.ones(2) });
    const bad = (b: Buffer) => () => load(b);
    expect(bad(good.subarray(0, 4))).toThrow(/HeaderTooSmall/);
    const big = Buffer.from(good); big.writeBigUInt64LE(10n ** 12n, 0);
    expect(bad(big)).toThrow(/HeaderTooLarge/);
    expect(bad(good.subarray(0, good.length - 1))).toThrow(/MetadataIncompleteBuffer/);
    expect(bad(Buffer.concat([good, Buffer.from([0])]))).toThrow(/MetadataIncompleteBuffer/);
    const hdr = (json: string, data = Buffer.alloc(0)) => {
      const j = Buffer.from(json); const n = Buffer.alloc(8); n.writeBigUInt64LE(BigInt(j.length)); return Buffer.concat([n, j, data]);
    };
    expect(bad(hdr("[1]"))).toThrow(/not a JSON object/);
    expect(bad(hdr("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", Buffer.alloc(4)))).toThrow(/TensorInvalidInfo/);
    expect(bad(hdr("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", Buffer.alloc(8)))).toThrow(/InvalidOffset/);
    expect(bad(hdr("{\"a\":{\"dtype\":\"U16\",\"shape\":[1],\"data_offsets\":[0,2]}}", Buffer.alloc(2)))).toThrow(/U16 of a is not supported/);
    expect(bad(hdr("{\"a\":{\"dtype\":\"X\",\"shape\":[1],\"data_offsets\":[0,2]}}", Buffer.alloc(2)))).toThrow(/unknown dtype X/);
    expect(bad(hdr("{\"__proto__\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}", Buffer.alloc(1)))).not.toThrow();
    expect(Object.getPrototypeOf(load(hdr("{\"__proto__\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}", Buffer.alloc(1))))).toBe(Object.prototype);
  });
});
