// torch.nn.functional: the vision functions (re-exported by ../functional): convolution, pooling,
// padding, interpolation, grid sampling, pixel and channel shuffles, fold/unfold. Each makes the
// ATen call torch/nn/functional.py makes; those that are ATen bindings in Python take ATen's
// argument parsing here too.
import { type Tensor, pyError } from "../../tensor";
import { op } from "../_ops";
import { bindArgs, ntuple, valueError, warn } from "../_utils";
import { V } from "../../version";

/** Python's repr() of a list of ints, and of a torch.Size. */
const pyList = (v: readonly number[]) => `[${v.join(", ")}]`;
const pySize = (v: readonly number[]) => `torch.Size(${pyList(v)})`;
const pyTuple = (v: readonly unknown[]) => (v.length === 1 ? `(${v[0]},)` : `(${v.join(", ")})`);

// ---- convolution (torch.conv*: ATen's parser picks the padding='same'/'valid' overload) ----
export function conv1d(input: Tensor, weight: Tensor, ...args: any[]): Tensor { return op("conv1d", input, weight, ...args); }
export function conv2d(input: Tensor, weight: Tensor, ...args: any[]): Tensor { return op("conv2d", input, weight, ...args); }
export function conv3d(input: Tensor, weight: Tensor, ...args: any[]): Tensor { return op("conv3d", input, weight, ...args); }
export function conv_transpose1d(input: Tensor, weight: Tensor, ...args: any[]): Tensor { return op("conv_transpose1d", input, weight, ...args); }
export function conv_transpose2d(input: Tensor, weight: Tensor, ...args: any[]): Tensor { return op("conv_transpose2d", input, weight, ...args); }
export function conv_transpose3d(input: Tensor, weight: Tensor, ...args: any[]): Tensor { return op("conv_transpose3d", input, weight, ...args); }
export function conv_tbc(input: Tensor, weight: Tensor, ...args: any[]): Tensor { return op("conv_tbc", input, weight, ...args); }

// ---- average pooling (ATen bindings in Python; stride None is ATen's empty default) ----
const AVG_SIG = [["kernel_size"], ["stride", null], ["padding", 0], ["ceil_mode", false], ["count_include_pad", true]] as const;
const AVG_SIG_DIV = [...AVG_SIG, ["divisor_override", null]] as const;
export function avg_pool1d(input: Tensor, ...args: any[]): Tensor {
  const [k, s, p, ceil, cip] = bindArgs("avg_pool1d", AVG_SIG, args);
  return op("avg_pool1d", input, k, s ?? [], p, ceil, cip);
}
export function avg_pool2d(input: Tensor, ...args: any[]): Tensor {
  const [k, s, p, ceil, cip, div] = bindArgs("avg_pool2d", AVG_SIG_DIV, args);
  return op("avg_pool2d", input, k, s ?? [], p, ceil, cip, div);
}
export function avg_pool3d(input: Tensor, ...args: any[]): Tensor {
  const [k, s, p, ceil, cip, div] = bindArgs("avg_pool3d", AVG_SIG_DIV, args);
  return op("avg_pool3d", input, k, s ?? [], p, ceil, cip, div);
}

// ---- max pooling: boolean_dispatch on return_indices ----
const MAX_SIG = [["kernel_size"], ["stride", null], ["padding", 0], ["dilation", 1], ["ceil_mode", false], ["return_indices", false]] as const;
function maxPool(n: number, name: string, input: Tensor, args: any[], withIndices: boolean): any {
  const [k, s, p, d, ceil, ri] = bindArgs(name, MAX_SIG, args);
  if (withIndices || ri) return op(`max_pool${n}d_with_indices`, input, k, s ?? [], p, d, ceil);
  return op(`max_pool${n}d`, input, k, s ?? [], p, d, ceil);
}
/** max_pool1d(input, kernel_size, stride=kernel_size, padding=0, dilation=1, ceil_mode=false, return_indices=false) */
export function max_pool1d(input: Tensor, ...args: any[]): any { return maxPool(1, "max_pool1d", input, args, false); }
export function max_pool2d(input: Tensor, ...args: any[]): any { return maxPool(2, "max_pool2d", input, args, false); }
export function max_pool3d(input: Tensor, ...args: any[]): any { return maxPool(3, "max_pool3d", input, args, false); }
export function max_pool1d_with_indices(input: Tensor, ...args: any[]): Tensor[] { return maxPool(1, "max_pool1d_with_indices", input, args, true); }
export function max_pool2d_with_indices(input: Tensor, ...args: any[]): Tensor[] { return maxPool(2, "max_pool2d_with_indices", input, args, true); }
export function max_pool3d_with_indices(input: Tensor, ...args: any[]): Tensor[] { return maxPool(3, "max_pool3d_with_indices", input, args, true); }

