// torch.nn.functional (torch/nn/functional.py): activations, dropout, normalization, linear,
// embedding and distance functions, re-exported by ../functional. Each makes the ATen call
// Python makes, after Python's checks.
import { Tensor, pyError } from "../../tensor";
import { op } from "../_ops";
import { bindArgs, typename, valueError, warn } from "../_utils";
import { V, since } from "../../version";

/** Python's `raise AssertionError(msg)` (1.13's bare `assert` has no message). */
function assertionError(msg = ""): Error { return pyError("AssertionError", msg); }
const attributeError = (name: string) => pyError("AttributeError", `module 'torch.nn.functional' has no attribute '${name}'`);
/** Python's str() of a torch.Size. */
const sizeStr = (s: readonly number[]) => `torch.Size([${s.join(", ")}])`;

// ---- activations ----
/** threshold(input, threshold, value, inplace=false) */
export function threshold(input: Tensor, ...args: any[]): Tensor {
  const [th, value, inplace] = bindArgs("_threshold", [["threshold"], ["value"], ["inplace", false]], args);
  return inplace ? op("threshold_", input, th, value) : op("threshold", input, th, value);
}
export function threshold_(input: Tensor, ...args: any[]): Tensor { return op("threshold_", input, ...args); }
export function relu(input: Tensor, ...args: any[]): Tensor {
  const inplace = args.length === 0 ? false : bindArgs("relu", [["inplace", false]], args)[0];
  return inplace ? op("relu_", input) : op("relu", input);
}
export function relu_(input: Tensor): Tensor { return op("relu_", input); }
export function glu(input: Tensor, ...args: any[]): Tensor {
  const [dim] = bindArgs("glu", [["dim", -1]], args);
  if (input.dim() === 0) throw pyError("RuntimeError", "glu does not support scalars because halving size must be even");
  return op("glu", input, dim);
}
export function hardtanh(input: Tensor, ...args: any[]): Tensor {
  const [min_val, max_val, inplace] = bindArgs("hardtanh", [["min_val", -1.0], ["max_val", 1.0], ["inplace", false]], args);
  if (V.nn_value_checks && min_val > max_val) throw valueError("min_val cannot be greater than max_val");
  return inplace ? op("hardtanh_", input, min_val, max_val) : op("hardtanh", input, min_val, max_val);
}
export function hardtanh_(input: Tensor, ...args: any[]): Tensor { return op("hardtanh_", input, ...args); }
export function relu6(input: Tensor, ...args: any[]): Tensor {
  const [inplace] = bindArgs("relu6", [["inplace", false]], args);
  return inplace ? op("relu6_", input) : op("relu6", input);
}
export function elu(input: Tensor, ...args: any[]): Tensor {
  const [alpha, inplace] = bindArgs("elu", [["alpha", 1.0], ["inplace", false]], args);
  return inplace ? op("elu_", input, alpha) : op("elu", input, alpha);
}
export function elu_(input: Tensor, ...args: any[]): Tensor { return op("elu_", input, ...args); }
export function selu(input: Tensor, ...args: any[]): Tensor {
  const [inplace] = bindArgs("selu", [["inplace", false]], args);
  return inplace ? op("selu_", input) : op("selu", input);
}
export function selu_(input: Tensor): Tensor { return op("selu_", input); }
export function celu(input: Tensor, ...args: any[]): Tensor {
  const [alpha, inplace] = bindArgs("celu", [["alpha", 1.0], ["inplace", false]], args);
  return inplace ? celu_(input, alpha) : op("celu", input, alpha);
}
export function celu_(input: Tensor, ...args: any[]): Tensor {
  const [alpha] = bindArgs("celu_", [["alpha", 1.0]], args);
  return op("celu_", input, alpha);
}
export function leaky_relu(input: Tensor, ...args: any[]): Tensor {
  const [negative_slope, inplace] = bindArgs("leaky_relu", [["negative_slope", 0.01], ["inplace", false]], args);
  return inplace ? op("leaky_relu_", input, negative_slope) : op("leaky_relu", input, negative_slope);
}
export function leaky_relu_(input: Tensor, ...args: any[]): Tensor { return op("leaky_relu_", input, ...args); }
export function prelu(input: Tensor, ...args: any[]): Tensor { return op("prelu", input, ...args); }
const RRELU_SIG = [["lower", 1.0 / 8], ["upper", 1.0 / 3], ["training", false], ["inplace", false]] as const;
export function rrelu(input: Tensor, ...args: any[]): Tensor {
  const [lower, upper, training, inplace] = bindArgs("rrelu", RRELU_SIG, args);
  return op(inplace ? "rrelu_" : "rrelu", input, lower, upper, training);
}
export function rrelu_(input: Tensor, ...args: any[]): Tensor {
  const [lower, upper, training] = bindArgs("rrelu_", RRELU_SIG.slice(0, 3), args);
  return op("rrelu_", input, lower, upper, training);
}
export function logsigmoid(input: Tensor): Tensor { return op("log_sigmoid", input); }
export function gelu(input: Tensor, ...args: any[]): Tensor {
  const [approximate] = bindArgs("gelu", [["approximate", "none"]], args);
  return op("gelu", input, { approximate });
}
export function hardshrink(input: Tensor, ...args: any[]): Tensor { return op("hardshrink", input, ...args); }
export function tanhshrink(input: Tensor): Tensor { return input.sub(input.tanh()); }
export function softsign(input: Tensor): Tensor { return input.div(input.abs().add(1)); }
export function softplus(input: Tensor, ...args: any[]): Tensor { return op("softplus", input, ...args); }
export function softshrink(input: Tensor, ...args: any[]): Tensor { return op("softshrink", input, ...args); }
export function tanh(input: Tensor): Tensor { return input.tanh(); }
export function sigmoid(input: Tensor): Tensor { return input.sigmoid(); }
export function hardsigmoid(input: Tensor, ...args: any[]): Tensor {
  const [inplace] = bindArgs("hardsigmoid", [["inplace", false]], args);
  return inplace ? op("hardsigmoid_", input) : op("hardsigmoid", input);
}
export function silu(input: Tensor, ...args: any[]): Tensor {
  const [inplace] = bindArgs("silu", [["inplace", false]], args);
  return inplace ? op("silu_", input) : op("silu", input);
}
export function mish(input: Tensor, ...args: any[]): Tensor {
  const [inplace] = bindArgs("mish", [["inplace", false]], args);
  return inplace ? op("mish_", input) : op("mish", input);
}
export function hardswish(input: Tensor, ...args: any[]): Tensor {
  const [inplace] = bindArgs("hardswish", [["inplace", false]], args);
  return inplace ? op("hardswish_", input) : op("hardswish", input);
}

