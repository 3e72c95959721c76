// Image: the role PIL.Image plays for torchvision. Pixels are 8-bit and interleaved
// (modes "1", "L", "LA", "RGB", "RGBA") or one 32-bit band ("I", "F"). Resampling and
// geometry follow Pillow's C code (Resample.c, Geometry.c) so results match PIL's.
import fs from "node:fs";
import path from "node:path";
import { inspect } from "node:util";
import { PNG } from "pngjs";
import jpeg from "jpeg-js";
import { Tensor, type NumpyArray } from "../tensor";
import { torch } from "../torch";

export type ImageMode = "1" | "L" | "LA" | "RGB" | "RGBA" | "I" | "F";
type Pixels = Uint8Array | Int32Array | Float32Array;

const BANDS: Record<ImageMode, string[]> = {
  "1": ["1"], L: ["L"], LA: ["L", "A"], RGB: ["R", "G", "B"], RGBA: ["R", "G", "B", "A"], I: ["I"], F: ["F"],
};

/** PIL's resampling filters (Image.Resampling). */
export const Resampling = { NEAREST: 0, LANCZOS: 1, BILINEAR: 2, BICUBIC: 3, BOX: 4, HAMMING: 5 } as const;
/** PIL's Image.Transform. */
export const Transform = { AFFINE: 0, EXTENT: 1, PERSPECTIVE: 2, QUAD: 3, MESH: 4 } as const;
/** PIL's Image.Transpose. */
export const Transpose = { FLIP_LEFT_RIGHT: 0, FLIP_TOP_BOTTOM: 1, ROTATE_90: 2, ROTATE_180: 3, ROTATE_270: 4, TRANSPOSE: 5, TRANSVERSE: 6 } as const;

export class Image {
  readonly mode: ImageMode;
  readonly width: number;
  readonly height: number;
  /** Interleaved pixels, row-major: data[(y * width + x) * bands + band]. */
  readonly data: Pixels;
  /** The file it was read from, if any (PIL's `filename`). */
  filename = "";
  format: string | null = null;

  constructor(mode: ImageMode, size: [number, number], data?: Pixels) {
    if (!(mode in BANDS)) throw new Error(`unrecognized image mode ${mode}`);
    const [w, h] = size;
    if (!Number.isInteger(w) || !Number.isInteger(h) || w < 0 || h < 0) throw new Error("Width and height must be >= 0");
    this.mode = mode;
    this.width = w;
    this.height = h;
    const n = w * h * BANDS[mode].length;
    this.data = data ?? (mode === "I" ? new Int32Array(n) : mode === "F" ? new Float32Array(n) : new Uint8Array(n));
    if (this.data.length !== n) throw new Error("not enough image data");
  }

  get size(): [number, number] { return [this.width, this.height]; }
  getbands(): string[] { return BANDS[this.mode]; }
  get bands(): number { return BANDS[this.mode].length; }

  // ---- construction ----------------------------------------------------------------
  /** Image.new(mode, size, color): color is a number or one number per band. */
  static new(mode: ImageMode, size: [number, number], color: number | number[] = 0): Image {
    const im = new Image(mode, size);
    const c = Array.isArray(color) ? color : new Array(im.bands).fill(color);
    if (c.length !== im.bands) throw new Error("color must be int or tuple");
    for (let i = 0; i < im.data.length; i++) im.data[i] = c[i % im.bands];
    return im;
  }