// ---- max unpooling ----
function _unpool_output_size(input: Tensor, kernel_size: number[], stride: number[], padding: number[], output_size: number[] | null): number[] {
  const n = kernel_size.length, input_size = input.shape;
  const default_size = kernel_size.map((k, d) => (input_size[input_size.length - n + d] - 1) * stride[d] + k - 2 * padding[d]);
  let ret = default_size;
  if (output_size !== null) {
    if (output_size.length === n + 2) output_size = output_size.slice(2);
    if (output_size.length !== n)
      throw valueError(`output_size should be a sequence containing ${n} or ${n + 2} elements, but it has a length of '${output_size.length}'`);
    for (let d = 0; d < n; d++) {
      const min_size = default_size[d] - stride[d], max_size = default_size[d] + stride[d];
      if (!(min_size < output_size[d] && output_size[d] < max_size))
        throw valueError(`invalid output_size "${pyList(output_size)}" (dim ${d} must be between ${min_size} and ${max_size})`);
    }
    ret = output_size;
  }
  if (V.vision2) {
    ret.forEach((v, d) => {
      if (v < 0) throw valueError(`max_unpooling: output_size must contain non-negative spatial dimensions, but got output_size[${d}]=${v}`);
    });
  }
  return ret;
}
const UNPOOL_SIG = [["indices"], ["kernel_size"], ["stride", null], ["padding", 0], ["output_size", null]] as const;
function unpoolArgs(n: number, name: string, input: Tensor, args: any[]): [Tensor, number[], number[], number[]] {
  const [indices, k, s, p, os] = bindArgs(name, UNPOOL_SIG, args);
  const kernel_size = ntuple(n, k), stride = s !== null ? ntuple(n, s) : kernel_size, padding = ntuple(n, p);
  return [indices, _unpool_output_size(input, kernel_size, stride, padding, os === null ? null : [...os]), stride, padding];
}
export function max_unpool1d(input: Tensor, ...args: any[]): Tensor {
  const [indices, output_size] = unpoolArgs(1, "max_unpool1d", input, args);
  return op("max_unpool2d", input.unsqueeze(-1), indices.unsqueeze(-1), [...output_size, 1]).squeeze(-1);
}
export function max_unpool2d(input: Tensor, ...args: any[]): Tensor {
  const [indices, output_size] = unpoolArgs(2, "max_unpool2d", input, args);
  return op("max_unpool2d", input, indices, output_size);
}
export function max_unpool3d(input: Tensor, ...args: any[]): Tensor {
  const [indices, output_size, stride, padding] = unpoolArgs(3, "max_unpool3d", input, args);
  return op("max_unpool3d", input, indices, output_size, stride, padding);
}

// ---- power-average pooling ----
const LP_SIG = [["norm_type"], ["kernel_size"], ["stride", null], ["ceil_mode", false]] as const;
function lpPool(n: number, name: string, input: Tensor, args: any[]): Tensor {
  const [norm_type, kernel_size, stride, ceil_mode] = bindArgs(name, LP_SIG, args);
  const maxp = [max_pool1d, max_pool2d, max_pool3d][n - 1], avgp = [avg_pool1d, avg_pool2d, avg_pool3d][n - 1];
  if (norm_type === 0) {
    if (V.lp_pool_norm_check) throw valueError(`norm_type must be a non-zero value, but got ${norm_type}`);
    // Before the check, Python's 1.0 / norm_type raised.
    throw pyError("ZeroDivisionError", "float division by zero");
  }
  if (V.lp_pool_inf && norm_type === Infinity) return maxp(input.abs(), kernel_size, stride, 0, 1, ceil_mode);
  if (V.lp_pool_inf && norm_type === -Infinity) return maxp(input.abs().neg(), kernel_size, stride, 0, 1, ceil_mode).neg();
  const out: Tensor = stride !== null ? avgp(input.pow(norm_type), kernel_size, stride, 0, ceil_mode)
    : avgp(input.pow(norm_type), kernel_size, { padding: 0, ceil_mode });
  // lp_pool1d multiplies by kernel_size itself, the others by the kernel's area.
  const area = n === 1 ? kernel_size : ntuple(n, kernel_size).reduce((a: number, b: number) => a * b, 1);
  return out.sign().mul(op("relu", out.abs())).mul(area).pow(1.0 / norm_type);
}
/** lp_pool1d(input, norm_type, kernel_size, stride=null, ceil_mode=false) */
export function lp_pool1d(input: Tensor, ...args: any[]): Tensor { return lpPool(1, "lp_pool1d", input, args); }
export function lp_pool2d(input: Tensor, ...args: any[]): Tensor { return lpPool(2, "lp_pool2d", input, args); }
/** lp_pool3d (2.2+). */
export function lp_pool3d(input: Tensor, ...args: any[]): Tensor {
  if (!V.lp_pool3d) throw pyError("AttributeError", "module 'torch.nn.functional' has no attribute 'lp_pool3d'");
  return lpPool(3, "lp_pool3d", input, args);
}

