// torch.nn.functional: the loss functions (torch/nn/functional.py and torch/nn/_reduction.py),
// re-exported by ../functional. Each makes the ATen call Python makes, after Python's checks.
import { Tensor, pyError } from "../../tensor";
import { op } from "../_ops";
import { bindArgs, valueError, warn, type Sig } from "../_utils";
import { no_grad } from "../../autograd";
import { V } from "../../version";


// ---- _Reduction ----
/** _Reduction.get_enum */
export function _reduction_enum(reduction: string): number {
  switch (reduction) {
    case "none": return 0;
    case "mean": return 1;
    case "elementwise_mean":
      warn(V.loss2 ? "reduction='elementwise_mean' is deprecated. Please use reduction='mean' instead."
        : "reduction='elementwise_mean' is deprecated, please use reduction='mean' instead.");
      return 1;
    case "sum": return 2;
  }
  throw valueError(`${reduction} is not a valid value for reduction`);
}
/** _Reduction.legacy_get_string (size_average / reduce, deprecated: Python warns). */
export function _legacy_reduction(size_average: boolean | null, reduce: boolean | null, emit_warning = true): string {
  const sa = size_average ?? true, r = reduce ?? true;
  const ret = sa && r ? "mean" : r ? "sum" : "none";
  if (emit_warning) warn(`size_average and reduce args will be deprecated, please use reduction='${ret}' instead.`);
  return ret;
}
/** The reduction string after the legacy arguments (legacy_get_string when either is given). */
function reductionString(size_average: boolean | null, reduce: boolean | null, reduction: string): string {
  return size_average !== null || reduce !== null ? _legacy_reduction(size_average, reduce) : reduction;
}
function reductionOf(size_average: boolean | null, reduce: boolean | null, reduction: string): number {
  return _reduction_enum(reductionString(size_average, reduce, reduction));
}

function needTensor(fname: string, name: string, v: unknown): void {
  if (!(v instanceof Tensor)) throw new TypeError(`${fname}(): argument '${name}' must be Tensor, not ${v === null ? "NoneType" : typeof v}`);
}
const sameSize = (a: Tensor, b: Tensor) => {
  const x = a.shape, y = b.shape;
  return x.length === y.length && x.every((v, i) => v === y[i]);
};
function sizeWarning(input: Tensor, target: Tensor) {
  if (!sameSize(input, target))
    warn(`Using a target size (${target.shape}) that is different to the input size (${input.shape}). This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.`);
}
/** torch.broadcast_shapes of two sizes. */
function inferSize(a: number[], b: number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1, y = b[b.length - n + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1)
      throw pyError("RuntimeError", `The size of tensor a (${x}) must match the size of tensor b (${y}) at non-singleton dimension ${i}`);
    out.push(x === 1 ? y : x);
  }
  return out;
}
/** The 'none' / 'mean' / 'sum' tail of the losses Python reduces itself. */
function reduceBy(loss: Tensor, reduction: string, invalid: () => Error): Tensor {
  if (reduction === "none") return loss;
  if (reduction === "mean") return loss.mean();
  if (reduction === "sum") return loss.sum();
  throw invalid();
}

const RED: Sig = [["size_average", null], ["reduce", null], ["reduction", "mean"]];