  /** Image.open(path): PNG or JPEG. */
  static open(fp: string): Image {
    let buf: Buffer;
    try {
      buf = fs.readFileSync(fp);
    } catch (e: any) {
      const err = new Error(`[Errno 2] No such file or directory: '${fp}'`);
      (err as any).code = e.code;
      throw err;
    }
    let im: Image;
    try {
      if (buf.length >= 8 && buf.readUInt32BE(0) === 0x89504e47) im = decodePng(buf);
      else if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) im = decodeJpeg(buf);
      else throw new Error("unknown format");
    } catch (e: any) {
      throw new Error(`cannot identify image file '${fp}'${e?.message && e.message !== "unknown format" ? ` (${e.message})` : ""}`);
    }
    im.filename = fp;
    return im;
  }

  /**
   * Image.fromarray: a uint8 tensor [H, W] (mode L), [H, W, 2|3|4] (LA, RGB, RGBA), an int32
   * tensor [H, W] (I) or a float32 one (F); also `{ data, shape, dtype }` as Tensor.numpy() returns.
   */
  static fromarray(arr: Tensor | NumpyArray, mode?: ImageMode): Image {
    let t: Tensor = arr instanceof Tensor ? arr : torch.from_numpy(arr);
    t = t.detach().cpu().contiguous();
    const shape = t.shape;
    const dt = t.dtype.name;
    if (shape.length !== 2 && shape.length !== 3) throw new TypeError(`Cannot handle this data type: ${JSON.stringify(shape)}, ${dt}`);
    const [h, w] = shape;
    const c = shape.length === 3 ? shape[2] : 1;
    let m: ImageMode | undefined;
    if (dt === "uint8") m = c === 1 ? "L" : c === 2 ? "LA" : c === 3 ? "RGB" : c === 4 ? "RGBA" : undefined;
    else if (dt === "bool" && c === 1) m = "1";
    else if (dt === "int32" && c === 1) m = "I";
    else if (dt === "float32" && c === 1) m = "F";
    if (mode && mode !== m) {
      // PIL reinterprets the buffer in the asked mode; support the common same-size cases.
      if (!(BANDS[mode] && BANDS[mode].length === c && dt === "uint8" && mode !== "I" && mode !== "F"))
        throw new TypeError(`Cannot handle this data type: (1, 1${c > 1 ? `, ${c}` : ""}), ${dt} as mode ${mode}`);
      m = mode;
    }
    if (!m) throw new TypeError(`Cannot handle this data type: (1, 1${c > 1 ? `, ${c}` : ""}), ${dt}`);
    const np = t.numpy();
    const src = np.data;
    let data: Pixels;
    if (m === "I") data = new Int32Array(src as Int32Array);
    else if (m === "F") data = new Float32Array(src as Float32Array);
    else if (m === "1") data = Uint8Array.from(src as Uint8Array, (v) => (v ? 255 : 0));
    else data = new Uint8Array(src as Uint8Array);
    return new Image(m, [w, h], data);
  }

  copy(): Image {
    const im = new Image(this.mode, this.size, this.data.slice() as Pixels);
    im.filename = this.filename;
    im.format = this.format;
    return im;
  }

  // ---- pixel access ------------------------------------------------------------------
  getpixel(xy: [number, number]): number | number[] {
    const [x, y] = xy;
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) throw new Error("image index out of range");
    const b = this.bands, o = (y * this.width + x) * b;
    return b === 1 ? this.data[o] : Array.from(this.data.subarray(o, o + b));
  }
  putpixel(xy: [number, number], value: number | number[]): void {
    const [x, y] = xy;
    const b = this.bands, o = (y * this.width + x) * b;
    const v = Array.isArray(value) ? value : [value];
    for (let i = 0; i < b; i++) this.data[o + i] = v[i] ?? v[0];
  }
  tobytes(): Buffer { return Buffer.from(this.data.buffer, this.data.byteOffset, this.data.byteLength); }
  /** np.array(img): [H, W] or [H, W, bands] (uint8, int32 or float32; mode "1" is bool). */
  numpy(): NumpyArray {
    const shape = this.bands === 1 ? [this.height, this.width] : [this.height, this.width, this.bands];
    if (this.mode === "1") return { data: Uint8Array.from(this.data as Uint8Array, (v) => (v ? 1 : 0)), shape, dtype: "bool" };
    const dtype = this.mode === "I" ? "int32" : this.mode === "F" ? "float32" : "uint8";
    return { data: this.data.slice() as any, shape, dtype };
  }
  /** torch.tensor(np.array(img)) */
  tensor(): Tensor { return torch.from_numpy(this.numpy()); }

  // ---- conversions -------------------------------------------------------------------
  /** convert(mode): L uses ITU-R 601-2 luma (L = R * 299/1000 + G * 587/1000 + B * 114/1000) as PIL. */
  convert(mode?: ImageMode): Image {
    if (!mode || mode === this.mode) return this.copy();
    const n = this.width * this.height;
    const out = new Image(mode, this.size);
    const src = this.data, dst = out.data;
    const sb = this.bands, db = out.bands;
    const eightBit = (m: ImageMode) => m !== "I" && m !== "F";
    if (eightBit(this.mode) && eightBit(mode)) {
      for (let i = 0; i < n; i++) {
        const s = i * sb;
        let r: number, g: number, b: number, a = 255;
        if (sb >= 3) { r = src[s]; g = src[s + 1]; b = src[s + 2]; if (sb === 4) a = src[s + 3]; }
        else { r = g = b = src[s]; if (sb === 2) a = src[s + 1]; }
        const d = i * db;
        if (mode === "L" || mode === "LA" || mode === "1") {
          const l = sb >= 3 ? (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16 : r;
          dst[d] = mode === "1" ? (l >= 128 ? 255 : 0) : l;
          if (mode === "LA") dst[d + 1] = a;
        } else {
          dst[d] = r; dst[d + 1] = g; dst[d + 2] = b;
          if (mode === "RGBA") dst[d + 3] = a;
        }
      }
      if (mode === "1" && this.mode !== "1") return ditherTo1(this.convert("L"));
      return out;
    }
    // To or from the 32-bit modes: through L.
    const l = eightBit(this.mode) ? (this.mode === "L" ? this : this.convert("L")) : this;
    if (eightBit(mode)) {
      const tmp = new Image("L", this.size);
      for (let i = 0; i < n; i++) tmp.data[i] = l.mode === "F" ? clampByte(Math.round(l.data[i])) : clampByte(l.data[i]);
      return mode === "L" ? tmp : tmp.convert(mode);
    }
    for (let i = 0; i < n; i++) dst[i] = l.data[i];
    return out;
  }

  /** crop([left, upper, right, lower]); the outside is zero, as PIL. */
  crop(box?: [number, number, number, number]): Image {
    if (!box) return this.copy();
    const [x0, y0, x1, y1] = box.map(Math.round);
    if (x1 < x0) throw new Error("Coordinate 'right' is less than 'left'");
    if (y1 < y0) throw new Error("Coordinate 'lower' is less than 'upper'");
    const out = new Image(this.mode, [x1 - x0, y1 - y0]);
    const b = this.bands;
    for (let y = 0; y < out.height; y++) {
      const sy = y + y0;
      if (sy < 0 || sy >= this.height) continue;
      for (let x = 0; x < out.width; x++) {
        const sx = x + x0;
        if (sx < 0 || sx >= this.width) continue;
        const s = (sy * this.width + sx) * b, d = (y * out.width + x) * b;
        for (let c = 0; c < b; c++) out.data[d + c] = this.data[s + c];
      }
    }
    return out;
  }

  /** point(lut | fn): a lookup table of 256 entries per band, or a function of the value. */
  point(lut: number[] | ((v: number) => number)): Image {
    if (this.mode === "I" || this.mode === "F") {
      if (typeof lut !== "function") throw new Error("point operation not supported for this mode");
      const out = this.copy();
      for (let i = 0; i < out.data.length; i++) out.data[i] = lut(out.data[i]);
      return out;
    }
    const b = this.bands;
    let table: number[];
    if (typeof lut === "function") {
      const one = Array.from({ length: 256 }, (_, i) => lut(i));
      table = [];
      for (let k = 0; k < b; k++) table.push(...one);
    } else table = lut;
    if (table.length !== 256 * b) throw new Error("wrong number of lut entries");
    const t = table.map((v) => clampByte(pyRound(v)));
    const out = this.copy();
    for (let i = 0; i < out.data.length; i++) out.data[i] = t[(i % b) * 256 + out.data[i]];
    return out;
  }

  transpose(method: number): Image {
    const w = this.width, h = this.height, b = this.bands;
    const swap = method === Transpose.ROTATE_90 || method === Transpose.ROTATE_270 || method === Transpose.TRANSPOSE || method === Transpose.TRANSVERSE;
    const out = new Image(this.mode, swap ? [h, w] : [w, h]);
    for (let y = 0; y < out.height; y++) for (let x = 0; x < out.width; x++) {
      let sx: number, sy: number;
      switch (method) {
        case Transpose.FLIP_LEFT_RIGHT: sx = w - 1 - x; sy = y; break;
        case Transpose.FLIP_TOP_BOTTOM: sx = x; sy = h - 1 - y; break;
        case Transpose.ROTATE_180: sx = w - 1 - x; sy = h - 1 - y; break;
        case Transpose.ROTATE_90: sx = w - 1 - y; sy = x; break;
        case Transpose.ROTATE_270: sx = y; sy = h - 1 - x; break;
        case Transpose.TRANSPOSE: sx = y; sy = x; break;
        case Transpose.TRANSVERSE: sx = w - 1 - y; sy = h - 1 - x; break;
        default: throw new Error("No such transpose operation");
      }
      const s = (sy * w + sx) * b, d = (y * out.width + x) * b;
      for (let c = 0; c < b; c++) out.data[d + c] = this.data[s + c];
    }
    return out;
  }

  // ---- geometry ----------------------------------------------------------------------
  /**
   * resize([w, h], resample = BICUBIC, box): Pillow's two-pass convolution resampling
   * (antialiased; 8-bit images in 22-bit fixed point), NEAREST by Pillow's affine scaling.
   */
  resize(size: [number, number], resample?: number | null, box?: [number, number, number, number] | null): Image {
    const [w, h] = size;
    if (!Number.isInteger(w) || !Number.isInteger(h) || w < 0 || h < 0) throw new Error("height and width must be > 0");
    let filter = resample ?? Resampling.BICUBIC;
    if (this.mode === "1") filter = Resampling.NEAREST;
    if (!Object.values(Resampling).includes(filter as any)) throw new Error(`Unknown resampling filter (${filter}).`);
    const bx = box ?? [0, 0, this.width, this.height];
    if (w === this.width && h === this.height && bx[0] === 0 && bx[1] === 0 && bx[2] === w && bx[3] === h) return this.copy();
    if (filter === Resampling.NEAREST) {
      const a = [(bx[2] - bx[0]) / w, 0, bx[0], 0, (bx[3] - bx[1]) / h, bx[1]];
      const out = new Image(this.mode, [w, h]);
      scaleAffine(out, this, a);
      return out;
    }
    return resample2pass(this, w, h, FILTERS[filter], bx.map(Math.fround) as [number, number, number, number]);
  }

  /** rotate(angle, resample = NEAREST, expand, center, translate, fillcolor): counter-clockwise degrees, as PIL. */
  rotate(angle: number, resample: number | { resample?: number; expand?: boolean; center?: [number, number] | null; translate?: [number, number] | null; fillcolor?: number | number[] | null } = Resampling.NEAREST,
    expand = false, center: [number, number] | null = null, translate: [number, number] | null = null, fillcolor: number | number[] | null = null): Image {
    if (typeof resample === "object") ({ resample = Resampling.NEAREST, expand = false, center = null, translate = null, fillcolor = null } = resample);
    angle = ((angle % 360) + 360) % 360;
    if (!(center || translate)) {
      if (angle === 0) return this.copy();
      if (angle === 180) return this.transpose(Transpose.ROTATE_180);
      if ((angle === 90 || angle === 270) && (expand || this.width === this.height))
        return this.transpose(angle === 90 ? Transpose.ROTATE_90 : Transpose.ROTATE_270);
    }
    let [w, h] = this.size;
    const post = translate ?? [0, 0];
    const c = center ?? [w / 2, h / 2];
    const rad = -(angle * Math.PI) / 180;
    const m = [round15(Math.cos(rad)), round15(Math.sin(rad)), 0, round15(-Math.sin(rad)), round15(Math.cos(rad)), 0];
    const tf = (x: number, y: number): [number, number] => [m[0] * x + m[1] * y + m[2], m[3] * x + m[4] * y + m[5]];
    [m[2], m[5]] = tf(-c[0] - post[0], -c[1] - post[1]);
    m[2] += c[0];
    m[5] += c[1];
    if (expand) {
      const xx: number[] = [], yy: number[] = [];
      for (const [x, y] of [[0, 0], [w, 0], [w, h], [0, h]]) { const [a, b] = tf(x, y); xx.push(a); yy.push(b); }
      const nw = Math.ceil(Math.max(...xx)) - Math.floor(Math.min(...xx));
      const nh = Math.ceil(Math.max(...yy)) - Math.floor(Math.min(...yy));
      [m[2], m[5]] = tf(-(nw - w) / 2, -(nh - h) / 2);
      w = nw; h = nh;
    }
    return this.transform([w, h], Transform.AFFINE, m, resample as number, 1, fillcolor);
  }

  /** transform(size, AFFINE, data, resample = NEAREST, fill, fillcolor): `data` maps output to input pixels. */
  transform(size: [number, number], method: number, data: number[], resample: number = Resampling.NEAREST, fill = 1, fillcolor: number | number[] | null = null): Image {
    if (method !== Transform.AFFINE && method !== Transform.EXTENT) throw new Error("unknown transformation method");
    if (resample !== Resampling.NEAREST) throw new Error(`resample=${resample}: only Image.Resampling.NEAREST (0) is supported for transform`);
    const out = Image.new(this.mode, size, fillcolor ?? 0);
    let a = data.slice(0, 6);
    if (method === Transform.EXTENT) {
      const [x0, y0, x1, y1] = data;
      a = [(x1 - x0) / size[0], 0, x0, 0, (y1 - y0) / size[1], y0];
    }
    affineNearest(out, this, a, fillcolor === null && fill ? 1 : 0);
    return out;
  }

  // ---- output ------------------------------------------------------------------------
  /** save(path): PNG (or JPEG by extension, quality 75). */
  save(fp: string, format?: string): void {
    const ext = (format ?? path.extname(fp).slice(1)).toLowerCase();
    let buf: Buffer;
    if (ext === "png") buf = encodePng(this);
    else if (ext === "jpg" || ext === "jpeg") {
      const rgb = this.mode === "RGB" || this.mode === "RGBA" ? this : this.convert("RGB");
      const rgba = rgb.mode === "RGBA" ? rgb : rgb.convert("RGBA");
      buf = jpeg.encode({ data: rgba.data as Uint8Array, width: this.width, height: this.height }, 75).data as Buffer;
    } else throw new Error(`unknown file extension: .${ext}`);
    fs.mkdirSync(path.dirname(path.resolve(fp)), { recursive: true });
    fs.writeFileSync(fp, buf);
  }

  toString(): string { return `<Image mode=${this.mode} size=${this.width}x${this.height}>`; }
  [inspect.custom](): string { return this.toString(); }
}