// ---- adaptive pooling ----
/** Python's _list_with_default: None entries of output_size take the input's size. */
function _list_with_default(out_size: number | (number | null)[], defaults: number[]): number | number[] {
  if (typeof out_size === "number") return out_size;
  if (defaults.length <= out_size.length) throw valueError(`Input dimension should be at least ${out_size.length + 1}`);
  const tail = defaults.slice(defaults.length - out_size.length);
  return out_size.map((v, i) => (v === null || v === undefined ? tail[i] : v));
}
const AMAX_SIG = [["output_size"], ["return_indices", false]] as const;
function adaptiveMax(n: number, name: string, input: Tensor, args: any[], withIndices: boolean): any {
  const [output_size, ri] = bindArgs(name, AMAX_SIG, args);
  const res = op(`adaptive_max_pool${n}d`, input, n === 1 ? output_size : _list_with_default(output_size, input.shape));
  return withIndices || ri ? res : res[0];
}
/** adaptive_max_pool1d(input, output_size, return_indices=false) */
export function adaptive_max_pool1d(input: Tensor, ...args: any[]): any { return adaptiveMax(1, "adaptive_max_pool1d", input, args, false); }
export function adaptive_max_pool2d(input: Tensor, ...args: any[]): any { return adaptiveMax(2, "adaptive_max_pool2d", input, args, false); }
export function adaptive_max_pool3d(input: Tensor, ...args: any[]): any { return adaptiveMax(3, "adaptive_max_pool3d", input, args, false); }
export function adaptive_max_pool1d_with_indices(input: Tensor, ...args: any[]): Tensor[] { return adaptiveMax(1, "adaptive_max_pool1d_with_indices", input, args, true); }
export function adaptive_max_pool2d_with_indices(input: Tensor, ...args: any[]): Tensor[] { return adaptiveMax(2, "adaptive_max_pool2d_with_indices", input, args, true); }
export function adaptive_max_pool3d_with_indices(input: Tensor, ...args: any[]): Tensor[] { return adaptiveMax(3, "adaptive_max_pool3d_with_indices", input, args, true); }
export function adaptive_avg_pool1d(input: Tensor, ...args: any[]): Tensor { return op("adaptive_avg_pool1d", input, ...args); }
export function adaptive_avg_pool2d(input: Tensor, ...args: any[]): Tensor {
  const [output_size] = bindArgs("adaptive_avg_pool2d", [["output_size"]], args);
  return op("adaptive_avg_pool2d", input, _list_with_default(output_size, input.shape));
}
export function adaptive_avg_pool3d(input: Tensor, ...args: any[]): Tensor {
  const [output_size] = bindArgs("adaptive_avg_pool3d", [["output_size"]], args);
  return op("adaptive_avg_pool3d", input, _list_with_default(output_size, input.shape));
}

