// Archives in the layouts PyTorch 2.x writes (CHECKPOINT-FORMAT.md §1.2, §2.3, read from
// 2.x's source: no 2.x Python is installed here), assembled record by record:
// _rebuild_tensor_v3 over an UntypedStorage, _rebuild_from_type_v2, byteorder "big",
// .format_version / .storage_alignment / .data/serialization_id / .data/version records.
import { describe, it, expect } from "vitest";
import torch from "../../lib/index";
import { PickleWriter } from "../../lib/serialization/_pickle";
import { ZipWriter } from "../../lib/serialization/_zip";
import { py } from "../helpers/python";
import { V } from "../../lib/version";

function archive(records: [string, Uint8Array | string][]): Buffer {
  const chunks: Buffer[] = [];
  const w = new ZipWriter((c) => chunks.push(Buffer.from(c)), "model");
  for (const [name, data] of records) if (name !== "version") w.writeRecord(name, typeof data === "string" ? Buffer.from(data) : data);
  w.finish();
  return Buffer.concat(chunks);
}

/** Pushes OrderedDict(). */
function od(p: PickleWriter) { p.global("collections", "OrderedDict"); p.emptyTuple(); p.reduce(); }
function ints(p: PickleWriter, xs: number[]) { if (xs.length > 3) p.mark(); xs.forEach((x) => p.int(x)); p.tuple(xs.length); }
function persid(p: PickleWriter, cls: [string, string], key: string, numel: number) {
  p.mark(); p.str("storage"); p.global(...cls); p.str(key); p.str("cpu"); p.int(numel); p.tuple(5); p.binpersid();
}

describe("PyTorch 2.x archive layouts", () => {
  // Python computes the reference bytes: float16 [0.5, -1, 2, 65504], float32 [1.5, -2, 3] big-endian
  const ref = py(`out = {"h": torch.tensor([0.5, -1, 2, 65504], dtype=torch.float16).view(torch.uint8).tolist(),
                         "f_be": list(__import__("struct").pack(">3f", 1.5, -2, 3)), "u16": [1, 0, 2, 0]}`);

  it("_rebuild_tensor_v3 over an UntypedStorage, _rebuild_from_type_v2 and the 2.7 records", () => {
    const p = new PickleWriter();
    p.proto(); p.emptyDict(); p.mark();
    // "h": v3, dtype float16, a view at offset 1
    p.str("h"); p.global("torch._utils", "_rebuild_tensor_v3"); p.mark();
    persid(p, ["torch.storage", "UntypedStorage"], "0", 8);
    p.int(1); ints(p, [3]); ints(p, [1]); p.bool(false); od(p); p.global("torch", "float16"); p.tuple(7); p.reduce();
    // "w": _rebuild_from_type_v2(_rebuild_tensor_v2, torch.Tensor, (...), {})
    p.str("w"); p.global("torch._tensor", "_rebuild_from_type_v2"); p.mark();
    p.global("torch._utils", "_rebuild_tensor_v2"); p.global("torch", "Tensor");
    p.mark(); persid(p, ["torch", "HalfStorage"], "1", 4); p.int(0); ints(p, [2, 2]); ints(p, [2, 1]); p.bool(false); od(p); p.tuple(6);
    p.emptyDict(); p.tuple(4); p.reduce();
    p.setitems(); p.stop();
    const file = archive([
      ["data.pkl", p.w.result()], [".format_version", "1"], [".storage_alignment", "64"], ["byteorder", "little"],
      ["data/0", Uint8Array.from(ref.h)], ["data/1", Uint8Array.from(ref.h)], [".data/serialization_id", "0".repeat(40)], [".data/version", "3\n"],
    ]);
    const d = torch.load(file);
    expect(d.h.dtype).toBe(torch.float16);
    expect(d.h.tolist()).toEqual([-1, 2, 65504]);
    expect(d.w.tolist()).toEqual([[0.5, -1], [2, 65504]]);
  });

  it("byteorder 'big' storages are swapped on load", () => {
    const p = new PickleWriter();
    p.proto(); p.global("torch._utils", "_rebuild_tensor_v2"); p.mark();
    persid(p, ["torch", "FloatStorage"], "0", 3); p.int(0); ints(p, [3]); ints(p, [1]); p.bool(false); od(p); p.tuple(6); p.reduce(); p.stop();
    const file = archive([["data.pkl", p.w.result()], ["byteorder", "big"], ["data/0", Uint8Array.from(ref.f_be)]]);
    expect(torch.load(file).tolist()).toEqual([1.5, -2, 3]);
  });

  it("2.x-only dtypes load where the linked libtorch has them, and are refused by name where not (1.13)", () => {
    const p = new PickleWriter();
    p.proto(); p.global("torch._utils", "_rebuild_tensor_v3"); p.mark();
    persid(p, ["torch.storage", "UntypedStorage"], "0", 4);
    p.int(0); ints(p, [2]); ints(p, [1]); p.bool(false); od(p); p.global("torch", "uint16"); p.tuple(7); p.reduce(); p.stop();
    const file = archive([["data.pkl", p.w.result()], ["data/0", Uint8Array.from(ref.u16)]]);
    if (V.dtype_uint16_32_64) {
      const t = torch.load(file);
      expect(t.dtype).toBe((torch as any).uint16);
      expect(t.tolist()).toEqual([1, 2]);
    } else expect(() => torch.load(file)).toThrow("torch.load: dtype torch.uint16 does not exist in libtorch");
  });
});