/** PIL.ImageOps: the few the tutorials use. */
export const ImageOps = {
  /** invert(image): 255 - v for modes 1, L and RGB. */
  invert(image: Image): Image {
    if (image.mode !== "L" && image.mode !== "RGB" && image.mode !== "1") throw new Error("not supported for this image mode");
    return image.point((i) => 255 - i);
  },
  grayscale(image: Image): Image { return image.convert("L"); },
  mirror(image: Image): Image { return image.transpose(Transpose.FLIP_LEFT_RIGHT); },
  flip(image: Image): Image { return image.transpose(Transpose.FLIP_TOP_BOTTOM); },
};

// ---- helpers ---------------------------------------------------------------------------
function clampByte(v: number): number { return v < 0 ? 0 : v > 255 ? 255 : v | 0; }
function round15(v: number): number { return pyRound(v * 1e15) / 1e15; }

/** Python's round(): halves to even. */
export function pyRound(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function ditherTo1(im: Image): Image {
  // Floyd-Steinberg, as PIL's default convert("1") (Convert.c, tobilevel).
  const w = im.width, h = im.height;
  const out = new Image("1", [w, h]);
  const errors = new Int32Array(w + 1);
  for (let y = 0; y < h; y++) {
    let l = 0, l0 = 0, l1 = 0;
    let x = 0;
    for (; x < w; x++) {
      l = clampByte(im.data[y * w + x] + Math.trunc((l + errors[x + 1]) / 16));
      const o = l > 128 ? 255 : 0;
      out.data[y * w + x] = o;
      l -= o;
      const l2 = l, d2 = l + l;
      l += d2;
      errors[x] = l + l0;
      l += d2;
      l0 = l + l1;
      l1 = l2;
      l += d2;
    }
    errors[x] = l0;
  }
  return out;
}

export function decodePng(buf: Buffer): Image {
  const png = PNG.sync.read(buf);
  const { width, height, colorType } = png as any;
  const rgba = png.data;
  const n = width * height;
  const mode: ImageMode = colorType === 0 ? "L" : colorType === 4 ? "LA" : colorType === 2 ? "RGB" : colorType === 6 ? "RGBA"
    : (png as any).alpha ? "RGBA" : "RGB";
  const im = new Image(mode, [width, height]);
  const b = im.bands;
  for (let i = 0; i < n; i++) {
    const s = i * 4, d = i * b;
    if (b === 1) im.data[d] = rgba[s];
    else if (b === 2) { im.data[d] = rgba[s]; im.data[d + 1] = rgba[s + 3]; }
    else { im.data[d] = rgba[s]; im.data[d + 1] = rgba[s + 1]; im.data[d + 2] = rgba[s + 2]; if (b === 4) im.data[d + 3] = rgba[s + 3]; }
  }
  im.format = "PNG";
  return im;
}

function jpegComponents(buf: Buffer): number {
  let o = 2;
  while (o + 9 < buf.length) {
    if (buf[o] !== 0xff) { o++; continue; }
    const marker = buf[o + 1];
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return buf[o + 9];
    o += 2 + buf.readUInt16BE(o + 2);
  }
  return 3;
}

// @napi-rs/canvas (an optional peer dependency) decodes with libjpeg-turbo's islow IDCT and
// fancy upsampling, as Pillow does, so its pixels equal PIL's; jpeg-js is the fallback
// where it is not installed (its 4:2:0 chroma upsampling differs from PIL's by up to ~80).
let canvasMod: typeof import("@napi-rs/canvas") | null | undefined;
function canvasModule(): typeof import("@napi-rs/canvas") | null {
  if (canvasMod === undefined) {
    try { canvasMod = require("@napi-rs/canvas"); } catch { canvasMod = null; }
  }
  return canvasMod!;
}

// Skia turns the pixels by the EXIF orientation and may convert colours by an embedded ICC
// profile; PIL's open does neither. A copy whose Exif (APP1) and ICC_PROFILE (APP2) segments are
// relabelled APP15, which decoders skip, decodes as PIL's.
function withoutMetadata(buf: Uint8Array): Uint8Array {
  let out: Uint8Array | null = null;
  for (let o = 2; o + 4 <= buf.length && buf[o] === 0xff;) {
    const marker = buf[o + 1];
    if (marker === 0xda || marker === 0xd9) break; // start of scan: no more metadata
    const len = (buf[o + 2] << 8) | buf[o + 3];
    const tag = String.fromCharCode(...buf.subarray(o + 4, o + 15));
    if ((marker === 0xe1 && tag.startsWith("Exif")) || (marker === 0xe2 && tag === "ICC_PROFILE")) (out ??= Uint8Array.from(buf))[o + 1] = 0xef;
    o += 2 + len;
  }
  return out ?? buf;
}

/** RGB (or, for a one-component file, L) pixels of a JPEG, as PIL's Image.open decodes them. */
export function decodeJpeg(buf: Uint8Array): Image {
  const gray = jpegComponents(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength)) === 1;
  const cv = canvasModule();
  let w: number, h: number, rgba: ArrayLike<number>, step: number;
  if (cv) {
    const img = new cv.Image();
    img.src = withoutMetadata(buf);
    if (!img.complete || !img.width) throw new Error("broken data stream when reading image file");
    w = img.width; h = img.height;
    const ctx = cv.createCanvas(w, h).getContext("2d");
    ctx.drawImage(img, 0, 0);
    rgba = ctx.getImageData(0, 0, w, h).data; step = 4;
  } else {
    const raw = jpeg.decode(buf, { useTArray: true, formatAsRGBA: false });
    w = raw.width; h = raw.height; rgba = raw.data; step = 3;
  }
  const im = new Image(gray ? "L" : "RGB", [w, h]);
  const b = im.bands;
  for (let i = 0; i < w * h; i++) for (let c = 0; c < b; c++) im.data[i * b + c] = rgba[i * step + c];
  im.format = "JPEG";
  return im;
}

