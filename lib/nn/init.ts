// torch.nn.init (torch/nn/init.py): the same ATen draws (uniform_, normal_) in the same order,
// so a seeded initialisation equals Python's bit for bit.
import type { Tensor } from "../tensor";
import { no_grad } from "../autograd";
import { bindArgs, pyStr, valueError, warn, type Sig } from "./_utils";
import { op } from "./_ops";
import { float64 } from "../dtype";
import { V } from "../version";

// 2.2: every drawing function ends with a `generator` parameter.
const GEN = V.nn_init_generator ? [["generator", null] as const] : [];
/** Binds args to sig (plus `generator` from 2.2); the generator comes last (null before 2.2). */
function bind(fname: string, tensor: Tensor, sig: Sig, args: readonly unknown[]): any[] {
  const out = bindArgs(fname, [["tensor"], ...sig, ...GEN], [tensor, ...args]).slice(1);
  return V.nn_init_generator ? out : [...out, null];
}

/** The recommended gain for a nonlinearity (init.calculate_gain). */
export function calculate_gain(nonlinearity: string, param: number | null = null): number {
  const linear_fns = ["linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d"];
  if (linear_fns.includes(nonlinearity) || nonlinearity === "sigmoid") return 1;
  if (nonlinearity === "tanh") return 5.0 / 3;
  if (nonlinearity === "relu") return Math.sqrt(2.0);
  if (nonlinearity === "leaky_relu") {
    let negative_slope: number;
    if (param === null || param === undefined) negative_slope = 0.01;
    else if (typeof param === "number") negative_slope = param;
    else throw valueError(`negative_slope ${pyStr(param)} not a valid number`);
    return Math.sqrt(2.0 / (1 + negative_slope ** 2));
  }
  if (nonlinearity === "selu") return 3.0 / 4;
  throw valueError(`Unsupported nonlinearity ${nonlinearity}`);
}

export function uniform_(tensor: Tensor, ...args: any[]): Tensor {
  const [a, b, generator] = bind("uniform_", tensor, [["a", 0.0], ["b", 1.0]], args);
  return no_grad(() => tensor.uniform_(a, b, { generator }));
}
export function normal_(tensor: Tensor, ...args: any[]): Tensor {
  const [mean, std, generator] = bind("normal_", tensor, [["mean", 0.0], ["std", 1.0]], args);
  return no_grad(() => tensor.normal_(mean, std, { generator }));
}
/** trunc_normal_(tensor, mean=0, std=1, a=-2, b=2, generator=null (2.2)): normal draws redrawn (2.12) or mapped (1.13) into [a, b]. */
export function trunc_normal_(tensor: Tensor, ...args: any[]): Tensor {
  const [mean, std, a, b, generator] = bind("trunc_normal_", tensor, [["mean", 0.0], ["std", 1.0], ["a", -2.0], ["b", 2.0]], args);
  const norm_cdf = (x: number) => (1.0 + erf(x / Math.sqrt(2.0))) / 2.0;
  if (mean < a - 2 * std || mean > b + 2 * std)
    warn("mean is more than 2 std from [a, b] in nn.init.trunc_normal_. The distribution of values may be incorrect.");
  return no_grad(() => {
    if (!V.trunc_normal_rejection) {
      // inverse CDF: uniform in [2l-1, 2u-1], erfinv, scale, clamp
      const l = norm_cdf((a - mean) / std), u = norm_cdf((b - mean) / std);
      tensor.uniform_(2 * l - 1, 2 * u - 1);
      tensor.erfinv_();
      tensor.mul_(std * Math.sqrt(2.0));
      tensor.add_(mean);
      tensor.clamp_({ min: a, max: b });
      return tensor;
    }
    const p = norm_cdf((b - mean) / std) - norm_cdf((a - mean) / std);
    if (p > 0.3) {
      // redraw the normal draws outside [lo, hi] until none is left
      const lo = op("scalar_tensor", a, { dtype: tensor.dtype }).item(), hi = op("scalar_tensor", b, { dtype: tensor.dtype }).item();
      let result = tensor.normal_(mean, std, { generator });
      for (;;) {
        const mask = result.lt(lo).logical_or(result.gt(hi));
        if (!mask.any().item()) break;
        result = op("where", mask, op("empty_like", result).normal_(mean, std, { generator }), result);
      }
      if (result !== tensor) tensor.copy_(result);
    } else {
      // uniform proposals in [a, b], accepted with the normal density relative to its peak
      const mode = Math.max(a, Math.min(mean, b));
      const log_peak = -0.5 * ((mode - mean) / std) ** 2;
      const candidates: Tensor = op("empty_like", tensor), accept_buf: Tensor = op("empty_like", tensor);
      const density = (c: Tensor) => c.sub_(mean).div_(std).pow_(2).mul_(-0.5).sub_(log_peak);
      tensor.uniform_(a, b, { generator });
      candidates.copy_(tensor);
      density(candidates);
      let pending = accept_buf.uniform_({ generator }).log_().gt(candidates);
      if (pending.any().item()) {
        let result = tensor;
        for (;;) {
          candidates.uniform_(a, b, { generator });
          result = op("where", pending, candidates, result);
          density(candidates);
          pending = op("where", pending, accept_buf.uniform_({ generator }).log_().gt(candidates), pending);
          if (!pending.any().item()) break;
        }
        tensor.copy_(result);
      }
    }
    return tensor;
  });
}
export function constant_(tensor: Tensor, val: number): Tensor { return no_grad(() => tensor.fill_(val)); }
export function ones_(tensor: Tensor): Tensor { return no_grad(() => tensor.fill_(1.0)); }
export function zeros_(tensor: Tensor): Tensor { return no_grad(() => tensor.zero_()); }
/** The identity matrix, in a 2-D tensor. */
export function eye_(tensor: Tensor): Tensor {
  if (tensor.dim() !== 2) throw valueError("Only tensors with 2 dimensions are supported");
  no_grad(() => tensor.copy_(op("eye", tensor.shape[0], tensor.shape[1], { dtype: tensor.dtype, device: tensor.device })));
  return tensor;
}
/** dirac_(tensor, groups=1): the identity of a convolution (3-, 4- or 5-D), per group. */
export function dirac_(tensor: Tensor, ...args: any[]): Tensor {
  const [, groups] = bindArgs("dirac_", [["tensor"], ["groups", 1]], [tensor, ...args]);
  const dimensions = tensor.dim();
  if (![3, 4, 5].includes(dimensions)) throw valueError("Only tensors with 3, 4, or 5 dimensions are supported");
  const sizes = tensor.shape;
  if (sizes[0] % groups !== 0) throw valueError("dim 0 must be divisible by groups");
  const out_chans_per_grp = Math.floor(sizes[0] / groups);
  const min_dim = Math.min(out_chans_per_grp, sizes[1]);
  const centre = sizes.slice(2).map((n) => Math.floor(n / 2));
  no_grad(() => {
    tensor.zero_();
    for (let g = 0; g < groups; g++)
      for (let d = 0; d < min_dim; d++) tensor.index_put_([g * out_chans_per_grp + d, d, ...centre], 1);
  });
  return tensor;
}