// ---- classification ----
const CE_SIG: Sig = [["weight", null], ["size_average", null], ["ignore_index", -100], ["reduce", null], ["reduction", "mean"], ["label_smoothing", 0.0]];
/** cross_entropy(input, target, weight=null, size_average, ignore_index=-100, reduce, reduction="mean", label_smoothing=0) */
export function cross_entropy(input: Tensor, target: Tensor, ...args: any[]): Tensor {
  if (args.length === 0) return op("cross_entropy_loss", input, target, null, 1, -100, 0.0);
  const [weight, size_average, ignore_index, reduce, reduction, label_smoothing] = bindArgs("cross_entropy", CE_SIG, args);
  return op("cross_entropy_loss", input, target, weight, reductionOf(size_average, reduce, reduction), ignore_index, label_smoothing);
}
const NLL_SIG: Sig = [["weight", null], ["size_average", null], ["ignore_index", -100], ["reduce", null], ["reduction", "mean"]];
/** nll_loss(input, target, weight=null, size_average, ignore_index=-100, reduce, reduction="mean") */
export function nll_loss(input: Tensor, target: Tensor, ...args: any[]): Tensor {
  const [weight, size_average, ignore_index, reduce, reduction] = bindArgs("nll_loss", NLL_SIG, args);
  return op("nll_loss_nd", input, target, weight, reductionOf(size_average, reduce, reduction), ignore_index);
}
/** binary_cross_entropy(input, target, weight=null, size_average, reduce, reduction="mean") */
export function binary_cross_entropy(input: Tensor, target: Tensor, ...args: any[]): Tensor {
  let [weight, size_average, reduce, reduction] = bindArgs("binary_cross_entropy", [["weight", null], ...RED], args);
  const red = reductionOf(size_average, reduce, reduction);
  needTensor("binary_cross_entropy", "target", target);
  if (!sameSize(input, target))
    throw valueError(`Using a target size (${target.shape}) that is different to the input size (${input.shape}) is deprecated. Please ensure they have the same size.`);
  if (weight !== null) weight = weight.expand(inferSize(target.shape, weight.shape));
  return op("binary_cross_entropy", input, target, weight, red);
}
/** binary_cross_entropy_with_logits(input, target, weight=null, size_average, reduce, reduction="mean", pos_weight=null) */
export function binary_cross_entropy_with_logits(input: Tensor, target: Tensor, ...args: any[]): Tensor {
  const [weight, size_average, reduce, reduction, pos_weight] = bindArgs("binary_cross_entropy_with_logits",
    [["weight", null], ...RED, ["pos_weight", null]], args);
  const red = reductionOf(size_average, reduce, reduction);
  needTensor("binary_cross_entropy_with_logits", "target", target);
  if (!sameSize(input, target)) throw valueError(`Target size (${target.shape}) must be the same as input size (${input.shape})`);
  return op("binary_cross_entropy_with_logits", input, target, weight, pos_weight, red);
}
/** poisson_nll_loss(input, target, log_input=true, full=false, size_average, eps=1e-8, reduce, reduction="mean") */
export function poisson_nll_loss(input: Tensor, target: Tensor, ...args: any[]): Tensor {
  const [log_input, full, size_average, eps, reduce, reduction0] = bindArgs("poisson_nll_loss",
    [["log_input", true], ["full", false], ["size_average", null], ["eps", 1e-8], ["reduce", null], ["reduction", "mean"]], args);
  const reduction = reductionString(size_average, reduce, reduction0);
  if (reduction !== "none" && reduction !== "mean" && reduction !== "sum")
    throw valueError(reduction + (V.loss2 ? " is not a valid value for reduction" : " is not valid"));
  return op("poisson_nll_loss", input, target, log_input, full, eps, _reduction_enum(reduction));
}
/** gaussian_nll_loss(input, target, var, full=false, eps=1e-6, reduction="mean"); 2.x takes a float var. */
export function gaussian_nll_loss(input: Tensor, target: Tensor, ...args: any[]): Tensor {
  let [v, full, eps, reduction] = bindArgs("gaussian_nll_loss", [["var"], ["full", false], ["eps", 1e-6], ["reduction", "mean"]], args);
  const negative = () => valueError("var has negative entry/entries");
  if (V.loss2) {
    if (typeof v === "number") {
      if (v < 0) throw negative();
      v = op("ones_like", input).mul(v);
    } else if (op("any", v.lt(0)).item()) throw negative();
  }
  if (typeof v === "number") {
    const e = new Error("'float' object has no attribute 'size'");
    e.name = "AttributeError";
    throw e;
  }
  let var_: Tensor = v;
  const is = input.shape, vs = var_.shape;
  if (!sameSize(input, var_)) {
    const head = is.slice(0, -1);
    if (head.length === vs.length && head.every((x, i) => x === vs[i])) var_ = var_.unsqueeze(-1);
    else if (V.loss2 ? is.length === vs.length && is.reduce((s, x, i) => s + (x !== vs[i] ? vs[i] : 0), 0) === 1
      : head.length === vs.length - 1 && head.every((x, i) => x === vs[i]) && vs[vs.length - 1] === 1) { /* broadcastable */ }
    else throw valueError("var is of incorrect size");
  }
  if (reduction !== "none" && reduction !== "mean" && reduction !== "sum") throw valueError(reduction + " is not valid");
  if (!V.loss2 && op("any", var_.lt(0)).item()) throw negative();
  var_ = var_.clone();
  const clamped = var_;
  no_grad(() => clamped.clamp_({ min: eps }));
  let loss = var_.log().add(input.sub(target).pow(2).div(var_)).mul(0.5);
  if (full) loss = loss.add(0.5 * Math.log(2 * Math.PI));
  return reduceBy(loss, reduction, () => valueError(reduction + " is not valid"));
}
/** kl_div(input, target, size_average, reduce, reduction="mean", log_target=false); "batchmean" divides by the batch size. */
export function kl_div(input: Tensor, target: Tensor, ...args: any[]): Tensor {
  const [size_average, reduce, reduction, log_target] = bindArgs("kl_div", [...RED, ["log_target", false]], args);
  let reduction_enum: number;
  if (size_average !== null || reduce !== null) reduction_enum = _reduction_enum(_legacy_reduction(size_average, reduce));
  else {
    if (reduction === "mean")
      warn("reduction: 'mean' divides the total loss by both the batch size and the support size.'batchmean' divides only by the batch size, and aligns with the KL div math definition.'mean' will be changed to behave the same as 'batchmean' in the next major release.");
    reduction_enum = _reduction_enum(reduction === "batchmean" ? "sum" : reduction);
  }
  let reduced: Tensor = op("kl_div", input, target, reduction_enum, { log_target });
  if (reduction === "batchmean" && input.dim() !== 0) reduced = reduced.div(input.size(0));
  return reduced;
}
/** multilabel_soft_margin_loss(input, target, weight=null, size_average, reduce, reduction="mean") */
export function multilabel_soft_margin_loss(input: Tensor, target: Tensor, ...args: any[]): Tensor {
  const [weight, size_average, reduce, reduction0] = bindArgs("multilabel_soft_margin_loss", [["weight", null], ...RED], args);
  const reduction = reductionString(size_average, reduce, reduction0);
  let loss: Tensor = target.mul(op("log_sigmoid", input)).add(target.neg().add(1).mul(op("log_sigmoid", input.neg()))).neg();
  if (weight !== null) loss = loss.mul(weight);
  const class_dim = input.dim() - 1;
  loss = loss.sum(class_dim).div(input.size(class_dim));
  return reduceBy(loss, reduction, () => valueError(reduction + " is not valid"));
}
/** multi_margin_loss(input, target, p=1, margin=1, weight=null, size_average, reduce, reduction="mean") */
export function multi_margin_loss(input: Tensor, target: Tensor, ...args: any[]): Tensor {
  const [p, margin, weight, size_average, reduce, reduction] = bindArgs("multi_margin_loss", [["p", 1], ["margin", 1.0], ["weight", null], ...RED], args);
  const red = reductionOf(size_average, reduce, reduction);
  if (p !== 1 && p !== 2) throw valueError("only p == 1 and p == 2 supported");
  if (weight !== null && weight.dim() !== 1) throw valueError("weight must be one-dimensional");
  return op("multi_margin_loss", input, target, p, margin, weight, red);
}
/** multilabel_margin_loss(input, target, size_average, reduce, reduction="mean") */
export function multilabel_margin_loss(input: Tensor, target: Tensor, ...args: any[]): Tensor {
  const [size_average, reduce, reduction] = bindArgs("multilabel_margin_loss", RED, args);
  return op("multilabel_margin_loss", input, target, reductionOf(size_average, reduce, reduction));
}
/** soft_margin_loss(input, target, size_average, reduce, reduction="mean") */
export function soft_margin_loss(input: Tensor, target: Tensor, ...args: any[]): Tensor {
  const [size_average, reduce, reduction] = bindArgs("soft_margin_loss", RED, args);
  return op("soft_margin_loss", input, target, reductionOf(size_average, reduce, reduction));
}
/** ctc_loss(log_probs, targets, input_lengths, target_lengths, blank=0, reduction="mean", zero_infinity=false) */
export function ctc_loss(log_probs: Tensor, targets: Tensor, ...args: any[]): Tensor {
  const [input_lengths, target_lengths, blank, reduction, zero_infinity] = bindArgs("ctc_loss",
    [["input_lengths"], ["target_lengths"], ["blank", 0], ["reduction", "mean"], ["zero_infinity", false]], args);
  return op("ctc_loss", log_probs, targets, input_lengths, target_lengths, blank, _reduction_enum(reduction), zero_infinity);
}