function encodePng(im: Image): Buffer {
  let src = im;
  if (im.mode === "I" || im.mode === "F") src = im.convert("L");
  const colorType = src.mode === "RGB" ? 2 : src.mode === "RGBA" ? 6 : src.mode === "LA" ? 4 : 0;
  const png = new PNG({ width: src.width, height: src.height, colorType, inputColorType: colorType, inputHasAlpha: colorType === 6 || colorType === 4, bitDepth: 8 } as any);
  png.data = Buffer.from(src.data.buffer, src.data.byteOffset, src.data.byteLength);
  return PNG.sync.write(png, { colorType, inputColorType: colorType, inputHasAlpha: colorType === 6 || colorType === 4, bitDepth: 8 } as any);
}

// ---- Pillow's resampling (Resample.c) ------------------------------------------------
interface Filter { filter: (x: number) => number; support: number }
const sinc = (x: number) => (x === 0 ? 1 : Math.sin(x * Math.PI) / (x * Math.PI));
const FILTERS: Record<number, Filter> = {
  [Resampling.BOX]: { support: 0.5, filter: (x) => (x > -0.5 && x <= 0.5 ? 1 : 0) },
  [Resampling.BILINEAR]: { support: 1, filter: (x) => { x = Math.abs(x); return x < 1 ? 1 - x : 0; } },
  [Resampling.HAMMING]: {
    support: 1, filter: (x) => {
      x = Math.abs(x);
      if (x === 0) return 1;
      if (x >= 1) return 0;
      x *= Math.PI;
      return (Math.sin(x) / x) * (Math.fround(0.54) + Math.fround(0.46) * Math.cos(x));
    },
  },
  [Resampling.BICUBIC]: {
    support: 2, filter: (x) => {
      const a = -0.5;
      x = Math.abs(x);
      if (x < 1) return ((a + 2) * x - (a + 3)) * x * x + 1;
      if (x < 2) return (((x - 5) * x + 8) * x - 4) * a;
      return 0;
    },
  },
  [Resampling.LANCZOS]: { support: 3, filter: (x) => (x >= -3 && x < 3 ? sinc(x) * sinc(x / 3) : 0) },
};

