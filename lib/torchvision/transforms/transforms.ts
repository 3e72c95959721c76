// torchvision.transforms: callable transform objects, as transforms.py of the torchvision that goes
// with the linked torch (0.14 with 1.13; lib/version.ts's tv_ flags mark what later releases changed).
// Random transforms draw from torch's default generator with torchvision's calls, so a
// seed gives Python's parameters.
import { inspect } from "node:util";
import { Tensor } from "../../tensor";
import { torch } from "../../torch";
import { float32 } from "../../dtype";
import { Image, type ImageMode } from "../image";
import * as F from "./functional";
import { InterpolationMode, ANTIALIAS_DEFAULT } from "./functional";

/** Base of the transforms: instances are callable, `t(img)` runs `forward(img)`. */
export abstract class Transform {
  constructor() {
    const fn = function (this: unknown, x: any) { return (fn as any).forward(x); };
    Object.setPrototypeOf(fn, new.target.prototype);
    return fn as any;
  }
  abstract forward(x: any): any;
  /** Applies the transform to a batch; see applyBatch. */
  _batch?(x: Batch): Batch | undefined;
  toString(): string { return `${this.constructor.name}()`; }
  [inspect.custom](): string { return this.toString(); }
}
export interface Transform { (x: any): any; }

/**
 * A batch on the datasets' fast path: B mode-L images as one uint8 tensor [B, H, W]
 * (`images`), or a batch of tensor images [B, C, H, W] (`tensor`).
 */
export type Batch = { images: Tensor } | { tensor: Tensor };

/** Runs `transform` on a whole batch when every step can (else undefined); results equal item by item. */
export function applyBatch(transform: unknown, x: Batch): Batch | undefined {
  if (transform == null) return x;
  const t = transform as Transform;
  if (typeof t._batch !== "function") return undefined;
  return t._batch(x);
}

