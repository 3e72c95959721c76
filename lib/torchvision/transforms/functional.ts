// torchvision.transforms.functional: each function takes an Image (PIL's role) or a tensor
// image [..., C, H, W], as torchvision's functional.py / functional_pil.py / functional_tensor.py
// (0.14 with torch 1.13; the release of the linked torch, where lib/version.ts's tv_ flags say it differs).
import { Tensor } from "../../tensor";
import { torch } from "../../torch";
import { float32, float64, uint8, int32, int16 } from "../../dtype";
import { Image, ImageOps, Resampling, pyRound, type ImageMode } from "../image";
import { V } from "../../version";

export const InterpolationMode = {
  NEAREST: "nearest", BILINEAR: "bilinear", BICUBIC: "bicubic", BOX: "box", HAMMING: "hamming", LANCZOS: "lanczos",
} as const;
export type InterpolationMode = (typeof InterpolationMode)[keyof typeof InterpolationMode];
const PIL_MODES: Record<string, number> = {
  nearest: Resampling.NEAREST, bilinear: Resampling.BILINEAR, bicubic: Resampling.BICUBIC,
  box: Resampling.BOX, hamming: Resampling.HAMMING, lanczos: Resampling.LANCZOS,
};
const FROM_INT: Record<number, InterpolationMode> = { 0: "nearest", 2: "bilinear", 3: "bicubic", 4: "box", 5: "hamming", 1: "lanczos" };
function interp(m: InterpolationMode | number): InterpolationMode {
  if (typeof m === "number") return FROM_INT[m];
  if (!(Object.values(InterpolationMode) as string[]).includes(m))
    throw new TypeError(`Argument interpolation should be a InterpolationMode${V.tv_interpolation_int ? " or a corresponding Pillow integer constant" : ""}`);
  return m;
}

function isImage(x: unknown): x is Image { return x instanceof Image; }
function assertImageTensor(img: unknown): asserts img is Tensor {
  if (!(img instanceof Tensor) || img.dim() < 2) throw new TypeError("Tensor is not a torch image.");
}

/** [channels, height, width] */
export function get_dimensions(img: Image | Tensor): [number, number, number] {
  if (isImage(img)) return [img.bands, img.height, img.width];
  assertImageTensor(img);
  const s = img.shape;
  return [s.length === 2 ? 1 : s[s.length - 3], s[s.length - 2], s[s.length - 1]];
}
export function get_image_size(img: Image | Tensor): [number, number] { const [, h, w] = get_dimensions(img); return [w, h]; }
export function get_image_num_channels(img: Image | Tensor): number { return get_dimensions(img)[0]; }

/** PIL Image (or numpy-like { data, shape, dtype } HWC) to a float tensor [C, H, W] in [0, 1]. */
export function to_tensor(pic: Image | { data: ArrayBufferView; shape: number[]; dtype: string }): Tensor {
  if (isImage(pic)) {
    let img: Tensor;
    if (pic.mode === "I" || pic.mode === "F") img = torch.from_numpy(pic.numpy());
    else if (pic.mode === "1") img = torch.from_numpy({ data: pic.numpy().data, shape: [pic.height, pic.width], dtype: "uint8" }).mul(255);
    else img = torch.from_numpy(pic.numpy());
    img = img.view(pic.height, pic.width, pic.bands).permute([2, 0, 1]).contiguous();
    return img.dtype === uint8 ? img.to(float32).div(255) : img;
  }
  if (pic && typeof pic === "object" && "shape" in pic && "data" in pic) {
    if (pic.shape.length !== 2 && pic.shape.length !== 3) throw new Error(`pic should be 2/3 dimensional. Got ${pic.shape.length} dimensions.`);
    let t = torch.from_numpy(pic as any);
    if (t.dim() === 2) t = t.unsqueeze(2);
    const img = t.permute([2, 0, 1]).contiguous();
    return img.dtype === uint8 ? img.to(float32).div(255) : img;
  }
  throw new TypeError(`pic should be PIL Image or ndarray. Got ${typeName(pic)}`);
}

/** PIL Image to a tensor [C, H, W] of its own dtype (uint8 for 8-bit modes). */
export function pil_to_tensor(pic: Image): Tensor {
  if (!isImage(pic)) throw new TypeError(`pic should be PIL Image. Got ${typeName(pic)}`);
  return torch.from_numpy(pic.numpy()).view(pic.height, pic.width, pic.bands).permute([2, 0, 1]);
}