/** Python's _get_softmax_dim: the implicit dim of softmax(input) without dim. */
function _get_softmax_dim(name: string, ndim: number): number {
  warn(`Implicit dimension choice for ${name} has been deprecated. Change the call to include dim=X as an argument.`, "UserWarning");
  return ndim === 0 || ndim === 1 || ndim === 3 ? 0 : 1;
}
const SOFTMAX_SIG = [["dim", null], ["_stacklevel", 3], ["dtype", null]] as const;
export function softmin(input: Tensor, ...args: any[]): Tensor {
  let [dim, , dtype] = bindArgs("softmin", SOFTMAX_SIG, args);
  if (dim === null) dim = _get_softmax_dim("softmin", input.dim());
  const x = input.neg();
  return dtype === null ? x.softmax(dim) : x.softmax(dim, dtype);
}
export function softmax(input: Tensor, ...args: any[]): Tensor {
  let [dim, , dtype] = bindArgs("softmax", SOFTMAX_SIG, args);
  if (dim === null) dim = _get_softmax_dim("softmax", input.dim());
  return dtype === null ? input.softmax(dim) : input.softmax(dim, dtype);
}
export function log_softmax(input: Tensor, ...args: any[]): Tensor {
  let [dim, , dtype] = bindArgs("log_softmax", SOFTMAX_SIG, args);
  if (dim === null) dim = _get_softmax_dim("log_softmax", input.dim());
  return dtype === null ? input.log_softmax(dim) : input.log_softmax(dim, dtype);
}
/** gumbel_softmax(logits, tau=1, hard=false, eps=1e-10, dim=-1) */
export function gumbel_softmax(logits: Tensor, ...args: any[]): Tensor {
  const [tau, hard, eps, dim] = bindArgs("gumbel_softmax", [["tau", 1], ["hard", false], ["eps", 1e-10], ["dim", -1]], args);
  if (eps !== 1e-10) warn("`eps` parameter is deprecated and has no effect.", "UserWarning");
  const gumbels = op("empty", logits.shape, { dtype: logits.dtype, device: logits.device }).exponential_().log().neg();
  const y_soft = logits.add(gumbels).div(tau).softmax(dim);
  if (!hard) return y_soft;
  const index = y_soft.max(dim, true)[1];
  const y_hard = op("zeros", logits.shape, { dtype: logits.dtype, device: logits.device }).scatter_(dim, index, 1.0);
  return y_hard.sub(y_soft.detach()).add(y_soft);
}