// ---- fractional max pooling: random samples drawn as Python draws them ----
const FRAC_SIG = [["kernel_size"], ["output_size", null], ["output_ratio", null], ["return_indices", false], ["_random_samples", null]] as const;
function fractional(n: number, name: string, input: Tensor, args: any[], withIndices: boolean): any {
  let [kernel_size, output_size, output_ratio, ri, samples] = bindArgs(name, FRAC_SIG, args);
  if (output_size === null && output_ratio === null)
    throw valueError(`fractional_max_pool${n}d requires specifying either an output_size or an output_ratio`);
  if (output_size === null) {
    if (V.vision2 && n === 2) {
      // Python takes len() of output_ratio here, so a single number is a TypeError.
      if (!Array.isArray(output_ratio)) throw new TypeError(`object of type '${Number.isInteger(output_ratio) ? "int" : "float"}' has no len()`);
      if (output_ratio.length > 2) throw valueError("fractional_max_pool2d requires output_ratio to either be a single Int or tuple of Ints.");
    }
    const ratio = ntuple(n, output_ratio), sh = input.shape;
    output_size = ratio.map((r, i) => Math.trunc(sh[sh.length - n + i] * r));
  }
  if (samples === null) {
    const n_batch = input.dim() === n + 1 ? 1 : input.size(0);
    samples = op("rand", [n_batch, input.size(-n - 1), n], { dtype: input.dtype, device: input.device });
  }
  const res = op(`fractional_max_pool${n}d`, input, kernel_size, output_size, samples);
  return withIndices || ri ? res : res[0];
}
/** fractional_max_pool2d(input, kernel_size, output_size=null, output_ratio=null, return_indices=false, _random_samples=null) */
export function fractional_max_pool2d(input: Tensor, ...args: any[]): any { return fractional(2, "fractional_max_pool2d", input, args, false); }
export function fractional_max_pool3d(input: Tensor, ...args: any[]): any { return fractional(3, "fractional_max_pool3d", input, args, false); }
export function fractional_max_pool2d_with_indices(input: Tensor, ...args: any[]): Tensor[] { return fractional(2, "fractional_max_pool2d_with_indices", input, args, true); }
export function fractional_max_pool3d_with_indices(input: Tensor, ...args: any[]): Tensor[] { return fractional(3, "fractional_max_pool3d_with_indices", input, args, true); }

// ---- padding ----
/** pad(input, pad, mode="constant", value=null): torch._C._nn.pad. */
export function pad(input: Tensor, ...args: any[]): Tensor { return op("pad", input, ...args); }

// ---- interpolation ----
const INTERP_SIG = [["size", null], ["scale_factor", null], ["mode", "nearest"], ["align_corners", null], ["recompute_scale_factor", null], ["antialias", false]] as const;
/**
 * interpolate(input, size=null, scale_factor=null, mode="nearest", align_corners=null,
 * recompute_scale_factor=null, antialias=false): nearest | linear | bilinear | bicubic | trilinear |
 * area | nearest-exact.
 */
