// What a file may claim is bounded: hostile or corrupt pickles and headers end in an Error
// quickly, without exhausting memory (the README's "Loading files" lists the limits).
import { describe, it, expect } from "vitest";
import fs from "node:fs";
import path from "node:path";
import torch from "../../lib/index";
import { unpickle, PICKLE_LIMITS } from "../../lib/serialization/_pickle";
import { ZipWriter } from "../../lib/serialization/_zip";
import { py } from "../helpers/python";
import { tmpdir } from "./_util";

const dir = tmpdir("limits");
const f = (name: string) => path.join(dir, name);
const hooks = {
  find_class: () => { throw new Error("no globals here"); },
  call: () => { throw new Error("no calls here"); },
  persistent_load: () => { throw new Error("no storages here"); },
};
/** A torch.save-like zip around a data.pkl. */
function archive(pkl: Buffer): Buffer {
  const chunks: Buffer[] = [];
  const zw = new ZipWriter((c) => chunks.push(Buffer.from(c)));
  zw.writeRecord("data.pkl", pkl);
  zw.writeRecord("byteorder", Buffer.from("little"));
  zw.finish();
  return Buffer.concat(chunks);
}
function timed(fn: () => void): number {
  const t0 = Date.now();
  fn();
  return Date.now() - t0;
}

describe("pickle limits", () => {
  it("a flood of MARKs is refused at the nesting limit", () => {
    const pkl = Buffer.concat([Buffer.from([0x80, 2]), Buffer.alloc(20_000_000, 0x28), Buffer.from(".")]);
    const ms = timed(() => expect(() => torch.load(archive(pkl))).toThrow(`pickle data nests more than ${PICKLE_LIMITS.marks} MARKs`));
    expect(ms).toBeLessThan(5000);
  });
  it("a deflated data.pkl that inflates to 400 MB of MARKs ends in an UnpicklingError", () => {
    // Python's zipfile writes it (deflate): a 389 KB file.
    const file = f("marks.pt");
    py(`
import zipfile
with zipfile.ZipFile(${JSON.stringify(file)}, "w", compression=zipfile.ZIP_DEFLATED) as z:
    z.writestr("archive/data.pkl", b"\\x80\\x02" + b"(" * 400_000_000 + b".")
    z.writestr("archive/byteorder", b"little")
    z.writestr("archive/version", b"3\\n")
out = None`);
    expect(fs.statSync(file).size).toBeLessThan(1 << 20);
    const heap0 = process.memoryUsage().heapUsed;
    expect(() => torch.load(file)).toThrow(/nests more than/);
    expect(process.memoryUsage().heapUsed - heap0).toBeLessThan(200 << 20);
  });
  it("memo puts beyond a Map's 2^24 entries work, and fast", () => {
    const n = 17_000_000;
    const b = Buffer.alloc(3 + n * 5 + 1);
    b[0] = 0x80; b[1] = 2; b[2] = 0x4e;   // PROTO 2, NONE
    for (let i = 0; i < n; i++) { b[3 + i * 5] = 0x72; b.writeUInt32LE(i, 4 + i * 5); }   // LONG_BINPUT i
    b[b.length - 1] = 0x2e;
    const ms = timed(() => expect(unpickle(b, hooks).value).toBeNull());
    expect(ms).toBeLessThan(10000);
  });
  it("a 256 KiB LONG4 decodes in linear time to the right value", () => {
    const n = 256 << 10;
    const body = Buffer.alloc(n, 0xff);
    body[n - 1] = 0x7f;   // 2^(8n-1) - 1
    const head = Buffer.from([0x80, 2, 0x8b, 0, 0, 0, 0]);
    head.writeInt32LE(n, 3);
    let v: unknown;
    const ms = timed(() => { v = unpickle(Buffer.concat([head, body, Buffer.from(".")]), hooks).value; });
    expect(v).toBe((1n << BigInt(8 * n - 1)) - 1n);
    expect(ms).toBeLessThan(2000);
  });
  it("a container flood stops at the object limit", () => {
    const old = PICKLE_LIMITS.objects;
    PICKLE_LIMITS.objects = 100_000;
    try {
      const pkl = Buffer.concat([Buffer.from([0x80, 2]), Buffer.alloc(200_000, 0x5d), Buffer.from(".")]);   // EMPTY_LIST
      expect(() => unpickle(pkl, hooks)).toThrow("pickle data makes more than 100000 objects");
    } finally {
      PICKLE_LIMITS.objects = old;
    }
  });
});

describe("files that are no checkpoint", () => {
  it("a 2 GiB file of zeros is refused without being read", () => {
    const file = f("zeros.pt");
    fs.closeSync(fs.openSync(file, "w"));
    fs.truncateSync(file, 2 ** 31);   // sparse: no disk used
    const ms = timed(() => expect(() => torch.load(file)).toThrow(/not a PyTorch checkpoint/));
    expect(ms).toBeLessThan(1000);
    fs.rmSync(file);
  });
});