// ---- linear ----
export function linear(input: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  return op("linear", input, weight, bias);
}
export function bilinear(input1: Tensor, input2: Tensor, ...args: any[]): Tensor { return op("bilinear", input1, input2, ...args); }

// ---- dropout ----
function checkP(p: number) {
  if (p < 0.0 || p > 1.0) throw valueError(`dropout probability has to be between 0 and 1, but got ${p}`);
}
const DROPOUT_SIG = [["p", 0.5], ["training", true], ["inplace", false]] as const;
const ALPHA_SIG = [["p", 0.5], ["training", false], ["inplace", false]] as const;

/** dropout(input, p=0.5, training=true, inplace=false) */
export function dropout(input: Tensor, ...args: any[]): Tensor {
  const [p, training, inplace] = bindArgs("dropout", DROPOUT_SIG, args);
  checkP(p);
  return inplace ? op("dropout_", input, p, training) : op("dropout", input, p, training);
}
/** alpha_dropout(input, p=0.5, training=false, inplace=false) */
export function alpha_dropout(input: Tensor, ...args: any[]): Tensor {
  const [p, training, inplace] = bindArgs("alpha_dropout", ALPHA_SIG, args);
  checkP(p);
  return inplace ? op("alpha_dropout_", input, p, training) : op("alpha_dropout", input, p, training);
}
/** feature_alpha_dropout(input, p=0.5, training=false, inplace=false) */
export function feature_alpha_dropout(input: Tensor, ...args: any[]): Tensor {
  const [p, training, inplace] = bindArgs("feature_alpha_dropout", ALPHA_SIG, args);
  checkP(p);
  return inplace ? op("feature_alpha_dropout_", input, p, training) : op("feature_alpha_dropout", input, p, training);
}
/** Channel dropout over (C, *spatial) or (N, C, *spatial): ATen's feature_dropout, unbatched input given a batch dim. */
function featureDropout(input: Tensor, p: number, training: boolean, inplace: boolean, batched: boolean): Tensor {
  let x = input;
  if (!batched) x = inplace ? x.unsqueeze_(0) : x.unsqueeze(0);
  let r: Tensor = inplace ? op("feature_dropout_", x, p, training) : op("feature_dropout", x, p, training);
  if (!batched) r = inplace ? r.squeeze_(0) : r.squeeze(0);
  return r;
}
export function dropout1d(input: Tensor, ...args: any[]): Tensor {
  const [p, training, inplace] = bindArgs("dropout1d", DROPOUT_SIG, args);
  checkP(p);
  const d = input.dim();
  if (d !== 2 && d !== 3)
    throw pyError("RuntimeError", `dropout1d: Expected 2D or 3D input, but received a ${d}D input. Note that dropout1d exists to provide channel-wise dropout on inputs with 1 spatial dimension, a channel dimension, and an optional batch dimension (i.e. 2D or 3D inputs).`);
  return featureDropout(input, p, training, inplace, d === 3);
}
/** dropout2d's and dropout3d's deprecation of inputs without n spatial dims (plus channel and optional batch). */
function warnDims(n: number, d: number): void {
  if (d === n + 1 || d === n + 2) return;
  const name = `dropout${n}d`;
  warn(`${name}: Received a ${d}-D input to ${name}, which is deprecated and will result in an error in a future release. To retain the behavior and silence this warning, please use dropout instead. Note that ${name} exists to provide channel-wise dropout on inputs with ${n} spatial dimensions, a channel dimension, and an optional batch dimension (i.e. ${n + 1}D or ${n + 2}D inputs).`, "UserWarning");
}
/**
 * dropout2d: zeroes whole channels. Python passes every input to feature_dropout as it is: a 3-D
 * input is (N, C, L), not an unbatched (C, H, W), and a 2-D (N, C) one drops single elements;
 * both warn (once, as Python's warnings filter does).
 */
