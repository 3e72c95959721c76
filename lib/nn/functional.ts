// torch.nn.functional (torch/nn/functional.py): each function makes the ATen call Python makes.
// `import F from "torch-node/nn/functional"` is the same object as torch.nn.functional.
import { Tensor } from "../tensor";
import { callOp } from "../_ops";
import { OPS } from "../_generated/ops";
import { bindArgs, valueError, warn } from "./_utils";
import { no_grad } from "../autograd";

const op = (name: string, ...args: unknown[]): any => callOp(OPS, name, undefined, args);

// ---- activations ----
export function relu(input: Tensor, ...args: any[]): Tensor {
  const inplace = args.length === 0 ? false : bindArgs("relu", [["inplace", false]], args)[0];
  return inplace ? op("relu_", input) : op("relu", input);
}
export function relu_(input: Tensor): Tensor { return op("relu_", input); }
export function leaky_relu(input: Tensor, ...args: any[]): Tensor {
  const [negative_slope, inplace] = bindArgs("leaky_relu", [["negative_slope", 0.01], ["inplace", false]], args);
  return inplace ? op("leaky_relu_", input, negative_slope) : op("leaky_relu", input, negative_slope);
}
export function gelu(input: Tensor, ...args: any[]): Tensor {
  const [approximate] = bindArgs("gelu", [["approximate", "none"]], args);
  return op("gelu", input, { approximate });
}
export function silu(input: Tensor, ...args: any[]): Tensor {
  const [inplace] = bindArgs("silu", [["inplace", false]], args);
  return inplace ? op("silu_", input) : op("silu", input);
}
export function sigmoid(input: Tensor): Tensor { return input.sigmoid(); }
export function tanh(input: Tensor): Tensor { return input.tanh(); }

/** Python's _get_softmax_dim: the implicit dim of softmax(input) without dim. */
function _get_softmax_dim(name: string, ndim: number): number {
  warn(`Implicit dimension choice for ${name} has been deprecated. Change the call to include dim=X as an argument.`, "UserWarning");
  return ndim === 0 || ndim === 1 || ndim === 3 ? 0 : 1;
}
const SOFTMAX_SIG = [["dim", null], ["_stacklevel", 3], ["dtype", null]] as const;
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

// ---- linear, convolution, pooling ----
export function linear(input: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  return op("linear", input, weight, bias);
}
// ---- dropout, normalization ----
const DROPOUT_SIG = [["p", 0.5], ["training", true], ["inplace", false]] as const;
function checkP(p: number) {
  if (p < 0.0 || p > 1.0) throw valueError(`dropout probability has to be between 0 and 1, but got ${p}`);
}
/** dropout(input, p=0.5, training=true, inplace=false): ATen's dropout, as Python calls it. */
export function dropout(input: Tensor, ...args: any[]): Tensor {
  const [p, training, inplace] = bindArgs("dropout", DROPOUT_SIG, args);
  checkP(p);
  return inplace ? op("dropout_", input, p, training) : op("dropout", input, p, training);
}
/** dropout2d: zeroes whole channels (ATen's feature_dropout). */
export function dropout2d(input: Tensor, ...args: any[]): Tensor {
  const [p, training, inplace] = bindArgs("dropout2d", DROPOUT_SIG, args);
  checkP(p);
  const d = input.dim();
  if (d !== 3 && d !== 4) {
    warn(`dropout2d: Received a ${d}-D input to dropout2d, which is deprecated and will result in an error in a future release. To retain the behavior and silence this warning, please use dropout instead. Note that dropout2d exists to provide channel-wise dropout on inputs with 2 spatial dimensions, a channel dimension, and an optional batch dimension (i.e. 3D or 4D inputs).`, "UserWarning");
  }
  const is_batched = d === 4;
  let x = is_batched ? input : input.unsqueeze(0);
  x = inplace ? op("feature_dropout_", x, p, training) : op("feature_dropout", x, p, training);
  return is_batched ? x : x.squeeze(0);
}
function _verify_batch_size(size: number[]) {
  let prod = size[0];
  for (let i = 0; i < size.length - 2; i++) prod *= size[i + 2];
  if (prod === 1) throw valueError(`Expected more than 1 value per channel when training, got input size torch.Size([${size.join(", ")}])`);
}
/** batch_norm(input, running_mean, running_var, weight=null, bias=null, training=false, momentum=0.1, eps=1e-5) */
export function batch_norm(input: Tensor, ...args: any[]): Tensor {
  const [running_mean, running_var, weight, bias, training, momentum, eps] = bindArgs("batch_norm",
    [["running_mean"], ["running_var"], ["weight", null], ["bias", null], ["training", false], ["momentum", 0.1], ["eps", 1e-5]], args);
  if (training) _verify_batch_size(input.shape);
  return op("batch_norm", input, weight, bias, running_mean, running_var, training, momentum, eps, true);
}
export function layer_norm(input: Tensor, ...args: any[]): Tensor {
  const [normalized_shape, weight, bias, eps] = bindArgs("layer_norm", [["normalized_shape"], ["weight", null], ["bias", null], ["eps", 1e-5]], args);
  return op("layer_norm", input, normalized_shape, weight, bias, eps);
}

