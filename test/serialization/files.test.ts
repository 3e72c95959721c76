// torch.save's file semantics (Python's open(f, "wb") plus an atomic replace), storages over
// 4 GiB, and records that claim more than their file holds.
import { describe, it, expect } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { execFileSync, spawn } from "node:child_process";
import torch from "../../lib/index";
import * as safetensors from "../../lib/serialization/safetensors";
import { _pickle } from "../../lib/serialization";
import { ZipWriter } from "../../lib/serialization/_zip";
import { py } from "../helpers/python";
import { N } from "../../lib/native";
import { tmpdir } from "./_util";

const dir = tmpdir("files");
const f = (name: string) => path.join(dir, name);
const sd = () => ({ w: torch.arange(6, { dtype: torch.float32 }).reshape(2, 3) });

describe("torch.save to what a path names", () => {
  it("writes through a symlink, as Python does", () => {
    torch.save({ old: torch.zeros(1) }, f("real.pt"));
    fs.symlinkSync("real.pt", f("link.pt"));
    torch.save(sd(), f("link.pt"));
    expect(fs.lstatSync(f("link.pt")).isSymbolicLink()).toBe(true);
    expect((torch.load(f("real.pt")) as any).w.tolist()).toEqual([[0, 1, 2], [3, 4, 5]]);
    expect(py(`out = torch.load(${JSON.stringify(f("link.pt"))})["w"].tolist()`)).toEqual([[0, 1, 2], [3, 4, 5]]);
  });
  it("creates the target of a dangling symlink", () => {
    fs.symlinkSync("made.pt", f("dangling.pt"));
    torch.save(sd(), f("dangling.pt"));
    expect(fs.lstatSync(f("dangling.pt")).isSymbolicLink()).toBe(true);
    expect(fs.statSync(f("made.pt")).isFile()).toBe(true);
  });
  it("keeps an existing file's mode", () => {
    torch.save(sd(), f("private.pt"));
    fs.chmodSync(f("private.pt"), 0o600);
    torch.save(sd(), f("private.pt"));
    expect(fs.statSync(f("private.pt")).mode & 0o777).toBe(0o600);
  });
  it("keeps hard links (the file is written in place)", () => {
    torch.save({ old: torch.zeros(1) }, f("a.pt"));
    fs.linkSync(f("a.pt"), f("b.pt"));
    torch.save(sd(), f("a.pt"));
    expect(fs.statSync(f("a.pt")).ino).toBe(fs.statSync(f("b.pt")).ino);
    expect((torch.load(f("b.pt")) as any).w.shape).toEqual([2, 3]);
  });
  it("writes straight into a FIFO", async () => {
    execFileSync("mkfifo", [f("pipe")]);
    const reader = spawn("sh", ["-c", `cat ${JSON.stringify(f("pipe"))} > ${JSON.stringify(f("from-pipe.pt"))}`]);
    const done = new Promise((res) => reader.on("exit", res));
    torch.save(sd(), f("pipe"));
    await done;
    expect(fs.statSync(f("pipe")).isFIFO()).toBe(true);
    expect((torch.load(f("from-pipe.pt")) as any).w.tolist()).toEqual([[0, 1, 2], [3, 4, 5]]);
  });
  it("refuses a directory with Python's error", () => {
    fs.mkdirSync(f("folder.pt"));
    expect(() => torch.save(sd(), f("folder.pt"))).toThrow(/Is a directory/);
  });
  it("removes the temporary files of interrupted saves to the same path", () => {
    torch.save(sd(), f("m.pt"));
    // A dead process's leftover, and one of a live process (a save in progress) that must stay.
    const dead = f(".m.pt.999999999.abc123.tmp");
    fs.writeFileSync(dead, "x");
    const sleeper = spawn("sleep", ["30"]);
    const live = f(`.m.pt.${sleeper.pid}.def456.tmp`);
    fs.writeFileSync(live, "y");
    try {
      torch.save(sd(), f("m.pt"));
      expect(fs.existsSync(dead)).toBe(false);
      expect(fs.existsSync(live)).toBe(true);
    } finally {
      sleeper.kill();
    }
    expect(fs.readdirSync(dir).filter((n) => n.startsWith(".m.pt.") && !n.includes(String(sleeper.pid)))).toEqual([]);
  });
  it("leaves no temporary file when the object cannot be saved", () => {
    expect(() => torch.save({ f: () => 1 } as any, f("bad.pt"))).toThrow();
    expect(fs.readdirSync(dir).filter((n) => n.startsWith(".bad.pt"))).toEqual([]);
    expect(fs.existsSync(f("bad.pt"))).toBe(false);
  });
});