export function _calculate_fan_in_and_fan_out(tensor: Tensor): [number, number] {
  const dimensions = tensor.dim();
  if (dimensions < 2) throw valueError("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions");
  const shape = tensor.shape;
  const num_input_fmaps = shape[1];
  const num_output_fmaps = shape[0];
  let receptive_field_size = 1;
  for (let i = 2; i < shape.length; i++) receptive_field_size *= shape[i];
  return [num_input_fmaps * receptive_field_size, num_output_fmaps * receptive_field_size];
}

function _calculate_correct_fan(tensor: Tensor, mode: string): number {
  mode = mode.toLowerCase();
  const valid_modes = ["fan_in", "fan_out"];
  if (!valid_modes.includes(mode)) throw valueError(`Mode ${mode} not supported, please use one of ['fan_in', 'fan_out']`);
  const [fan_in, fan_out] = _calculate_fan_in_and_fan_out(tensor);
  return mode === "fan_in" ? fan_in : fan_out;
}

export function xavier_uniform_(tensor: Tensor, ...args: any[]): Tensor {
  const [gain, generator] = bind("xavier_uniform_", tensor, [["gain", 1.0]], args);
  const [fan_in, fan_out] = _calculate_fan_in_and_fan_out(tensor);
  const std = gain * Math.sqrt(2.0 / (fan_in + fan_out));
  const a = Math.sqrt(3.0) * std;
  return no_grad(() => tensor.uniform_(-a, a, { generator }));
}
export function xavier_normal_(tensor: Tensor, ...args: any[]): Tensor {
  const [gain, generator] = bind("xavier_normal_", tensor, [["gain", 1.0]], args);
  const [fan_in, fan_out] = _calculate_fan_in_and_fan_out(tensor);
  const std = gain * Math.sqrt(2.0 / (fan_in + fan_out));
  return no_grad(() => tensor.normal_(0, std, { generator }));
}