const PRECISION_BITS = 32 - 8 - 2;

function precomputeCoeffs(inSize: number, in0: number, in1: number, outSize: number, f: Filter) {
  let filterscale = (in1 - in0) / outSize;
  const scale = filterscale;
  if (filterscale < 1) filterscale = 1;
  const support = f.support * filterscale;
  const ksize = Math.ceil(support) * 2 + 1;
  const kk = new Float64Array(outSize * ksize);
  const bounds = new Int32Array(outSize * 2);
  for (let xx = 0; xx < outSize; xx++) {
    const center = in0 + (xx + 0.5) * scale;
    let ww = 0;
    const ss = 1 / filterscale;
    let xmin = Math.trunc(center - support + 0.5);
    if (xmin < 0) xmin = 0;
    let xmax = Math.trunc(center + support + 0.5);
    if (xmax > inSize) xmax = inSize;
    xmax -= xmin;
    const k = xx * ksize;
    for (let x = 0; x < xmax; x++) { const w = f.filter((x + xmin - center + 0.5) * ss); kk[k + x] = w; ww += w; }
    for (let x = 0; x < xmax; x++) if (ww !== 0) kk[k + x] /= ww;
    bounds[xx * 2] = xmin;
    bounds[xx * 2 + 1] = xmax;
  }
  return { ksize, kk, bounds };
}