/** Tensor [C, H, W] or [H, W] (floats are scaled by 255 then truncated to uint8) to an Image. */
export function to_pil_image(pic: Tensor, mode?: ImageMode | null): Image {
  if (!(pic instanceof Tensor)) throw new TypeError(`pic should be Tensor or ndarray. Got ${typeName(pic)}.`);
  if (pic.dim() !== 2 && pic.dim() !== 3) throw new Error(`pic should be 2/3 dimensional. Got ${pic.dim()} dimensions.`);
  if (pic.dim() === 2) pic = pic.unsqueeze(0);
  if (pic.size(-3) > 4) throw new Error(`pic should not have > 4 channels. Got ${pic.size(-3)} channels.`);
  if (pic.is_floating_point() && mode !== "F") pic = pic.mul(255).byte();
  let np = pic.cpu().permute([1, 2, 0]).contiguous();
  const c = np.size(2);
  let expected: ImageMode | undefined;
  if (c === 1) {
    np = np.index(":", ":", 0);
    const dt = np.dtype;
    expected = dt === uint8 ? "L" : dt === int32 ? "I" : dt === float32 ? "F" : undefined;
    if (dt === int16) throw new TypeError("Input type int16 is not supported");
    if (mode != null && mode !== expected) throw new Error(`Incorrect mode (${mode}) supplied for input type ${np.dtype.name}. Should be ${expected}`);
    mode = expected;
  } else if (c === 2) {
    if (mode != null && mode !== "LA") throw new Error("Only modes ['LA'] are supported for 2D inputs");
    if (mode == null && np.dtype === uint8) mode = "LA";
  } else if (c === 4) {
    if (mode != null && mode !== "RGBA") throw new Error("Only modes ['RGBA', 'CMYK', 'RGBX'] are supported for 4D inputs");
    if (mode == null && np.dtype === uint8) mode = "RGBA";
  } else {
    if (mode != null && mode !== "RGB") throw new Error("Only modes ['RGB', 'YCbCr', 'HSV'] are supported for 3D inputs");
    if (mode == null && np.dtype === uint8) mode = "RGB";
  }
  if (mode == null) throw new TypeError(`Input type ${np.dtype.name} is not supported`);
  return Image.fromarray(np, mode);
}

/** (tensor - mean) / std per channel, on a float tensor [..., C, H, W]. */
export function normalize(tensor: Tensor, mean: number[] | number, std: number[] | number, inplace = false): Tensor {
  if (!(tensor instanceof Tensor)) throw new TypeError(`img should be Tensor Image. Got ${typeName(tensor)}`);
  if (!tensor.is_floating_point()) throw new TypeError(`Input tensor should be a float tensor. Got ${tensor.dtype}.`);
  if (tensor.dim() < 3) throw new Error(`Expected tensor to be a tensor image of size (..., C, H, W). Got tensor.size() = ${tensor.shape}`);
  if (!inplace) tensor = tensor.clone();
  const dt = tensor.dtype;
  let m = torch.as_tensor(mean as any, { dtype: dt, device: tensor.device });
  let s = torch.as_tensor(std as any, { dtype: dt, device: tensor.device });
  if (s.eq(0).any().item()) throw new Error(`std evaluated to zero after conversion to ${dt}, leading to division by zero.`);
  if (m.dim() === 1) m = m.view(-1, 1, 1);
  if (s.dim() === 1) s = s.view(-1, 1, 1);
  return tensor.sub_(m).div_(s);
}

function computeResizedOutputSize([h, w]: [number, number], size: number[], max_size: number | null): [number, number] {
  if (size.length === 1) {
    const [short, long] = w <= h ? [w, h] : [h, w];
    const req = size[0];
    let newShort = req, newLong = Math.trunc((req * long) / short);
    if (max_size != null) {
      if (max_size <= req) throw new Error(`max_size = ${max_size} must be strictly greater than the requested size for the smaller edge size = [${size}]`);
      if (newLong > max_size) { newShort = Math.trunc((max_size * newShort) / newLong); newLong = max_size; }
    }
    const [nw, nh] = w <= h ? [newShort, newLong] : [newLong, newShort];
    return [nh, nw];
  }
  return [size[0], size[1]];
}