// ---- regression ----
/**
 * The elementwise losses with an optional `weight` (2.6: mse_loss, l1_loss, huber_loss): the
 * weighted loss, reduced as Python does (mean: divided by the weights' sum, except huber's).
 */
function weighted(input: Tensor, unweighted: () => Tensor, weight: Tensor, reduction: string, weightedMean: boolean): Tensor {
  if (!sameSize(weight, input)) throw valueError("Weights and input must have the same size.");
  const loss = unweighted().mul(weight);
  if (reduction === "none") return loss;
  if (reduction === "sum") return loss.sum();
  if (reduction === "mean") return weightedMean ? loss.sum().div(weight.sum()) : loss.mean();
  throw valueError(`Invalid reduction mode: ${reduction}. Expected one of 'none', 'mean', 'sum'.`);
}
const WEIGHT: Sig = V.loss_weight ? [["weight", null]] : [];
/** mse_loss(input, target, size_average, reduce, reduction="mean", weight=null (2.6)) */
export function mse_loss(input: Tensor, target: Tensor, ...args: any[]): Tensor {
  const [size_average, reduce, reduction0, weight = null] = bindArgs("mse_loss", [...RED, ...WEIGHT], args);
  sizeWarning(input, target);
  const reduction = reductionString(size_average, reduce, reduction0);
  const [ei, et] = op("broadcast_tensors", [input, target]);
  if (weight !== null) return weighted(input, () => ei.sub(et).pow(2), weight, reduction, true);
  return op("mse_loss", ei, et, _reduction_enum(reduction));
}
/** l1_loss(input, target, size_average, reduce, reduction="mean", weight=null (2.6)) */
export function l1_loss(input: Tensor, target: Tensor, ...args: any[]): Tensor {
  const [size_average, reduce, reduction0, weight = null] = bindArgs("l1_loss", [...RED, ...WEIGHT], args);
  sizeWarning(input, target);
  const reduction = reductionString(size_average, reduce, reduction0);
  const [ei, et] = op("broadcast_tensors", [input, target]);
  if (weight !== null) return weighted(input, () => ei.sub(et).abs(), weight, reduction, true);
  return op("l1_loss", ei, et, _reduction_enum(reduction));
}
/** smooth_l1_loss(input, target, size_average, reduce, reduction="mean", beta=1) */
export function smooth_l1_loss(input: Tensor, target: Tensor, ...args: any[]): Tensor {
  const [size_average, reduce, reduction0, beta] = bindArgs("smooth_l1_loss", [...RED, ["beta", 1.0]], args);
  sizeWarning(input, target);
  const red = reductionOf(size_average, reduce, reduction0);
  const [ei, et] = op("broadcast_tensors", [input, target]);
  if (beta === 0.0 && V.loss2) return op("l1_loss", ei, et, red);
  return op("smooth_l1_loss", ei, et, red, beta);
}
/** huber_loss(input, target, reduction="mean", delta=1, weight=null (2.6)) */
export function huber_loss(input: Tensor, target: Tensor, ...args: any[]): Tensor {
  const [reduction, delta, weight = null] = bindArgs("huber_loss", [["reduction", "mean"], ["delta", 1.0], ...WEIGHT], args);
  sizeWarning(input, target);
  const [ei, et] = op("broadcast_tensors", [input, target]);
  if (weight !== null) return weighted(input, () => op("huber_loss", ei, et, 0, delta), weight, reduction, false);
  return op("huber_loss", ei, et, _reduction_enum(reduction), delta);
}