function normalize8(kk: Float64Array): Int32Array {
  const out = new Int32Array(kk.length);
  const s = 1 << PRECISION_BITS;
  for (let i = 0; i < kk.length; i++) out[i] = kk[i] < 0 ? Math.trunc(-0.5 + kk[i] * s) : Math.trunc(0.5 + kk[i] * s);
  return out;
}

function clip8(v: number): number {
  const r = v >> PRECISION_BITS;
  return r < 0 ? 0 : r > 255 ? 255 : r;
}

/** One pass along x (horizontal) or y; `offset` skips rows the vertical pass won't use. */
function resamplePass(src: Image, outW: number, outH: number, horizontal: boolean, offset: number, ksize: number, bounds: Int32Array, kk: Float64Array): Image {
  const out = new Image(src.mode, [outW, outH]);
  const b = src.bands, sw = src.width;
  const sd = src.data, od = out.data;
  const eight = src.mode !== "I" && src.mode !== "F";
  const ik = eight ? normalize8(kk) : null;
  const half = 1 << (PRECISION_BITS - 1);
  for (let yy = 0; yy < outH; yy++) {
    for (let xx = 0; xx < outW; xx++) {
      const j = horizontal ? xx : yy;
      const min = bounds[j * 2], cnt = bounds[j * 2 + 1], k0 = j * ksize;
      for (let c = 0; c < b; c++) {
        if (eight) {
          let ss = half;
          if (horizontal) { const row = (yy + offset) * sw; for (let x = 0; x < cnt; x++) ss += sd[(row + x + min) * b + c] * ik![k0 + x]; }
          else for (let y = 0; y < cnt; y++) ss += sd[((y + min) * sw + xx) * b + c] * ik![k0 + y];
          od[(yy * outW + xx) * b + c] = clip8(ss);
        } else {
          let ss = 0;
          if (horizontal) { const row = (yy + offset) * sw; for (let x = 0; x < cnt; x++) ss += sd[(row + x + min) * b + c] * kk[k0 + x]; }
          else for (let y = 0; y < cnt; y++) ss += sd[((y + min) * sw + xx) * b + c] * kk[k0 + y];
          od[(yy * outW + xx) * b + c] = src.mode === "I" ? (ss >= 0 ? Math.trunc(ss + 0.5) : Math.trunc(ss - 0.5)) : ss;
        }
      }
    }
  }
  return out;
}