const KAIMING = [["a", 0], ["mode", "fan_in"], ["nonlinearity", "leaky_relu"]] as const;
export function kaiming_uniform_(tensor: Tensor, ...args: any[]): Tensor {
  const [a, mode, nonlinearity, generator] = bind("kaiming_uniform_", tensor, KAIMING, args);
  if (tensor.shape.includes(0)) { warn("Initializing zero-element tensors is a no-op"); return tensor; }
  const fan = _calculate_correct_fan(tensor, mode);
  const gain = calculate_gain(nonlinearity, a);
  const std = gain / Math.sqrt(fan);
  const bound = Math.sqrt(3.0) * std;
  return no_grad(() => tensor.uniform_(-bound, bound, { generator }));
}
export function kaiming_normal_(tensor: Tensor, ...args: any[]): Tensor {
  const [a, mode, nonlinearity, generator] = bind("kaiming_normal_", tensor, KAIMING, args);
  if (tensor.shape.includes(0)) { warn("Initializing zero-element tensors is a no-op"); return tensor; }
  const fan = _calculate_correct_fan(tensor, mode);
  const gain = calculate_gain(nonlinearity, a);
  const std = gain / Math.sqrt(fan);
  return no_grad(() => tensor.normal_(0, std, { generator }));
}

/** orthogonal_(tensor, gain=1, generator=null (2.2)): a (semi-)orthogonal matrix from the QR of normal draws. */
export function orthogonal_(tensor: Tensor, ...args: any[]): Tensor {
  const [gain, generator] = bind("orthogonal_", tensor, [["gain", 1]], args);
  if (tensor.dim() < 2) throw valueError("Only tensors with 2 or more dimensions are supported");
  if (tensor.numel() === 0) return tensor;
  const rows = tensor.size(0);
  const cols = Math.floor(tensor.numel() / rows);
  const flattened = tensor.new_empty([rows, cols]).normal_(0, 1, { generator });
  if (rows < cols) flattened.t_();
  const [q, r] = op("linalg_qr", flattened);
  const ph = op("diag", r, 0).sign();
  q.mul_(ph);
  if (rows < cols) q.t_();
  no_grad(() => {
    tensor.view_as(q).copy_(q);
    tensor.mul_(gain);
  });
  return tensor;
}

/** sparse_(tensor, sparsity, std=0.01, generator=null (2.2)): normal draws with ceil(sparsity * rows) zeros per column. */
export function sparse_(tensor: Tensor, ...args: any[]): Tensor {
  const [sparsity, std, generator] = bind("sparse_", tensor, [["sparsity"], ["std", 0.01]], args);
  if (tensor.dim() !== 2) throw valueError("Only tensors with 2 dimensions are supported");
  const [rows, cols] = tensor.shape;
  const num_zeros = Math.ceil(sparsity * rows);
  no_grad(() => {
    tensor.normal_(0, std, { generator });
    // Python draws the permutations from the default generator, whatever `generator` is.
    for (let col_idx = 0; col_idx < cols; col_idx++) {
      const zero_indices = (op("randperm", rows) as Tensor).index(`:${num_zeros}`);
      tensor.index_put_([zero_indices, col_idx], 0);
    }
  });
  return tensor;
}

/** math.erf (Python's C library erf: W. J. Cody's rational approximations, within 1 ulp). */
function erf(x: number): number {
  return op("scalar_tensor", x, { dtype: float64 }).erf().item();
}

// The deprecated names without the trailing underscore: the same functions with a warning.
function deprecated<T extends (...a: any[]) => Tensor>(meth: T, new_name: string): T {
  const old_name = new_name.slice(0, -1);
  return ((...args: any[]) => {
    if (V.init_future_warning) warn(`\`nn.init.${old_name}\` is now deprecated in favor of \`nn.init.${new_name}\`.`, "FutureWarning");
    else warn(`nn.init.${old_name} is now deprecated in favor of nn.init.${new_name}.`);
    return meth(...args);
  }) as T;
}
export const uniform = deprecated(uniform_, "uniform_");
export const normal = deprecated(normal_, "normal_");
export const constant = deprecated(constant_, "constant_");
export const eye = deprecated(eye_, "eye_");
export const dirac = deprecated(dirac_, "dirac_");
export const xavier_uniform = deprecated(xavier_uniform_, "xavier_uniform_");
export const xavier_normal = deprecated(xavier_normal_, "xavier_normal_");
export const kaiming_uniform = deprecated(kaiming_uniform_, "kaiming_uniform_");
export const kaiming_normal = deprecated(kaiming_normal_, "kaiming_normal_");
export const orthogonal = deprecated(orthogonal_, "orthogonal_");
export const sparse = deprecated(sparse_, "sparse_");