// ---- embeddings and ranking ----
/** margin_ranking_loss(input1, input2, target, margin=0, size_average, reduce, reduction="mean") */
export function margin_ranking_loss(input1: Tensor, input2: Tensor, target: Tensor, ...args: any[]): Tensor {
  const [margin, size_average, reduce, reduction] = bindArgs("margin_ranking_loss", [["margin", 0], ...RED], args);
  const red = reductionOf(size_average, reduce, reduction);
  if (input1.dim() !== input2.dim() || input1.dim() !== target.dim())
    throw pyError("RuntimeError", `margin_ranking_loss : All input tensors should have same dimension but got sizes: input1: ${input1.shape}, input2: ${input2.shape}, target: ${target.shape} `);
  return op("margin_ranking_loss", input1, input2, target, margin, red);
}
/** hinge_embedding_loss(input, target, margin=1, size_average, reduce, reduction="mean") */
export function hinge_embedding_loss(input: Tensor, target: Tensor, ...args: any[]): Tensor {
  const [margin, size_average, reduce, reduction] = bindArgs("hinge_embedding_loss", [["margin", 1.0], ...RED], args);
  return op("hinge_embedding_loss", input, target, margin, reductionOf(size_average, reduce, reduction));
}
/** cosine_embedding_loss(input1, input2, target, margin=0, size_average, reduce, reduction="mean") */
export function cosine_embedding_loss(input1: Tensor, input2: Tensor, target: Tensor, ...args: any[]): Tensor {
  const [margin, size_average, reduce, reduction] = bindArgs("cosine_embedding_loss", [["margin", 0], ...RED], args);
  return op("cosine_embedding_loss", input1, input2, target, margin, reductionOf(size_average, reduce, reduction));
}
/** triplet_margin_loss(anchor, positive, negative, margin=1, p=2, eps=1e-6, swap=false, size_average, reduce, reduction="mean") */
export function triplet_margin_loss(anchor: Tensor, positive: Tensor, negative: Tensor, ...args: any[]): Tensor {
  const [margin, p, eps, swap, size_average, reduce, reduction] = bindArgs("triplet_margin_loss",
    [["margin", 1.0], ["p", 2], ["eps", 1e-6], ["swap", false], ...RED], args);
  const red = reductionOf(size_average, reduce, reduction);
  if (V.loss2 && margin <= 0) throw valueError(`margin must be greater than 0, got ${margin}`);
  return op("triplet_margin_loss", anchor, positive, negative, margin, p, eps, swap, red);
}
/**
 * triplet_margin_with_distance_loss(anchor, positive, negative, *, distance_function=null,
 * margin=1, swap=false, reduction="mean"): keyword-only options; the distance defaults to
 * pairwise_distance.
 */