describe("records that claim more than the file holds", () => {
  it("a small file whose storage claims 8 GiB is refused before anything is allocated", () => {
    const big = torch.empty(2 ** 31);   // 8 GiB, never touched
    const { pkl } = _pickle({ w: big });
    const chunks: Buffer[] = [];
    const zw = new ZipWriter((c) => chunks.push(Buffer.from(c)), "archive", true);
    zw.writeRecord("data.pkl", pkl);
    zw.writeRecord("byteorder", Buffer.from("little"));
    zw.writeRecord("data/0", Buffer.alloc(16));
    zw.finish();
    const file = Buffer.concat(chunks);
    // Set the ZIP64 sizes of data/0 (local header and central directory) to 8 GiB.
    const name = Buffer.from("archive/data/0");
    let at = 0, patched = 0;
    while ((at = file.indexOf(name, at)) >= 0) {
      const x = at + name.length;
      if (file.readUInt16LE(x) === 1) {
        file.writeBigUInt64LE(8n << 30n, x + 4);
        file.writeBigUInt64LE(8n << 30n, x + 12);
        patched++;
      }
      at = x;
    }
    expect(patched).toBe(2);
    fs.writeFileSync(f("claims8g.pt"), file);
    expect(fs.statSync(f("claims8g.pt")).size).toBeLessThan(4096);
    expect(() => torch.load(f("claims8g.pt"))).toThrow(/PytorchStreamReader failed reading zip archive: record .*data\/0/);
  });
});

describe("loading frees what it is done with", () => {
  it("a synchronous loop of loads holds one checkpoint at a time (no buffer keeps a dropped storage)", () => {
    const t = torch.full([25_000_000], 1.5);   // 100 MB
    torch.save({ t }, f("hundred.pt"));
    t.dispose();
    torch.collect();
    const rss0 = process.memoryUsage().rss;
    let peak = 0;
    for (let i = 0; i < 6; i++) {
      const d = torch.load(f("hundred.pt")) as any;
      expect(d.t.index(-1).item()).toBe(1.5);
      torch.collect();
      peak = Math.max(peak, process.memoryUsage().rss - rss0);
    }
    expect(peak).toBeLessThan(300e6);
  });
});

// The windowed path is the same on every libtorch: it runs on the reference stack only (4 GiB of disk traffic).
describe("storages over 4 GiB", { timeout: 300_000 }, () => {
  // Each step is long: the test yields between them, so the test runner's messages are answered.
  const tick = () => new Promise((r) => setImmediate(r));
  it.skipIf(N.opsTag !== 214)("save and load through torch.save and safetensors without doubling memory", async () => {
    const n = 2 ** 30 + 16;   // 4 GiB + 64 bytes of float32
    const t = torch.zeros(n);
    t.index("-16:").copy_(torch.arange(16, { dtype: torch.float32 }));
    t.index("0:4").fill_(7);
    torch.save({ t }, f("big.pt"));
    await tick();
    expect(fs.statSync(f("big.pt")).size).toBeGreaterThan(n * 4);
    const back = (torch.load(f("big.pt")) as any).t;
    await tick();
    expect(back.shape).toEqual([n]);
    expect(back.index("0:5").tolist()).toEqual([7, 7, 7, 7, 0]);
    expect(back.index("-16:").tolist()).toEqual(Array.from({ length: 16 }, (_, i) => i));
    back.dispose();
    fs.rmSync(f("big.pt"));
    safetensors.save_file({ t }, f("big.safetensors"));
    await tick();
    const st = safetensors.load_file(f("big.safetensors")).t;
    expect(st.index("-3:").tolist()).toEqual([13, 14, 15]);
    expect(st.index("2:5").tolist()).toEqual([7, 7, 0]);
    st.dispose();
    fs.rmSync(f("big.safetensors"));
    t.dispose();
  });
});