/** Resize's and resize's default antialias: true since torchvision 0.17, null (false for tensors) before. */
export const ANTIALIAS_DEFAULT: boolean | null = V.tv_antialias_default ? true : null;

/**
 * resize(img, size): an int resizes the smaller edge; [h, w] is exact. Images use PIL's antialiased
 * filters; tensors antialias (bilinear and bicubic) when `antialias` is true.
 */
export function resize(img: Image | Tensor, size: number | number[], interpolation: InterpolationMode | number = "bilinear", max_size: number | null = null, antialias: boolean | null = ANTIALIAS_DEFAULT): Image | Tensor {
  const mode = interp(interpolation);
  const sz = typeof size === "number" ? [size] : size;
  if (sz.length !== 1 && sz.length !== 2) throw new Error(`Size must be an int or a 1 or 2 element tuple/list, not a ${sz.length} element tuple/list`);
  if (max_size != null && sz.length !== 1) throw new Error("max_size should only be passed if size specifies the length of the smaller edge, i.e. size should be an int or a sequence of length 1 in torchscript mode.");
  const [, h, w] = get_dimensions(img);
  const [oh, ow] = computeResizedOutputSize([h, w], sz, max_size);
  if (oh === h && ow === w) return img;
  if (isImage(img)) return img.resize([ow, oh], PIL_MODES[mode]);
  return resizeTensor(img, [oh, ow], mode, antialias ?? false);
}

function castSqueezeIn(img: Tensor, req: typeof float32[]) {
  let needSqueeze = false;
  if (img.dim() < 4) { img = img.unsqueeze(0); needSqueeze = true; }
  const outDtype = img.dtype;
  let needCast = false;
  if (!req.includes(outDtype)) { needCast = true; img = img.to(req[0]); }
  return { img, needCast, needSqueeze, outDtype };
}
function castSqueezeOut(img: Tensor, needCast: boolean, needSqueeze: boolean, outDtype: typeof float32): Tensor {
  if (needSqueeze) img = img.squeeze(0);
  if (needCast) {
    if (outDtype === uint8 || outDtype === int16 || outDtype === int32 || outDtype.name === "int8" || outDtype.name === "int64") img = torch.round(img);
    img = img.to(outDtype);
  }
  return img;
}

function resizeTensor(img: Tensor, size: [number, number], mode: InterpolationMode, antialias: boolean): Tensor {
  if (antialias && mode !== "bilinear" && mode !== "bicubic") {
    // torchvision 0.17 ignores it there (true being the default); 0.14 refuses it.
    if (V.tv_antialias_default) antialias = false;
    else throw new Error("Antialias option is supported for bilinear and bicubic interpolation modes only");
  }
  const c = castSqueezeIn(img, [float32, float64]);
  let out: Tensor;
  if (mode === "nearest") out = torch.upsample_nearest2d(c.img, size);
  else if (mode === "bilinear") out = antialias ? torch._upsample_bilinear2d_aa(c.img, size, false) : torch.upsample_bilinear2d(c.img, size, false);
  else if (mode === "bicubic") out = antialias ? torch._upsample_bicubic2d_aa(c.img, size, false) : torch.upsample_bicubic2d(c.img, size, false);
  else throw new Error(`Input Tensor does not support interpolation mode ${mode}`);
  if (mode === "bicubic" && c.outDtype === uint8) out = out.clamp(0, 255);
  return castSqueezeOut(out, c.needCast, c.needSqueeze, c.outDtype);
}

export function pad(img: Image | Tensor, padding: number | number[], fill = 0, padding_mode = "constant"): Image | Tensor {
  const p = typeof padding === "number" ? [padding, padding, padding, padding] : padding.length === 1 ? [padding[0], padding[0], padding[0], padding[0]]
    : padding.length === 2 ? [padding[0], padding[1], padding[0], padding[1]] : padding;
  if (p.length !== 4) throw new Error(`Padding must be an int or a 1, 2, or 4 element tuple, not a ${(padding as number[]).length} element tuple`);
  if (padding_mode !== "constant") throw new Error(`padding_mode ${padding_mode}: only "constant" is supported`);
  const [l, t, r, b] = p;
  if (isImage(img)) {
    if (fill !== 0) {
      const out = Image.new(img.mode, [img.width + l + r, img.height + t + b], fill);
      const inner = img.crop([Math.max(0, -l), Math.max(0, -t), img.width - Math.max(0, -r), img.height - Math.max(0, -b)]);
      for (let y = 0; y < inner.height; y++) for (let x = 0; x < inner.width; x++) out.putpixel([x + Math.max(0, l), y + Math.max(0, t)], inner.getpixel([x, y]) as any);
      return out;
    }
    return img.crop([-l, -t, img.width + r, img.height + b]);
  }
  return torch.constant_pad_nd(img, [l, r, t, b], fill);
}