function pyList(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(pyList).join(", ")}]`;
  if (typeof v === "boolean") return v ? "True" : "False";
  if (v === null || v === undefined) return "None";
  return String(v);
}
function pyTuple(v: number[]): string { return v.length === 1 ? `(${v[0]},)` : `(${v.join(", ")})`; }

export class Compose extends Transform {
  constructor(readonly transforms: ((x: any) => any)[]) { super(); }
  forward(img: any): any {
    for (const t of this.transforms) img = t(img);
    return img;
  }
  _batch(x: Batch): Batch | undefined {
    let cur: Batch | undefined = x;
    for (const t of this.transforms) { cur = applyBatch(t, cur!); if (!cur) return undefined; }
    return cur;
  }
  toString(): string { return `Compose(\n${this.transforms.map((t) => `    ${String(t)}`).join("\n")}\n)`; }
}

/** PIL Image or numpy-like HWC array to a float tensor [C, H, W] in [0, 1]. */
export class ToTensor extends Transform {
  forward(pic: any): Tensor { return F.to_tensor(pic); }
  _batch(x: Batch): Batch | undefined {
    // to_tensor of a uint8 mode-L image is img.view(H, W, 1).permute(2, 0, 1).to(float).div(255).
    if ("images" in x) return { tensor: x.images.unsqueeze(1).to(float32).div(255) };
    return undefined;
  }
}

export class PILToTensor extends Transform {
  forward(pic: Image): Tensor { return F.pil_to_tensor(pic); }
  _batch(x: Batch): Batch | undefined { return "images" in x ? { tensor: x.images.unsqueeze(1) } : undefined; }
}

export class ConvertImageDtype extends Transform {
  constructor(readonly dtype: typeof float32) { super(); }
  forward(image: Tensor): Tensor { return F.convert_image_dtype(image, this.dtype); }
}

export class ToPILImage extends Transform {
  constructor(readonly mode: ImageMode | null = null) { super(); }
  forward(pic: Tensor): Image { return F.to_pil_image(pic, this.mode); }
  toString(): string { return `ToPILImage(${this.mode !== null ? `mode=${this.mode}` : ""})`; }
}

export class Normalize extends Transform {
  readonly mean: number[] | number;
  readonly std: number[] | number;
  readonly inplace: boolean;
  constructor(mean: number[] | number | { mean: number[] | number; std: number[] | number; inplace?: boolean }, std?: number[] | number, inplace = false) {
    super();
    if (typeof mean === "object" && !Array.isArray(mean)) ({ mean, std, inplace = false } = mean);
    this.mean = mean as number[] | number;
    this.std = std as number[] | number;
    this.inplace = inplace;
  }
  forward(tensor: Tensor): Tensor { return F.normalize(tensor, this.mean, this.std, this.inplace); }
  _batch(x: Batch): Batch | undefined {
    // The same elementwise sub/div as per item, over [B, C, H, W].
    if (!("tensor" in x)) return undefined;
    return { tensor: F.normalize(x.tensor, this.mean, this.std, false) };
  }
  toString(): string { return `Normalize(mean=${pyList(this.mean)}, std=${pyList(this.std)})`; }
}

type Interp = InterpolationMode | number;
const FROM_PIL: Record<number, InterpolationMode> = { 0: "nearest", 1: "lanczos", 2: "bilinear", 3: "bicubic", 4: "box", 5: "hamming" };

export class Resize extends Transform {
  readonly size: number | number[];
  readonly interpolation: InterpolationMode;
  readonly max_size: number | null;
  readonly antialias: boolean | null;
  constructor(size: number | number[], interpolation: Interp | { interpolation?: Interp; max_size?: number | null; antialias?: boolean | null } = "bilinear", max_size: number | null = null, antialias: boolean | null = ANTIALIAS_DEFAULT) {
    super();
    if (typeof interpolation === "object") ({ interpolation = "bilinear", max_size = null, antialias = ANTIALIAS_DEFAULT } = interpolation);
    if (typeof size !== "number" && !(Array.isArray(size) && (size.length === 1 || size.length === 2)))
      throw new TypeError(`Size should be int or sequence. Got ${typeof size}`);
    this.size = size;
    this.max_size = max_size;
    this.interpolation = typeof interpolation === "number" ? FROM_PIL[interpolation] : interpolation;
    this.antialias = antialias;
  }
  forward(img: Image | Tensor): Image | Tensor { return F.resize(img, this.size, this.interpolation, this.max_size, this.antialias); }
  toString(): string {
    return `Resize(size=${pyList(this.size)}, interpolation=${this.interpolation}, max_size=${pyList(this.max_size)}, antialias=${pyList(this.antialias)})`;
  }
}

function setupSize(size: number | number[], msg: string): number[] {
  if (typeof size === "number") return [Math.trunc(size), Math.trunc(size)];
  if (size.length === 1) return [size[0], size[0]];
  if (size.length !== 2) throw new Error(msg);
  return size;
}

export class CenterCrop extends Transform {
  readonly size: number[];
  constructor(size: number | number[]) { super(); this.size = setupSize(size, "Please provide only two dimensions (h, w) for size."); }
  forward(img: Image | Tensor): Image | Tensor { return F.center_crop(img, this.size); }
  toString(): string { return `CenterCrop(size=${pyTuple(this.size)})`; }
}

export class Pad extends Transform {
  constructor(readonly padding: number | number[], readonly fill = 0, readonly padding_mode = "constant") { super(); }
  forward(img: Image | Tensor): Image | Tensor { return F.pad(img, this.padding, this.fill, this.padding_mode); }
  toString(): string { return `Pad(padding=${pyList(this.padding)}, fill=${this.fill}, padding_mode=${this.padding_mode})`; }
}

export class Grayscale extends Transform {
  constructor(readonly num_output_channels = 1) { super(); }
  forward(img: Image | Tensor): Image | Tensor { return F.rgb_to_grayscale(img, this.num_output_channels); }
  toString(): string { return `Grayscale(num_output_channels=${this.num_output_channels})`; }
}

export class Lambda extends Transform {
  constructor(readonly lambd: (x: any) => any) {
    super();
    if (typeof lambd !== "function") throw new TypeError(`Argument lambd should be callable, got ${typeof lambd}`);
  }
  forward(img: any): any { return this.lambd(img); }
}

export class RandomHorizontalFlip extends Transform {
  constructor(readonly p = 0.5) { super(); }
  forward(img: Image | Tensor): Image | Tensor { return (torch.rand(1).item() as number) < this.p ? F.hflip(img) : img; }
  toString(): string { return `RandomHorizontalFlip(p=${this.p})`; }
}

export class RandomVerticalFlip extends Transform {
  constructor(readonly p = 0.5) { super(); }
  forward(img: Image | Tensor): Image | Tensor { return (torch.rand(1).item() as number) < this.p ? F.vflip(img) : img; }
  toString(): string { return `RandomVerticalFlip(p=${this.p})`; }
}

export class RandomInvert extends Transform {
  constructor(readonly p = 0.5) { super(); }
  forward(img: Image | Tensor): Image | Tensor { return (torch.rand(1).item() as number) < this.p ? F.invert(img) : img; }
  toString(): string { return `RandomInvert(p=${this.p})`; }
}

function setupAngle(x: number | number[], name: string, reqSizes: number[] = [2]): number[] {
  if (typeof x === "number") {
    if (x < 0) throw new Error(`If ${name} is a single number, it must be positive.`);
    return [-x, x];
  }
  checkSequence(x, name, reqSizes);
  return x.map(Number);
}
function checkSequence(x: unknown, name: string, reqSizes: number[]) {
  const msg = reqSizes.length < 2 ? String(reqSizes[0]) : reqSizes.join(" or ");
  if (!Array.isArray(x)) throw new TypeError(`${name} should be a sequence of length ${msg}.`);
  if (!reqSizes.includes(x.length)) throw new Error(`${name} should be a sequence of length ${msg}.`);
}
/** float(torch.empty(1).uniform_(a, b).item()) */
function uniform(a: number, b: number): number { return torch.empty(1).uniform_(a, b).item() as number; }

export interface RandomRotationOptions { interpolation?: Interp; expand?: boolean; center?: number[] | null; fill?: number | number[]; }

export class RandomRotation extends Transform {
  readonly degrees: number[];
  readonly interpolation: InterpolationMode;
  readonly expand: boolean;
  readonly center: number[] | null;
  readonly fill: number | number[];
  constructor(degrees: number | number[], interpolation: Interp | RandomRotationOptions = "nearest", expand = false, center: number[] | null = null, fill: number | number[] = 0) {
    super();
    if (typeof interpolation === "object") ({ interpolation = "nearest", expand = false, center = null, fill = 0 } = interpolation);
    this.degrees = setupAngle(degrees, "degrees", [2]);
    if (center !== null) checkSequence(center, "center", [2]);
    this.center = center;
    this.interpolation = typeof interpolation === "number" ? FROM_PIL[interpolation] : interpolation;
    this.expand = expand;
    this.fill = fill ?? 0;
  }
  static get_params(degrees: number[]): number { return uniform(degrees[0], degrees[1]); }
  forward(img: Image | Tensor): Image | Tensor {
    let fill: number | number[] = this.fill;
    const [channels] = F.get_dimensions(img);
    if (img instanceof Tensor) fill = typeof fill === "number" ? new Array(channels).fill(fill) : fill.map(Number);
    const angle = RandomRotation.get_params(this.degrees);
    return F.rotate(img, angle, this.interpolation, this.expand, this.center, fill);
  }
  toString(): string {
    let s = `RandomRotation(degrees=${pyList(this.degrees)}, interpolation=${this.interpolation}, expand=${pyList(this.expand)}`;
    if (this.center !== null) s += `, center=${pyList(this.center)}`;
    s += `, fill=${pyList(this.fill)})`;
    return s;
  }
}

export interface RandomAffineOptions { translate?: number[] | null; scale?: number[] | null; shear?: number | number[] | null; interpolation?: Interp; fill?: number | number[]; center?: number[] | null; }

export class RandomAffine extends Transform {
  readonly degrees: number[];
  readonly translate: number[] | null;
  readonly scale: number[] | null;
  readonly shear: number[] | null;
  readonly interpolation: InterpolationMode;
  readonly fill: number | number[];
  readonly center: number[] | null;
  constructor(degrees: number | number[], translate: number[] | null | RandomAffineOptions = null, scale: number[] | null = null, shear: number | number[] | null = null,
    interpolation: Interp = "nearest", fill: number | number[] = 0, center: number[] | null = null) {
    super();
    if (translate !== null && !Array.isArray(translate))
      ({ translate = null, scale = null, shear = null, interpolation = "nearest", fill = 0, center = null } = translate);
    this.degrees = setupAngle(degrees, "degrees", [2]);
    if (translate != null) {
      checkSequence(translate, "translate", [2]);
      for (const t of translate as number[]) if (!(t >= 0 && t <= 1)) throw new Error("translation values should be between 0 and 1");
    }
    this.translate = (translate as number[] | null) ?? null;
    if (scale != null) {
      checkSequence(scale, "scale", [2]);
      for (const s of scale) if (s <= 0) throw new Error("scale values should be positive");
    }
    this.scale = scale ?? null;
    this.shear = shear != null ? setupAngle(shear, "shear", [2, 4]) : null;
    this.interpolation = typeof interpolation === "number" ? FROM_PIL[interpolation] : interpolation;
    this.fill = fill ?? 0;
    if (center != null) checkSequence(center, "center", [2]);
    this.center = center ?? null;
  }
  static get_params(degrees: number[], translate: number[] | null, scale_ranges: number[] | null, shears: number[] | null, img_size: number[]): [number, [number, number], number, [number, number]] {
    const angle = uniform(degrees[0], degrees[1]);
    let translations: [number, number] = [0, 0];
    if (translate !== null) {
      const maxDx = translate[0] * img_size[0], maxDy = translate[1] * img_size[1];
      const tx = Math.trunc(pyRoundF(uniform(-maxDx, maxDx)));
      const ty = Math.trunc(pyRoundF(uniform(-maxDy, maxDy)));
      translations = [tx, ty];
    }
    const scale = scale_ranges !== null ? uniform(scale_ranges[0], scale_ranges[1]) : 1.0;
    let shearX = 0, shearY = 0;
    if (shears !== null) {
      shearX = uniform(shears[0], shears[1]);
      if (shears.length === 4) shearY = uniform(shears[2], shears[3]);
    }
    return [angle, translations, scale, [shearX, shearY]];
  }
  forward(img: Image | Tensor): Image | Tensor {
    let fill: number | number[] = this.fill;
    const [channels, height, width] = F.get_dimensions(img);
    if (img instanceof Tensor) fill = typeof fill === "number" ? new Array(channels).fill(fill) : fill.map(Number);
    const [angle, translations, scale, shear] = RandomAffine.get_params(this.degrees, this.translate, this.scale, this.shear, [width, height]);
    return F.affine(img, angle, translations, scale, shear, this.interpolation, fill, this.center);
  }
  toString(): string {
    let s = `RandomAffine(degrees=${pyList(this.degrees)}`;
    if (this.translate !== null) s += `, translate=${pyList(this.translate)}`;
    if (this.scale !== null) s += `, scale=${pyList(this.scale)}`;
    if (this.shear !== null) s += `, shear=${pyList(this.shear)}`;
    if (this.interpolation !== "nearest") s += `, interpolation=${this.interpolation}`;
    if (this.fill !== 0) s += `, fill=${pyList(this.fill)}`;
    if (this.center !== null) s += `, center=${pyList(this.center)}`;
    return s + ")";
  }
}

function pyRoundF(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}