export function triplet_margin_with_distance_loss(anchor: Tensor, positive: Tensor, negative: Tensor, ...args: any[]): Tensor {
  const [distance_function, margin, swap, reduction] = bindArgs("triplet_margin_with_distance_loss", [], args,
    [["distance_function", null], ["margin", 1.0], ["swap", false], ["reduction", "mean"]]);
  if (V.loss2) {
    if (!["mean", "sum", "none"].includes(reduction)) throw valueError(`${reduction} is not a valid value for reduction`);
    if (margin <= 0) throw valueError(`margin must be greater than 0, got ${margin}`);
    const a = anchor.dim(), p = positive.dim(), n = negative.dim();
    if (!(a === p && p === n))
      throw pyError("RuntimeError", `The anchor, positive, and negative tensors are expected to have the same number of dimensions, but got: anchor ${a}D, positive ${p}D, and negative ${n}D inputs`);
  }
  const dist: (x: Tensor, y: Tensor) => Tensor = distance_function ?? ((x, y) => op("pairwise_distance", x, y));
  const dist_pos = dist(anchor, positive);
  let dist_neg = dist(anchor, negative);
  if (swap) dist_neg = op("minimum", dist_neg, dist(positive, negative));
  if (V.loss2) return reduceBy(op("clamp_min", dist_pos.add(margin).sub(dist_neg), 0), reduction, () => valueError(""));
  const output: Tensor = op("clamp", dist_pos.sub(dist_neg).add(margin), { min: 0.0 });
  const e = _reduction_enum(reduction);
  return e === 1 ? output.mean() : e === 2 ? output.sum() : output;
}

