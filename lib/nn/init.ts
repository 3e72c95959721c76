// torch.nn.init (torch/nn/init.py): the same ATen draws (uniform_, normal_) in the same order,
// so a seeded initialisation equals Python's bit for bit.
import type { Tensor } from "../tensor";
import { no_grad } from "../autograd";
import { bindArgs, valueError, warn } from "./_utils";
import { V } from "../version";

// 2.2: every drawing function ends with a `generator` parameter.
const GEN = V.nn_init_generator ? [["generator", null] as const] : [];
/** Binds args to sig (plus `generator` from 2.2); the generator comes last (null before 2.2). */
function bind(fname: string, sig: readonly (readonly [string, unknown])[], args: readonly unknown[]): any[] {
  const out = bindArgs(fname, [...sig, ...GEN], args);
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
    else throw valueError(`negative_slope ${param} not a valid number`);
    return Math.sqrt(2.0 / (1 + negative_slope ** 2));
  }
  if (nonlinearity === "selu") return 3.0 / 4;
  throw valueError(`Unsupported nonlinearity ${nonlinearity}`);
}

export function uniform_(tensor: Tensor, ...args: any[]): Tensor {
  const [a, b, generator] = bind("uniform_", [["a", 0.0], ["b", 1.0]], args);
  return no_grad(() => tensor.uniform_(a, b, { generator }));
}
export function normal_(tensor: Tensor, ...args: any[]): Tensor {
  const [mean, std, generator] = bind("normal_", [["mean", 0.0], ["std", 1.0]], args);
  return no_grad(() => tensor.normal_(mean, std, { generator }));
}
export function constant_(tensor: Tensor, val: number): Tensor { return no_grad(() => tensor.fill_(val)); }
export function ones_(tensor: Tensor): Tensor { return no_grad(() => tensor.fill_(1.0)); }
export function zeros_(tensor: Tensor): Tensor { return no_grad(() => tensor.zero_()); }

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
  const [gain, generator] = bind("xavier_uniform_", [["gain", 1.0]], args);
  const [fan_in, fan_out] = _calculate_fan_in_and_fan_out(tensor);
  const std = gain * Math.sqrt(2.0 / (fan_in + fan_out));
  const a = Math.sqrt(3.0) * std;
  return no_grad(() => tensor.uniform_(-a, a, { generator }));
}
export function xavier_normal_(tensor: Tensor, ...args: any[]): Tensor {
  const [gain, generator] = bind("xavier_normal_", [["gain", 1.0]], args);
  const [fan_in, fan_out] = _calculate_fan_in_and_fan_out(tensor);
  const std = gain * Math.sqrt(2.0 / (fan_in + fan_out));
  return no_grad(() => tensor.normal_(0, std, { generator }));
}

const KAIMING = [["a", 0], ["mode", "fan_in"], ["nonlinearity", "leaky_relu"]] as const;
export function kaiming_uniform_(tensor: Tensor, ...args: any[]): Tensor {
  const [a, mode, nonlinearity, generator] = bind("kaiming_uniform_", KAIMING, args);
  if (tensor.shape.includes(0)) { warn("Initializing zero-element tensors is a no-op"); return tensor; }
  const fan = _calculate_correct_fan(tensor, mode);
  const gain = calculate_gain(nonlinearity, a);
  const std = gain / Math.sqrt(fan);
  const bound = Math.sqrt(3.0) * std;
  return no_grad(() => tensor.uniform_(-bound, bound, { generator }));
}
export function kaiming_normal_(tensor: Tensor, ...args: any[]): Tensor {
  const [a, mode, nonlinearity, generator] = bind("kaiming_normal_", KAIMING, args);
  if (tensor.shape.includes(0)) { warn("Initializing zero-element tensors is a no-op"); return tensor; }
  const fan = _calculate_correct_fan(tensor, mode);
  const gain = calculate_gain(nonlinearity, a);
  const std = gain / Math.sqrt(fan);
  return no_grad(() => tensor.normal_(0, std, { generator }));
}