export function dropout2d(input: Tensor, ...args: any[]): Tensor {
  const [p, training, inplace] = bindArgs("dropout2d", DROPOUT_SIG, args);
  checkP(p);
  const d = input.dim();
  warnDims(2, d);
  if (d === 3)
    warn("dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D dropout behavior is desired - input is interpreted as shape (N, C, L), where C is the channel dim. This behavior will change in a future release to interpret the input as one without a batch dimension, i.e. shape (C, H, W). To maintain the 1D channel-wise dropout behavior, please switch to using dropout1d instead.", "UserWarning");
  return inplace ? op("feature_dropout_", input, p, training) : op("feature_dropout", input, p, training);
}
export function dropout3d(input: Tensor, ...args: any[]): Tensor {
  const [p, training, inplace] = bindArgs("dropout3d", DROPOUT_SIG, args);
  checkP(p);
  const d = input.dim();
  warnDims(3, d);
  return featureDropout(input, p, training, inplace, d === 5);
}

// ---- normalization ----
function _verify_batch_size(size: readonly number[], shown: string) {
  let prod = size[0];
  for (let i = 0; i < size.length - 2; i++) prod *= size[i + 2];
  if (prod === 1) throw valueError(`Expected more than 1 value per channel when training, got input size ${shown}`);
}
/** batch_norm(input, running_mean, running_var, weight=null, bias=null, training=false, momentum=0.1, eps=1e-5) */
export function batch_norm(input: Tensor, ...args: any[]): Tensor {
  const [running_mean, running_var, weight, bias, training, momentum, eps] = bindArgs("batch_norm",
    [["running_mean"], ["running_var"], ["weight", null], ["bias", null], ["training", false], ["momentum", 0.1], ["eps", 1e-5]], args);
  if (training) _verify_batch_size(input.shape, sizeStr(input.shape));
  if (V.batch_norm_eps_check) {
    if (training && eps <= 0.0) throw valueError(`batch_norm eps must be positive during training, but got ${eps}`);
    if (eps < 0.0) throw valueError(`batch_norm eps must be non-negative, but got ${eps}`);
  }
  return op("batch_norm", input, weight, bias, running_mean, running_var, training, momentum, eps, true);
}
/** instance_norm(input, running_mean=null, running_var=null, weight=null, bias=null, use_input_stats=true, momentum=0.1, eps=1e-5) */
export function instance_norm(input: Tensor, ...args: any[]): Tensor {
  const [running_mean, running_var, weight, bias, use_input_stats, momentum, eps] = bindArgs("instance_norm",
    [["running_mean", null], ["running_var", null], ["weight", null], ["bias", null], ["use_input_stats", true], ["momentum", 0.1], ["eps", 1e-5]], args);
  if (use_input_stats) {
    let prod = 1;
    for (let i = 2; i < input.dim(); i++) prod *= input.shape[i];
    if (prod === 1) throw valueError(`Expected more than 1 spatial element when training, got input size ${sizeStr(input.shape)}`);
  }
  return op("instance_norm", input, weight, bias, running_mean, running_var, use_input_stats, momentum, eps, true);
}
export function layer_norm(input: Tensor, ...args: any[]): Tensor {
  const [normalized_shape, weight, bias, eps] = bindArgs("layer_norm", [["normalized_shape"], ["weight", null], ["bias", null], ["eps", 1e-5]], args);
  return op("layer_norm", input, normalized_shape, weight, bias, eps);
}
/** rms_norm(input, normalized_shape, weight=null, eps=null): 2.4+. */
export function rms_norm(input: Tensor, ...args: any[]): Tensor {
  if (!V.rms_norm) throw attributeError("rms_norm");
  const [normalized_shape, weight, eps] = bindArgs("rms_norm", [["normalized_shape"], ["weight", null], ["eps", null]], args);
  return op("rms_norm", input, normalized_shape, weight, eps);
}
export function group_norm(input: Tensor, ...args: any[]): Tensor {
  const [num_groups, weight, bias, eps] = bindArgs("group_norm", [["num_groups"], ["weight", null], ["bias", null], ["eps", 1e-5]], args);
  if (V.batch_norm_eps_check && input.dim() < 2)
    throw pyError("RuntimeError", `Expected at least 2 dimensions for input tensor but received ${input.dim()}`);
  const size = [Math.floor((input.size(0) * input.size(1)) / num_groups), num_groups, ...input.shape.slice(2)];
  _verify_batch_size(size, `[${size.join(", ")}]`);
  return op("group_norm", input, num_groups, weight, bias, eps, true);
}
/** local_response_norm(input, size, alpha=1e-4, beta=0.75, k=1.0): averages squares over neighbouring channels. */
export function local_response_norm(input: Tensor, ...args: any[]): Tensor {
  const [size, alpha, beta, k] = bindArgs("local_response_norm", [["size"], ["alpha", 1e-4], ["beta", 0.75], ["k", 1.0]], args);
  const dim = input.dim();
  if (dim < 3) throw valueError(`Expected 3D or higher dimensionality                          input (got ${dim} dimensions)`);
  if (input.numel() === 0) return input;
  let div = input.mul(input);
  const front = Math.floor(size / 2), back = Math.floor((size - 1) / 2);
  if (dim === 3) {
    div = op("constant_pad_nd", div.unsqueeze(1), [0, 0, front, back], 0);
    div = op("avg_pool2d", div, [size, 1], 1).squeeze(1);
  } else {
    const sizes = input.shape;
    div = div.view(sizes[0], 1, sizes[1], sizes[2], -1);
    div = op("constant_pad_nd", div, [0, 0, 0, 0, front, back], 0);
    div = op("avg_pool3d", div, [size, 1, 1], 1).squeeze(1);
    div = div.view(sizes);
  }
  div = div.mul(alpha).add(k).pow(beta);
  return input.div(div);
}