function resample2pass(im: Image, xsize: number, ysize: number, f: Filter, box: [number, number, number, number]): Image {
  const needH = xsize !== im.width || box[0] !== 0 || box[2] !== xsize;
  const needV = ysize !== im.height || box[1] !== 0 || box[3] !== ysize;
  const h = precomputeCoeffs(im.width, box[0], box[2], xsize, f);
  const v = precomputeCoeffs(im.height, box[1], box[3], ysize, f);
  const yFirst = v.bounds[0];
  const yLast = v.bounds[ysize * 2 - 2] + v.bounds[ysize * 2 - 1];
  let cur = im;
  if (needH) {
    for (let i = 0; i < ysize; i++) v.bounds[i * 2] -= yFirst;
    cur = resamplePass(im, xsize, yLast - yFirst, true, yFirst, h.ksize, h.bounds, h.kk);
  }
  if (needV) cur = resamplePass(cur, cur.width, ysize, false, 0, v.ksize, v.bounds, v.kk);
  return cur === im ? im.copy() : cur;
}

// ---- Pillow's affine nearest (Geometry.c) ----------------------------------------------
const COORD = (v: number) => (v < 0 ? -1 : Math.trunc(v));

function copyPixel(out: Image, o: number, im: Image, s: number, b: number) {
  for (let c = 0; c < b; c++) out.data[o * b + c] = im.data[s * b + c];
}
function clearPixel(out: Image, o: number, b: number) { for (let c = 0; c < b; c++) out.data[o * b + c] = 0; }