export function crop(img: Image | Tensor, top: number, left: number, height: number, width: number): Image | Tensor {
  if (isImage(img)) return img.crop([left, top, left + width, top + height]);
  const [, h, w] = get_dimensions(img);
  const right = left + width, bottom = top + height;
  if (left < 0 || top < 0 || right > w || bottom > h) {
    const ltrb = [Math.max(-left + Math.min(0, right), 0), Math.max(-top + Math.min(0, bottom), 0), Math.max(right - Math.max(w, left), 0), Math.max(bottom - Math.max(h, top), 0)];
    const sliced = img.index("...", `${Math.max(top, 0)}:${bottom}`, `${Math.max(left, 0)}:${right}`);
    return pad(sliced, ltrb, 0) as Tensor;
  }
  return img.index("...", `${top}:${bottom}`, `${left}:${right}`);
}

export function center_crop(img: Image | Tensor, output_size: number | number[]): Image | Tensor {
  const os = typeof output_size === "number" ? [output_size, output_size] : output_size.length === 1 ? [output_size[0], output_size[0]] : output_size;
  let [, ih, iw] = get_dimensions(img);
  const [ch, cw] = os;
  if (cw > iw || ch > ih) {
    const ltrb = [cw > iw ? (cw - iw) >> 1 : 0, ch > ih ? (ch - ih) >> 1 : 0, cw > iw ? (cw - iw + 1) >> 1 : 0, ch > ih ? (ch - ih + 1) >> 1 : 0];
    img = pad(img, ltrb, 0);
    [, ih, iw] = get_dimensions(img);
    if (cw === iw && ch === ih) return img;
  }
  return crop(img, pyRound((ih - ch) / 2), pyRound((iw - cw) / 2), ch, cw);
}

export function hflip(img: Image | Tensor): Image | Tensor { return isImage(img) ? img.transpose(0) : img.flip(-1); }
export function vflip(img: Image | Tensor): Image | Tensor { return isImage(img) ? img.transpose(1) : img.flip(-2); }

export function _get_inverse_affine_matrix(center: number[], angle: number, translate: number[], scale: number, shear: number[], inverted = true): number[] {
  const rad = (d: number) => (d * Math.PI) / 180;
  const rot = rad(angle), sx = rad(shear[0]), sy = rad(shear[1]);
  const [cx, cy] = center, [tx, ty] = translate;
  const a = Math.cos(rot - sy) / Math.cos(sy);
  const b = (-Math.cos(rot - sy) * Math.tan(sx)) / Math.cos(sy) - Math.sin(rot);
  const c = Math.sin(rot - sy) / Math.cos(sy);
  const d = (-Math.sin(rot - sy) * Math.tan(sx)) / Math.cos(sy) + Math.cos(rot);
  let m: number[];
  if (inverted) {
    m = [d, -b, 0, -c, a, 0].map((x) => x / scale);
    m[2] += m[0] * (-cx - tx) + m[1] * (-cy - ty);
    m[5] += m[3] * (-cx - tx) + m[4] * (-cy - ty);
    m[2] += cx;
    m[5] += cy;
  } else {
    m = [a, b, 0, c, d, 0].map((x) => x * scale);
    m[2] += m[0] * -cx + m[1] * -cy;
    m[5] += m[3] * -cx + m[4] * -cy;
    m[2] += cx + tx;
    m[5] += cy + ty;
  }
  return m;
}

function parseFill(fill: number | number[] | null | undefined, img: Image): number | number[] {
  const n = img.bands;
  let f: number | number[] = fill ?? 0;
  if (typeof f === "number" && n > 1) f = new Array(n).fill(f);
  if (Array.isArray(f) && f.length !== n) throw new Error(`The number of elements in 'fill' does not match the number of channels of the image (${f.length} != ${n})`);
  if (img.mode !== "F") f = Array.isArray(f) ? f.map((x) => Math.trunc(x)) : Math.trunc(f);
  return Array.isArray(f) && f.length === 1 ? f[0] : f;
}