export function interpolate(input: Tensor, ...args: any[]): Tensor {
  const [size, scale_factor, mode, ac, recompute, antialias] = bindArgs("interpolate", INTERP_SIG, args);
  let align_corners: boolean | null = ac;
  let recompute_scale_factor: boolean | null = recompute;
  if (mode === "nearest" || mode === "area" || mode === "nearest-exact") {
    if (align_corners !== null)
      throw valueError("align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear");
  } else if (align_corners === null) align_corners = false;
  const dim = input.dim() - 2;
  let output_size: number[] | null = null, scale_factors: number[] | null = null;
  if (size !== null && scale_factor !== null) throw valueError("only one of size or scale_factor should be defined");
  else if (size !== null) {
    if (Array.isArray(size)) {
      if (size.length !== dim)
        throw valueError(`Input and output must have the same number of spatial dimensions, but got input with spatial dimensions of ${pyList(input.shape.slice(2))} and output size of ${pyTuple(size)}. Please provide input tensor in (N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) format.`);
      if (V.vision2 && !size.every((x) => Number.isInteger(x)))
        throw new TypeError(`expected size to be one of int or Tuple[int] or Tuple[int, int] or Tuple[int, int, int], but got size with types [${size.map((x) => (Number.isInteger(x) ? "<class 'int'>" : "<class 'float'>")).join(", ")}]`);
      output_size = [...size];
    } else output_size = Array(dim).fill(size);
  } else if (scale_factor !== null) {
    if (Array.isArray(scale_factor)) {
      if (scale_factor.length !== dim)
        throw valueError(`Input and scale_factor must have the same number of spatial dimensions, but got input with spatial dimensions of ${pyList(input.shape.slice(2))} and scale_factor of shape ${pyTuple(scale_factor)}. Please provide input tensor in (N, C, d1, d2, ...,dK) format and scale_factor in (s1, s2, ...,sK) format.`);
      scale_factors = [...scale_factor];
    } else scale_factors = Array(dim).fill(scale_factor);
  } else throw valueError("either size or scale_factor should be defined");
  if (recompute_scale_factor && size !== null) throw valueError("recompute_scale_factor is not meaningful with an explicit size.");
  if (mode === "area" && output_size === null) recompute_scale_factor = true;
  if (recompute_scale_factor) {
    output_size = scale_factors!.map((s, i) => Math.floor(input.size(i + 2) * s));
    scale_factors = null;
  }
  const nd = input.dim();
  if (antialias && !((mode === "bilinear" || mode === "bicubic" || (V.lp_pool_inf && mode === "lanczos")) && nd === 4))
    throw valueError(V.lp_pool_inf ? "Anti-alias option is restricted to bilinear, bicubic, and lanczos modes and requires a 4-D tensor as input"
      : "Anti-alias option is only supported for bilinear and bicubic modes");
  const notImpl = (msg: string) => pyError("NotImplementedError", msg);
  const want: Record<string, number> = { linear: 3, bilinear: 4, bicubic: 4, trilinear: 5, lanczos: 4 };
  if (nd >= 3 && nd <= 5) {
    const n = nd - 2;
    if (mode === "nearest") return op(`upsample_nearest${n}d`, input, output_size, scale_factors);
    if (mode === "nearest-exact") return op(`_upsample_nearest_exact${n}d`, input, output_size, scale_factors);
    if (mode === "area") return [adaptive_avg_pool1d, adaptive_avg_pool2d, adaptive_avg_pool3d][n - 1](input, output_size);
    if (want[mode] === nd) {
      if (mode === "linear") return op("upsample_linear1d", input, output_size, align_corners, scale_factors);
      if (mode === "bilinear") return op(antialias ? "_upsample_bilinear2d_aa" : "upsample_bilinear2d", input, output_size, align_corners, scale_factors);
      if (mode === "trilinear") return op("upsample_trilinear3d", input, output_size, align_corners, scale_factors);
      if (mode === "bicubic") return op(antialias ? "_upsample_bicubic2d_aa" : "upsample_bicubic2d", input, output_size, align_corners, scale_factors);
      if (mode === "lanczos" && V.lp_pool_inf) {
        if (align_corners) throw valueError("Lanczos mode does not support align_corners=True");
        if (!antialias) throw valueError("Lanczos mode requires antialias=True");
        return op("_upsample_lanczos2d_aa", input, output_size, align_corners, scale_factors);
      }
    } else if (want[mode] !== undefined && mode !== "bicubic" && mode !== "lanczos") {
      throw notImpl(`Got ${nd}D input, but ${mode} mode needs ${want[mode]}D input`);
    }
  }
  const modes = V.lp_pool_inf ? "nearest | linear | bilinear | bicubic | trilinear | lanczos | area | nearest-exact"
    : "nearest | linear | bilinear | bicubic | trilinear | area | nearest-exact";
  throw notImpl(`Input Error: Only 3D, 4D and 5D input Tensors supported (got ${nd}D) for the modes: ${modes} (got ${mode})`);
}
function deprecated(name: string): void {
  warn(V.vision2 ? `\`nn.functional.${name}\` is deprecated. Use \`nn.functional.interpolate\` instead.`
    : `nn.functional.${name} is deprecated. Use nn.functional.interpolate instead.`);
}
/** upsample(input, size=null, scale_factor=null, mode="nearest", align_corners=null): deprecated interpolate. */
export function upsample(input: Tensor, ...args: any[]): Tensor {
  const [size, scale_factor, mode, align_corners] = bindArgs("upsample", INTERP_SIG.slice(0, 4), args);
  deprecated("upsample");
  return interpolate(input, size, scale_factor, mode, align_corners);
}
export function upsample_nearest(input: Tensor, ...args: any[]): Tensor {
  const [size, scale_factor] = bindArgs("upsample_nearest", INTERP_SIG.slice(0, 2), args);
  deprecated("upsample_nearest");
  return interpolate(input, size, scale_factor, { mode: "nearest" });
}
export function upsample_bilinear(input: Tensor, ...args: any[]): Tensor {
  const [size, scale_factor] = bindArgs("upsample_bilinear", INTERP_SIG.slice(0, 2), args);
  deprecated("upsample_bilinear");
  return interpolate(input, size, scale_factor, { mode: "bilinear", align_corners: true });
}