/** embedding(input, weight, padding_idx=null, max_norm=null, norm_type=2, scale_grad_by_freq=false, sparse=false) */
export function embedding(input: Tensor, weight: Tensor, ...args: any[]): Tensor {
  let [padding_idx, max_norm, norm_type, scale_grad_by_freq, sparse] = bindArgs("embedding",
    [["padding_idx", null], ["max_norm", null], ["norm_type", 2.0], ["scale_grad_by_freq", false], ["sparse", false]], args);
  if (padding_idx !== null) {
    const n = weight.size(0);
    if (padding_idx > 0 && padding_idx >= n) throw new Error("AssertionError: Padding_idx must be within num_embeddings");
    if (padding_idx < 0) {
      if (padding_idx < -n) throw new Error("AssertionError: Padding_idx must be within num_embeddings");
      padding_idx = n + padding_idx;
    }
  } else padding_idx = -1;
  if (max_norm !== null) {
    input = input.contiguous();
    // The renorm changes weight in place, outside autograd.
    const w = weight;
    no_grad(() => op("embedding_renorm_", w, input, max_norm, norm_type));
  }
  return op("embedding", weight, input, padding_idx, scale_grad_by_freq, sparse);
}

// ---- other ----
export function one_hot(tensor: Tensor, ...args: any[]): Tensor {
  const [num_classes] = bindArgs("one_hot", [["num_classes", -1]], args);
  return op("one_hot", tensor, num_classes);
}

// ---- attention ----
/**
 * scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False, *,
 * scale=None, enable_gqa=False): ATen's fused attention. Only where the linked libtorch has it (2.x);
 * against 1.13 it raises what Python 1.13's missing attribute does.
 */
export function scaled_dot_product_attention(query: Tensor, key: Tensor, value: Tensor, ...args: any[]): Tensor {
  if (!OPS.scaled_dot_product_attention) {
    const e = new Error("module 'torch.nn.functional' has no attribute 'scaled_dot_product_attention'");
    e.name = "AttributeError";
    throw e;
  }
  return op("scaled_dot_product_attention", query, key, value, ...args);
}

// Each area's functions live in ./_functional/<area>.ts.
import * as vision from "./_functional/vision";
import * as activation from "./_functional/activation";
import * as loss from "./_functional/loss";
import * as attention from "./_functional/attention";
export * from "./_functional/vision";
export * from "./_functional/activation";
export * from "./_functional/loss";
export * from "./_functional/attention";

/** torch.nn.functional, as one object. */
const F = {
  ...vision, ...activation, ...loss, ...attention,
  relu, relu_, leaky_relu, gelu, silu, sigmoid, tanh, softmax, log_softmax,
  linear,
  dropout, dropout2d, batch_norm, layer_norm,
  embedding, one_hot,
  scaled_dot_product_attention,
};
export default F;