export function rotate(img: Image | Tensor, angle: number, interpolation: InterpolationMode | number = "nearest", expand = false, center: number[] | null = null, fill: number | number[] | null = null): Image | Tensor {
  const mode = interp(interpolation);
  if (typeof angle !== "number") throw new TypeError("Argument angle should be int or float");
  if (isImage(img)) return img.rotate(angle, { resample: PIL_MODES[mode], expand, center: center as any, fillcolor: parseFill(fill, img) });
  let cf = [0, 0];
  if (center) { const [, h, w] = get_dimensions(img); cf = [center[0] - w * 0.5, center[1] - h * 0.5]; }
  const matrix = _get_inverse_affine_matrix(cf, -angle, [0, 0], 1, [0, 0]);
  return gridTransform(img, matrix, mode, expand, fill);
}

export function affine(img: Image | Tensor, angle: number, translate: number[], scale: number, shear: number | number[], interpolation: InterpolationMode | number = "nearest", fill: number | number[] | null = null, center: number[] | null = null): Image | Tensor {
  const mode = interp(interpolation);
  if (translate.length !== 2) throw new Error("Argument translate should be a sequence of length 2");
  if (scale <= 0) throw new Error("Argument scale should be positive");
  let sh = typeof shear === "number" ? [shear, 0] : shear;
  if (sh.length === 1) sh = [sh[0], sh[0]];
  if (sh.length !== 2) throw new Error(`Shear should be a sequence containing two values. Got [${sh}]`);
  const [, height, width] = get_dimensions(img);
  if (isImage(img)) {
    const c = center ?? [width * 0.5, height * 0.5];
    const matrix = _get_inverse_affine_matrix(c, angle, translate, scale, sh);
    const f = parseFill(fill, img);
    return img.transform(img.size, 0, matrix, PIL_MODES[mode], 1, f);
  }
  let cf = [0, 0];
  if (center) cf = [center[0] - width * 0.5, center[1] - height * 0.5];
  const matrix = _get_inverse_affine_matrix(cf, angle, translate, scale, sh);
  return gridTransform(img, matrix, mode, false, fill);
}

function computeAffineOutputSize(matrix: number[], w: number, h: number): [number, number] {
  const pts = torch.tensor([[-0.5 * w, -0.5 * h, 1], [-0.5 * w, 0.5 * h, 1], [0.5 * w, 0.5 * h, 1], [0.5 * w, -0.5 * h, 1]]);
  const theta = torch.tensor(matrix, { dtype: float32 }).view(2, 3);
  const np = torch.matmul(pts, theta.T);
  const minv = np.min(0).values.add(torch.tensor([w * 0.5, h * 0.5]));
  const maxv = np.max(0).values.add(torch.tensor([w * 0.5, h * 0.5]));
  const tol = 1e-4;
  const cmax = torch.ceil(maxv.div(tol).trunc_().mul(tol));
  const cmin = torch.floor(minv.div(tol).trunc_().mul(tol));
  const size = cmax.sub(cmin).tolist() as number[];
  return [Math.trunc(size[0]), Math.trunc(size[1])];
}