// ---- spatial transformers ----
const ALIGN_WARNING = "Default grid_sample and affine_grid behavior has changed to align_corners=False since 1.3.0. Please specify align_corners=True if the old behavior is desired. See the documentation of grid_sample for details.";
/** grid_sample(input, grid, mode="bilinear", padding_mode="zeros", align_corners=null) */
export function grid_sample(input: Tensor, grid: Tensor, ...args: any[]): Tensor {
  let [mode, padding_mode, align_corners] = bindArgs("grid_sample", [["mode", "bilinear"], ["padding_mode", "zeros"], ["align_corners", null]], args);
  const modes = ["bilinear", "nearest", "bicubic"], pads = ["zeros", "border", "reflection"];
  if (!modes.includes(mode))
    throw valueError(`nn.functional.grid_sample(): expected mode to be 'bilinear', 'nearest' or 'bicubic', but got: '${mode}'`);
  if (!pads.includes(padding_mode))
    throw valueError(`nn.functional.grid_sample(): expected padding_mode to be 'zeros', 'border', or 'reflection', but got: '${padding_mode}'`);
  if (align_corners === null) { warn(ALIGN_WARNING); align_corners = false; }
  return op("grid_sampler", input, grid, modes.indexOf(mode), pads.indexOf(padding_mode), align_corners);
}
/** affine_grid(theta, size, align_corners=null) */
export function affine_grid(theta: Tensor, ...args: any[]): Tensor {
  let [size, align_corners] = bindArgs("affine_grid", [["size"], ["align_corners", null]], args);
  if (align_corners === null) { warn(ALIGN_WARNING); align_corners = false; }
  if (!theta.is_floating_point()) throw valueError(`Expected theta to have floating point type, but got ${theta.dtype}`);
  const sz: number[] = [...size];
  let spatial: number[];
  const bad = (r: number, c: number) => theta.dim() !== 3 || theta.shape[1] !== r || theta.shape[2] !== c;
  if (sz.length === 4) {
    if (bad(2, 3)) throw valueError(`Expected a batch of 2D affine matrices of shape Nx2x3 for size ${pyList(sz)}. Got ${pySize(theta.shape)}.`);
    spatial = sz.slice(-2);
  } else if (sz.length === 5) {
    if (bad(3, 4)) throw valueError(`Expected a batch of 3D affine matrices of shape Nx3x4 for size ${pyList(sz)}. Got ${pySize(theta.shape)}.`);
    spatial = sz.slice(-3);
  } else {
    throw pyError("NotImplementedError", `affine_grid only supports 4D and 5D sizes, for 2D and 3D affine transforms, respectively. Got size ${pyList(sz)}.`);
  }
  if (align_corners && Math.min(...spatial) === 1) {
    warn("Since version 1.3.0, affine_grid behavior has changed for unit-size grids when align_corners=True. This is not an intended use case of affine_grid. See the documentation of affine_grid for details.");
  } else if (Math.min(...sz) <= 0) throw valueError(`Expected non-zero, positive output size. Got ${pyList(sz)}`);
  return op("affine_grid_generator", theta, sz, align_corners);
}

// ---- shuffles, fold/unfold ----
export function pixel_shuffle(input: Tensor, ...args: any[]): Tensor { return op("pixel_shuffle", input, ...args); }
export function pixel_unshuffle(input: Tensor, ...args: any[]): Tensor { return op("pixel_unshuffle", input, ...args); }
export function channel_shuffle(input: Tensor, ...args: any[]): Tensor { return op("channel_shuffle", input, ...args); }
export function native_channel_shuffle(input: Tensor, ...args: any[]): Tensor { return op("native_channel_shuffle", input, ...args); }
const FOLD_SIG = [["kernel_size"], ["dilation", 1], ["padding", 0], ["stride", 1]] as const;
/** unfold(input, kernel_size, dilation=1, padding=0, stride=1): im2col. */
export function unfold(input: Tensor, ...args: any[]): Tensor {
  const [k, d, p, s] = bindArgs("unfold", FOLD_SIG, args);
  return op("im2col", input, ntuple(2, k), ntuple(2, d), ntuple(2, p), ntuple(2, s));
}
/** fold(input, output_size, kernel_size, dilation=1, padding=0, stride=1): col2im. */
export function fold(input: Tensor, ...args: any[]): Tensor {
  const [o, k, d, p, s] = bindArgs("fold", [["output_size"], ...FOLD_SIG], args);
  return op("col2im", input, ntuple(2, o), ntuple(2, k), ntuple(2, d), ntuple(2, p), ntuple(2, s));
}