// ---- embedding ----
/** Python's padding_idx check and wrap-around; `name` is how the message spells it. */
export function _padding_idx(padding_idx: number | null, n: number, name: string): number | null {
  if (padding_idx === null) return null;
  if (padding_idx > 0 && padding_idx >= n) throw assertionError(`${name} must be within num_embeddings`);
  if (padding_idx < 0) {
    if (padding_idx < -n) throw assertionError(`${name} must be within num_embeddings`);
    return n + padding_idx;
  }
  return padding_idx;
}
/** Renormalizes the looked-up rows of weight in place, outside autograd. */
function _no_grad_embedding_renorm_(weight: Tensor, input: Tensor, max_norm: number, norm_type: number): void {
  op("embedding_renorm_", weight.detach(), input, max_norm, norm_type);
}
/** embedding(input, weight, padding_idx=null, max_norm=null, norm_type=2, scale_grad_by_freq=false, sparse=false) */
export function embedding(input: Tensor, weight: Tensor, ...args: any[]): Tensor {
  const [padding_idx, max_norm, norm_type, scale_grad_by_freq, sparse] = bindArgs("embedding",
    [["padding_idx", null], ["max_norm", null], ["norm_type", 2.0], ["scale_grad_by_freq", false], ["sparse", false]], args);
  const pad = _padding_idx(padding_idx, weight.size(0), "Padding_idx") ?? -1;
  if (max_norm !== null) {
    input = input.contiguous();
    _no_grad_embedding_renorm_(weight, input, max_norm, norm_type);
  }
  return op("embedding", weight, input, pad, scale_grad_by_freq, sparse);
}
const EMBEDDING_BAG_SIG = [["offsets", null], ["max_norm", null], ["norm_type", 2], ["scale_grad_by_freq", false], ["mode", "mean"],
  ["sparse", false], ["per_sample_weights", null], ["include_last_offset", false], ["padding_idx", null]] as const;
/** embedding_bag(input, weight, offsets=null, max_norm=null, norm_type=2, scale_grad_by_freq=false, mode="mean", sparse=false,
 *  per_sample_weights=null, include_last_offset=false, padding_idx=null): sums, means or maxes of bags of embeddings. */