/**
 * linear_cross_entropy(input, linear_weight, target, *, linear_bias=null, weight=null,
 * reduction="mean", ignore_index=null, label_smoothing=0, options=null) (2.13): cross_entropy of
 * linear(input, linear_weight, linear_bias). `options` picks Python's chunked kernels, which
 * compute the same loss; here the loss is always the reference composition.
 */
export function linear_cross_entropy(input: Tensor, linear_weight: Tensor, target: Tensor, ...args: any[]): Tensor {
  if (!V.linear_cross_entropy) {
    const e = new Error("module 'torch.nn.functional' has no attribute 'linear_cross_entropy'");
    e.name = "AttributeError";
    throw e;
  }
  let [linear_bias, weight, reduction, ignore_index, label_smoothing] = bindArgs("linear_cross_entropy", [], args,
    [["linear_bias", null], ["weight", null], ["reduction", "mean"], ["ignore_index", null], ["label_smoothing", 0.0], ["options", null]]);
  if (input.dim() < 1 || input.dim() > 2) throw pyError("RuntimeError", `expected input with dimensionality 1 or 2, got ${input.dim()}`);
  if (linear_weight.dim() < 2) throw pyError("RuntimeError", `expected linear_weight with dimensionality at least 2, got ${linear_weight.dim()}`);
  const num_batches = input.shape.slice(0, -1);
  const in_features = input.shape[input.dim() - 1];
  const ws = linear_weight.shape;
  if (in_features !== ws[ws.length - 1])
    throw pyError("RuntimeError", `expected equal input and linear_weight last dimensions (in_features), got ${in_features} and ${ws[ws.length - 1]}, respectively`);
  const num_classes = ws[0];
  const out_features = ws.slice(1, -1);
  const tuple = (a: number[]) => (a.length === 1 ? `(${a[0]},)` : `(${a.join(", ")})`);
  if (linear_bias !== null && tuple(linear_bias.shape) !== tuple([num_classes, ...out_features]))
    throw pyError("RuntimeError", `expected linear_bias shape ${tuple([num_classes, ...out_features])}, got ${tuple(linear_bias.shape)}`);
  if (out_features.length > 0 && num_batches.length === 0)
    throw pyError("RuntimeError", `K-dimensional loss defined by linear_weight shape ${tuple(ws)} requires batched input, (N, ${in_features}), got unbatched input with shape ${tuple(input.shape)}`);
  const logits_shape = [...num_batches, num_classes, ...out_features];
  if (tuple(target.shape) === tuple(logits_shape) && ignore_index !== null)
    throw pyError("RuntimeError", "ignore_index cannot be specified when target contains probabilities");
  ignore_index = ignore_index ?? -100;
  let w = linear_weight;
  if (out_features.length) {
    const rows = out_features.reduce((a, b) => a * b, num_classes);
    w = linear_weight.reshape([rows, in_features]);
    if (linear_bias !== null) linear_bias = linear_bias.reshape([rows]);
  }
  const logits: Tensor = op("linear", input, w, linear_bias).reshape(logits_shape);
  return cross_entropy(logits, target, { weight, reduction, ignore_index, label_smoothing });
}