/** ImagingScaleAffine: a[1] == a[3] == 0. */
function scaleAffine(out: Image, im: Image, a: number[], fill = 1) {
  const b = im.bands;
  const xin = new Int32Array(out.width).fill(-1);
  let xo = a[2] + a[0] * 0.5;
  for (let x = 0; x < out.width; x++) {
    const v = COORD(xo);
    if (v >= 0 && v < im.width) xin[x] = v;
    xo += a[0];
  }
  let yo = a[5] + a[4] * 0.5;
  for (let y = 0; y < out.height; y++) {
    const yi = COORD(yo);
    for (let x = 0; x < out.width; x++) {
      if (yi >= 0 && yi < im.height && xin[x] >= 0) copyPixel(out, y * out.width + x, im, yi * im.width + xin[x], b);
      else if (fill) clearPixel(out, y * out.width + x, b);
    }
    yo += a[4];
  }
}

function checkFixed(a: number[], x: number, y: number) {
  return Math.abs(x * a[0] + y * a[1] + a[2]) < 32768 && Math.abs(x * a[3] + y * a[4] + a[5]) < 32768;
}

/** ImagingTransformAffine with NEAREST: 16.16 fixed point when it fits, as Pillow. */
function affineNearest(out: Image, im: Image, a: number[], fill: number) {
  if (a[1] === 0 && a[3] === 0) return scaleAffine(out, im, a, fill);
  const b = im.bands, w = out.width, h = out.height;
  if (checkFixed(a, 0, 0) && checkFixed(a, w, h) && checkFixed(a, 0, h) && checkFixed(a, w, 0)) {
    const FIX = (v: number) => Math.floor(v * 65536 + 0.5) | 0;
    const a0 = FIX(a[0]), a1 = FIX(a[1]), a3 = FIX(a[3]), a4 = FIX(a[4]);
    let a2 = FIX(a[2] + a[0] * 0.5 + a[1] * 0.5), a5 = FIX(a[5] + a[3] * 0.5 + a[4] * 0.5);
    for (let y = 0; y < h; y++) {
      let xx = a2, yy = a5;
      for (let x = 0; x < w; x++) {
        const o = y * w + x;
        if (fill) clearPixel(out, o, b);
        const xi = xx >> 16;
        if (xi >= 0 && xi < im.width) {
          const yi = yy >> 16;
          if (yi >= 0 && yi < im.height) copyPixel(out, o, im, yi * im.width + xi, b);
        }
        xx = (xx + a0) | 0;
        yy = (yy + a3) | 0;
      }
      a2 = (a2 + a1) | 0;
      a5 = (a5 + a4) | 0;
    }
    return;
  }
  let xo = a[2] + a[1] * 0.5 + a[0] * 0.5, yo = a[5] + a[4] * 0.5 + a[3] * 0.5;
  for (let y = 0; y < h; y++) {
    let xx = xo, yy = yo;
    for (let x = 0; x < w; x++) {
      const o = y * w + x;
      if (fill) clearPixel(out, o, b);
      const xi = COORD(xx);
      if (xi >= 0 && xi < im.width) {
        const yi = COORD(yy);
        if (yi >= 0 && yi < im.height) copyPixel(out, o, im, yi * im.width + xi, b);
      }
      xx += a[0];
      yy += a[3];
    }
    xo += a[1];
    yo += a[4];
  }
}