export function embedding_bag(input: Tensor, weight: Tensor, ...args: any[]): Tensor {
  let [offsets, max_norm, norm_type, scale_grad_by_freq, mode, sparse, per_sample_weights, include_last_offset, padding_idx] =
    bindArgs("embedding_bag", EMBEDDING_BAG_SIG, args);
  if (weight.dtype.name === "int64" && input.is_floating_point()) {
    warn("Argument order of nn.functional.embedding_bag was changed. Usage `embedding_bag(weight, input, ...)` is deprecated, and should now be `embedding_bag(input, weight, ...)`.", "UserWarning");
    [weight, input] = [input, weight];
  }
  if (per_sample_weights !== null && String(input.shape) !== String(per_sample_weights.shape))
    throw valueError(`embedding_bag: If per_sample_weights (${sizeStr(per_sample_weights.shape)}) is not None, then it must have the same shape as the input (${sizeStr(input.shape)})`);
  if (V.embedding_bag_checks && weight.dim() !== 2) throw valueError(`weight has to be a 2D Tensor, but got Tensor of dimension ${weight.dim()}`);
  if (input.dim() === 2) {
    if (offsets !== null)
      throw valueError(`if input is 2D, then offsets has to be None, as input is treated is a mini-batch of fixed length sequences. However, found offsets of type <class '${offsets instanceof Tensor ? "torch.Tensor" : typename(offsets)}'>`);
    offsets = op("arange", 0, input.numel(), input.size(1), { dtype: input.dtype, device: input.device });
    if (V.embedding_bag_checks) include_last_offset = false;
    input = input.reshape(-1);
    if (per_sample_weights !== null) per_sample_weights = per_sample_weights.reshape(-1);
  } else if (input.dim() === 1) {
    if (offsets === null) throw valueError("offsets has to be a 1D Tensor but got None");
    if (offsets.dim() !== 1) throw valueError("offsets has to be a 1D Tensor");
  } else throw valueError(`input has to be 1D or 2D Tensor, but got Tensor of dimension ${input.dim()}`);
  let mode_enum: number;
  if (mode === "sum") mode_enum = 0;
  else if (mode === "mean") mode_enum = 1;
  else if (mode === "max") {
    mode_enum = 2;
    if (scale_grad_by_freq) throw valueError("max mode does not support scaling the gradient by the frequency");
    if (sparse) throw valueError("max mode does not support sparse weights");
  } else throw valueError("mode has to be one of sum, mean or max");
  if (max_norm !== null) _no_grad_embedding_renorm_(weight, input, max_norm, norm_type);
  if (per_sample_weights !== null && mode !== "sum")
    throw pyError("NotImplementedError", `embedding_bag: per_sample_weights was not None. per_sample_weights is only supported for mode='sum' (got mode='${mode}'). Please open a feature request on GitHub.`);
  return op("embedding_bag", weight, input, offsets, scale_grad_by_freq, mode_enum, sparse, per_sample_weights, include_last_offset, padding_idx)[0];
}

// ---- distance ----
export function pairwise_distance(x1: Tensor, x2: Tensor, ...args: any[]): Tensor { return op("pairwise_distance", x1, x2, ...args); }
export function cosine_similarity(x1: Tensor, x2: Tensor, ...args: any[]): Tensor { return op("cosine_similarity", x1, x2, ...args); }
/** normalize(input, p=2.0, dim=1, eps=1e-12, out=None): input over its p-norm along dim, at least eps. */
export function normalize(input: Tensor, ...args: any[]): Tensor {
  const [p, dim, eps, out] = bindArgs("normalize", [["p", 2.0], ["dim", 1], ["eps", 1e-12], ["out", null]], args);
  // torch.norm of a numeric p: linalg.vector_norm since 2.0 (grad_fn LinalgVectorNormBackward0).
  const norm: Tensor = since(2, 0) ? op("linalg_vector_norm", input, p, [dim], true) : op("norm", input, p, [dim], true);
  if (out === null) return input.div(norm.clamp_min(eps).expand_as(input));
  return op("div", input, norm.clamp_min_(eps).expand_as(input), { out });
}
/** pdist(input, p=2): the p-norm distances between the rows of input, upper triangle flattened. */
export function pdist(input: Tensor, ...args: any[]): Tensor {
  const [p] = bindArgs("pdist", [["p", 2]], args);
  return op("pdist", input, p);
}