function gridTransform(img: Tensor, matrix: number[], mode: InterpolationMode, expand: boolean, fill: number | number[] | null): Tensor {
  if (mode !== "nearest" && mode !== "bilinear") throw new Error(`Interpolation mode '${mode}' is unsupported with Tensor input`);
  const w = img.size(-1), h = img.size(-2);
  const [ow, oh] = expand ? computeAffineOutputSize(matrix, w, h) : [w, h];
  const dt = img.is_floating_point() ? img.dtype : float32;
  const theta = torch.tensor(matrix, { dtype: dt }).reshape(1, 2, 3);
  // _gen_affine_grid
  const base = torch.empty([1, oh, ow, 3], { dtype: dt });
  base.index("...", 0).copy_(torch.linspace(-ow * 0.5 + 0.5, ow * 0.5 + 0.5 - 1, ow));
  base.index("...", 1).copy_(torch.linspace(-oh * 0.5 + 0.5, oh * 0.5 + 0.5 - 1, oh).unsqueeze_(-1));
  base.index("...", 2).fill_(1);
  const rescaled = theta.transpose(1, 2).div(torch.tensor([0.5 * w, 0.5 * h], { dtype: dt }));
  let grid = base.view(1, oh * ow, 3).bmm(rescaled).view(1, oh, ow, 2);
  // _apply_grid_transform
  const c = castSqueezeIn(img, [grid.dtype]);
  let x = c.img;
  if (x.size(0) > 1) grid = grid.expand(x.size(0), grid.size(1), grid.size(2), grid.size(3));
  if (fill !== null) x = torch.cat([x, torch.ones([x.size(0), 1, x.size(2), x.size(3)], { dtype: x.dtype })], 1);
  x = torch.grid_sampler(x, grid, mode === "nearest" ? 1 : 0, 0, false);
  if (fill !== null) {
    let mask = x.index(":", "-1:", ":", ":");
    x = x.index(":", ":-1", ":", ":");
    mask = mask.expand_as(x);
    const fl = Array.isArray(fill) ? fill : [fill];
    const fillImg = torch.tensor(fl, { dtype: x.dtype }).view(1, fl.length, 1, 1).expand_as(x);
    if (mode === "nearest") { const m = mask.lt(0.5); x = x.clone(); x.index_put_([m], fillImg.index(m)); }
    else x = x.mul(mask).add(mask.neg().add(1).mul(fillImg));
  }
  return castSqueezeOut(x, c.needCast, c.needSqueeze, c.outDtype);
}

export function to_grayscale(img: Image, num_output_channels = 1): Image {
  if (!isImage(img)) throw new TypeError("Input should be PIL Image");
  if (num_output_channels === 1) return img.convert("L");
  if (num_output_channels === 3) return img.convert("L").convert("RGB");
  throw new Error("num_output_channels should be either 1 or 3");
}

export function rgb_to_grayscale(img: Image | Tensor, num_output_channels = 1): Image | Tensor {
  if (isImage(img)) return to_grayscale(img, num_output_channels);
  if (img.dim() < 3) throw new TypeError(`Input image tensor should have at least 3 dimensions, but found ${img.dim()}`);
  const c = img.size(-3);
  if (c !== 1 && c !== 3) throw new TypeError(`Input image tensor permitted channel values are [1, 3], but found ${c}`);
  if (num_output_channels !== 1 && num_output_channels !== 3) throw new Error("num_output_channels should be either 1 or 3");
  let l: Tensor;
  if (c === 3) {
    const [r, g, b] = img.unbind(-3);
    l = r.mul(0.2989).add(g.mul(0.587)).add(b.mul(0.114)).to(img.dtype).unsqueeze(-3);
  } else l = img.clone();
  return num_output_channels === 3 ? l.expand(img.shape) : l;
}

export function invert(img: Image | Tensor): Image | Tensor {
  if (isImage(img)) return ImageOps.invert(img);
  if (img.dim() < 3) throw new TypeError(`Input image tensor should have at least 3 dimensions, but found ${img.dim()}`);
  const bound = torch.tensor(img.is_floating_point() ? 1 : 255, { dtype: img.dtype });
  return bound.sub(img);
}

export function convert_image_dtype(image: Tensor, dtype = float32): Tensor {
  if (image.dtype === dtype) return image;
  if (image.is_floating_point()) {
    if (dtype.is_floating_point) return image.to(dtype);
    const max = maxValue(dtype);
    return image.mul(max + 1.0 - 0.001).to(dtype);
  }
  const inMax = maxValue(image.dtype);
  if (dtype.is_floating_point) return image.to(dtype).div(inMax);
  const outMax = maxValue(dtype);
  if (inMax > outMax) return image.div(Math.floor((inMax + 1) / (outMax + 1)), { rounding_mode: "floor" }).to(dtype);
  return image.to(dtype).mul(Math.floor((outMax + 1) / (inMax + 1)));
}
function maxValue(dt: typeof float32): number {
  return dt === uint8 ? 255 : dt.name === "int8" ? 127 : dt === int16 ? 32767 : dt === int32 ? 2147483647 : dt.name === "int64" ? 9223372036854775807 : 1;
}

function typeName(v: unknown): string { return v === null ? "<class 'NoneType'>" : `<class '${(v as any)?.constructor?.name ?? typeof v}'>`; }
