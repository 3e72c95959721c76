// torch/nn/modules/loss.py: the loss modules call nn.functional with their settings.
import { type Tensor, pyError } from "../tensor";
import type { dtype } from "../dtype";
import type { DeviceLike } from "../device";
import { Module } from "./module";
import { Linear } from "./linear";
import { PairwiseDistance } from "./distance";
import { bindArgs, pyStr, typename, valueError, warn, type Sig } from "./_utils";
import * as F from "./functional";
import { isOptions } from "../_ops";
import { V } from "../version";

export type Reduction = "none" | "mean" | "sum";
/** The legacy size_average / reduce and the reduction every _Loss takes. */
export interface ReductionOptions { size_average?: boolean | null; reduce?: boolean | null; reduction?: Reduction; }
export interface WeightedOptions extends ReductionOptions { weight?: Tensor | null; }

const RED: Sig = [["size_average", null], ["reduce", null], ["reduction", "mean"]];

export class _Loss extends Module {
  reduction!: string;
  constructor(size_average: boolean | null = null, reduce: boolean | null = null, reduction: string = "mean") {
    super();
    this.reduction = size_average !== null || reduce !== null ? F._legacy_reduction(size_average, reduce) : reduction;
  }
}
export class _WeightedLoss extends _Loss {
  declare weight: Tensor | null;
  constructor(weight: Tensor | null = null, size_average: boolean | null = null, reduce: boolean | null = null, reduction: string = "mean") {
    super(size_average, reduce, reduction);
    this.register_buffer("weight", weight);
  }
}

/** Binds an __init__ whose parameters are all keyword-only; Python counts `self` in the message. */
function bindKwOnly(sig: Sig, args: any[]): any[] {
  const n = args.length - (isOptions(args[args.length - 1]) ? 1 : 0);
  if (n > 0) throw new TypeError(`__init__() takes 1 positional argument but ${n + 1} were given`);
  return bindArgs("__init__", [], args, sig);
}


/** L1Loss(size_average, reduce, reduction="mean"): mean absolute error. */
export class L1Loss extends _Loss {
  constructor(size_average?: boolean | null | ReductionOptions, ...rest: any[]);
  constructor(...args: any[]) { super(...(bindArgs("__init__", RED, args) as [boolean, boolean, string])); }
  forward(input: Tensor, target: Tensor): Tensor { return F.l1_loss(input, target, { reduction: this.reduction }); }
}
/** MSELoss(size_average, reduce, reduction="mean"): mean squared error. */
export class MSELoss extends _Loss {
  constructor(size_average?: boolean | null | ReductionOptions, ...rest: any[]);
  constructor(...args: any[]) { super(...(bindArgs("__init__", RED, args) as [boolean, boolean, string])); }
  forward(input: Tensor, target: Tensor): Tensor { return F.mse_loss(input, target, { reduction: this.reduction }); }
}
/** MultiLabelMarginLoss(size_average, reduce, reduction="mean") */
export class MultiLabelMarginLoss extends _Loss {
  constructor(size_average?: boolean | null | ReductionOptions, ...rest: any[]);
  constructor(...args: any[]) { super(...(bindArgs("__init__", RED, args) as [boolean, boolean, string])); }
  forward(input: Tensor, target: Tensor): Tensor { return F.multilabel_margin_loss(input, target, { reduction: this.reduction }); }
}
/** SoftMarginLoss(size_average, reduce, reduction="mean"): two-class logistic loss. */
export class SoftMarginLoss extends _Loss {
  constructor(size_average?: boolean | null | ReductionOptions, ...rest: any[]);
  constructor(...args: any[]) { super(...(bindArgs("__init__", RED, args) as [boolean, boolean, string])); }
  forward(input: Tensor, target: Tensor): Tensor { return F.soft_margin_loss(input, target, { reduction: this.reduction }); }
}

const WEIGHTED: Sig = [["weight", null], ...RED];
/** BCELoss(weight=null, size_average, reduce, reduction="mean"): binary cross entropy of probabilities. */
export class BCELoss extends _WeightedLoss {
  constructor(weight?: Tensor | null | WeightedOptions, ...rest: any[]);
  constructor(...args: any[]) { super(...(bindArgs("__init__", WEIGHTED, args) as [Tensor, boolean, boolean, string])); }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.binary_cross_entropy(input, target, { weight: this.weight, reduction: this.reduction });
  }
}
/** MultiLabelSoftMarginLoss(weight=null, size_average, reduce, reduction="mean") */
export class MultiLabelSoftMarginLoss extends _WeightedLoss {
  constructor(weight?: Tensor | null | WeightedOptions, ...rest: any[]);
  constructor(...args: any[]) { super(...(bindArgs("__init__", WEIGHTED, args) as [Tensor, boolean, boolean, string])); }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.multilabel_soft_margin_loss(input, target, { weight: this.weight, reduction: this.reduction });
  }
}

export interface BCEWithLogitsLossOptions extends WeightedOptions { pos_weight?: Tensor | null; }
/** BCEWithLogitsLoss(weight=null, size_average, reduce, reduction="mean", pos_weight=null): sigmoid and BCE in one stable op. */
export class BCEWithLogitsLoss extends _Loss {
  declare weight: Tensor | null;
  declare pos_weight: Tensor | null;
  constructor(weight?: Tensor | null | BCEWithLogitsLossOptions, ...rest: any[]);
  constructor(...args: any[]) {
    const [weight, size_average, reduce, reduction, pos_weight] = bindArgs("__init__", [...WEIGHTED, ["pos_weight", null]], args);
    super(size_average, reduce, reduction);
    this.register_buffer("weight", weight);
    this.register_buffer("pos_weight", pos_weight);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.binary_cross_entropy_with_logits(input, target, this.weight, { pos_weight: this.pos_weight, reduction: this.reduction });
  }
}

export interface NLLLossOptions extends WeightedOptions { ignore_index?: number; }
const NLL: Sig = [["weight", null], ["size_average", null], ["ignore_index", -100], ["reduce", null], ["reduction", "mean"]];
/** NLLLoss(weight=null, size_average, ignore_index=-100, reduce, reduction="mean"): log-probabilities (N, C, ...) at class indices (N, ...). */
export class NLLLoss extends _WeightedLoss {
  ignore_index!: number;
  constructor(weight?: Tensor | null | NLLLossOptions, ...rest: any[]);
  constructor(...args: any[]) {
    const [weight, size_average, ignore_index, reduce, reduction] = bindArgs("__init__", NLL, args);
    super(weight, size_average, reduce, reduction);
    this.ignore_index = ignore_index;
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.nll_loss(input, target, { weight: this.weight, ignore_index: this.ignore_index, reduction: this.reduction });
  }
}
/** NLLLoss2d: deprecated, NLLLoss under another name. */
export class NLLLoss2d extends NLLLoss {
  constructor(weight?: Tensor | null | NLLLossOptions, ...rest: any[]);
  constructor(...args: any[]) {
    if (V.loss2) warn("`NLLLoss2d` has been deprecated. Please use `NLLLoss` instead as a drop-in replacement and see https://pytorch.org/docs/main/nn.html#torch.nn.NLLLoss for more details.", "FutureWarning");
    else warn("NLLLoss2d has been deprecated. Please use NLLLoss instead as a drop-in replacement and see https://pytorch.org/docs/master/nn.html#torch.nn.NLLLoss for more details.");
    super(...bindArgs("__init__", NLL, args));
  }
}

export interface CrossEntropyLossOptions extends NLLLossOptions { label_smoothing?: number; }
/** CrossEntropyLoss(weight=null, size_average, ignore_index=-100, reduce, reduction="mean", label_smoothing=0): logits and class indices or probabilities. */
export class CrossEntropyLoss extends _WeightedLoss {
  ignore_index!: number;
  label_smoothing!: number;
  constructor(weight?: Tensor | null | CrossEntropyLossOptions, ...rest: any[]);
  constructor(...args: any[]) {
    const [weight, size_average, ignore_index, reduce, reduction, label_smoothing] = bindArgs("__init__", [...NLL, ["label_smoothing", 0.0]], args);
    super(weight, size_average, reduce, reduction);
    this.ignore_index = ignore_index;
    this.label_smoothing = label_smoothing;
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.cross_entropy(input, target, { weight: this.weight, ignore_index: this.ignore_index, reduction: this.reduction, label_smoothing: this.label_smoothing });
  }
}

export interface PoissonNLLLossOptions extends ReductionOptions { log_input?: boolean; full?: boolean; eps?: number; }
/** PoissonNLLLoss(log_input=true, full=false, size_average, eps=1e-8, reduce, reduction="mean") */
export class PoissonNLLLoss extends _Loss {
  log_input!: boolean;
  full!: boolean;
  eps!: number;
  constructor(log_input?: boolean | PoissonNLLLossOptions, ...rest: any[]);
  constructor(...args: any[]) {
    const [log_input, full, size_average, eps, reduce, reduction] = bindArgs("__init__",
      [["log_input", true], ["full", false], ["size_average", null], ["eps", 1e-8], ["reduce", null], ["reduction", "mean"]], args);
    super(size_average, reduce, reduction);
    this.log_input = log_input;
    this.full = full;
    this.eps = eps;
  }
  forward(log_input: Tensor, target: Tensor): Tensor {
    return F.poisson_nll_loss(log_input, target, { log_input: this.log_input, full: this.full, eps: this.eps, reduction: this.reduction });
  }
}

/** GaussianNLLLoss(*, full=false, eps=1e-6, reduction="mean"); forward(input, target, var). */
export class GaussianNLLLoss extends _Loss {
  full!: boolean;
  eps!: number;
  constructor(options?: { full?: boolean; eps?: number; reduction?: Reduction });
  constructor(...args: any[]) {
    const [full, eps, reduction] = bindKwOnly([["full", false], ["eps", 1e-6], ["reduction", "mean"]], args);
    super(null, null, reduction);
    this.full = full;
    this.eps = eps;
  }
  forward(input: Tensor, target: Tensor, v: Tensor | number): Tensor {
    return F.gaussian_nll_loss(input, target, v, { full: this.full, eps: this.eps, reduction: this.reduction });
  }
}

/** KLDivLoss(size_average, reduce, reduction="mean", log_target=false); reduction may be "batchmean". */
export class KLDivLoss extends _Loss {
  log_target!: boolean;
  constructor(size_average?: boolean | null | (Omit<ReductionOptions, "reduction"> & { reduction?: Reduction | "batchmean"; log_target?: boolean }), ...rest: any[]);
  constructor(...args: any[]) {
    const [size_average, reduce, reduction, log_target] = bindArgs("__init__", [...RED, ["log_target", false]], args);
    super(size_average, reduce, reduction);
    this.log_target = log_target;
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.kl_div(input, target, { reduction: this.reduction, log_target: this.log_target });
  }
}

export interface MarginOptions extends ReductionOptions { margin?: number; }
/** The losses whose settings are (margin, size_average, reduce, reduction). */
abstract class MarginLoss extends _Loss {
  margin!: number;
  constructor(default_margin: number, args: any[]) {
    const [margin, size_average, reduce, reduction] = bindArgs("__init__", [["margin", default_margin], ...RED], args);
    super(size_average, reduce, reduction);
    this.margin = margin;
  }
}
/** HingeEmbeddingLoss(margin=1, size_average, reduce, reduction="mean") */
export class HingeEmbeddingLoss extends MarginLoss {
  constructor(margin?: number | MarginOptions, ...rest: any[]);
  constructor(...args: any[]) { super(1.0, args); }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.hinge_embedding_loss(input, target, { margin: this.margin, reduction: this.reduction });
  }
}
/** CosineEmbeddingLoss(margin=0, size_average, reduce, reduction="mean"); forward(input1, input2, target). */
export class CosineEmbeddingLoss extends MarginLoss {
  constructor(margin?: number | MarginOptions, ...rest: any[]);
  constructor(...args: any[]) { super(0.0, args); }
  forward(input1: Tensor, input2: Tensor, target: Tensor): Tensor {
    return F.cosine_embedding_loss(input1, input2, target, { margin: this.margin, reduction: this.reduction });
  }
}
/** MarginRankingLoss(margin=0, size_average, reduce, reduction="mean"); forward(input1, input2, target). */
export class MarginRankingLoss extends MarginLoss {
  constructor(margin?: number | MarginOptions, ...rest: any[]);
  constructor(...args: any[]) { super(0.0, args); }
  forward(input1: Tensor, input2: Tensor, target: Tensor): Tensor {
    return F.margin_ranking_loss(input1, input2, target, { margin: this.margin, reduction: this.reduction });
  }
}

/** SmoothL1Loss(size_average, reduce, reduction="mean", beta=1) */
export class SmoothL1Loss extends _Loss {
  beta!: number;
  constructor(size_average?: boolean | null | (ReductionOptions & { beta?: number }), ...rest: any[]);
  constructor(...args: any[]) {
    const [size_average, reduce, reduction, beta] = bindArgs("__init__", [...RED, ["beta", 1.0]], args);
    super(size_average, reduce, reduction);
    this.beta = beta;
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.smooth_l1_loss(input, target, { reduction: this.reduction, beta: this.beta });
  }
}
/** HuberLoss(reduction="mean", delta=1) */
export class HuberLoss extends _Loss {
  delta!: number;
  constructor(reduction?: Reduction | { reduction?: Reduction; delta?: number }, delta?: number);
  constructor(...args: any[]) {
    const [reduction, delta] = bindArgs("__init__", [["reduction", "mean"], ["delta", 1.0]], args);
    if (V.loss2 && typeof delta !== "number") throw new TypeError(`delta must be a float or int, got: <class '${typename(delta)}'>`);
    super(null, null, reduction);
    this.delta = delta;
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.huber_loss(input, target, { reduction: this.reduction, delta: this.delta });
  }
}

export interface MultiMarginLossOptions extends WeightedOptions { p?: number; margin?: number; }
/** MultiMarginLoss(p=1, margin=1, weight=null, size_average, reduce, reduction="mean") */
export class MultiMarginLoss extends _WeightedLoss {
  p!: number;
  margin!: number;
  constructor(p?: number | MultiMarginLossOptions, ...rest: any[]);
  constructor(...args: any[]) {
    const [p, margin, weight, size_average, reduce, reduction] = bindArgs("__init__", [["p", 1], ["margin", 1.0], ...WEIGHTED], args);
    super(weight, size_average, reduce, reduction);
    if (p !== 1 && p !== 2) throw valueError("only p == 1 and p == 2 supported");
    if (weight !== null && weight.dim() !== 1) {
      if (V.loss2) throw valueError(`MultiMarginLoss: expected weight to be None or 1D tensor, got ${weight.dim()}D instead`);
      const e = new Error("");
      e.name = "AssertionError";
      throw e;
    }
    this.p = p;
    this.margin = margin;
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.multi_margin_loss(input, target, { p: this.p, margin: this.margin, weight: this.weight, reduction: this.reduction });
  }
}

export interface TripletMarginLossOptions extends MarginOptions { p?: number; eps?: number; swap?: boolean; }
/** TripletMarginLoss(margin=1, p=2, eps=1e-6, swap=false, size_average, reduce, reduction="mean"); forward(anchor, positive, negative). */
export class TripletMarginLoss extends _Loss {
  margin!: number;
  p!: number;
  eps!: number;
  swap!: boolean;
  constructor(margin?: number | TripletMarginLossOptions, ...rest: any[]);
  constructor(...args: any[]) {
    const [margin, p, eps, swap, size_average, reduce, reduction] = bindArgs("__init__",
      [["margin", 1.0], ["p", 2.0], ["eps", 1e-6], ["swap", false], ...RED], args);
    super(size_average, reduce, reduction);
    if (V.loss2 && margin <= 0) throw valueError(`TripletMarginLoss: expected margin to be greater than 0, got ${pyStr(margin)} instead`);
    this.margin = margin;
    this.p = p;
    this.eps = eps;
    this.swap = swap;
  }
  forward(anchor: Tensor, positive: Tensor, negative: Tensor): Tensor {
    return F.triplet_margin_loss(anchor, positive, negative, { margin: this.margin, p: this.p, eps: this.eps, swap: this.swap, reduction: this.reduction });
  }
}

type Distance = (x: Tensor, y: Tensor) => Tensor;
/**
 * TripletMarginWithDistanceLoss(*, distance_function=null, margin=1, swap=false, reduction="mean"):
 * the distance defaults to an nn.PairwiseDistance() submodule, as in Python.
 */
export class TripletMarginWithDistanceLoss extends _Loss {
  declare distance_function: Distance | Module;
  margin!: number;
  swap!: boolean;
  constructor(options?: { distance_function?: Distance | Module | null; margin?: number; swap?: boolean; reduction?: Reduction });
  constructor(...args: any[]) {
    const [distance_function, margin, swap, reduction] = bindKwOnly(
      [["distance_function", null], ["margin", 1.0], ["swap", false], ["reduction", "mean"]], args);
    super(null, null, reduction);
    if (V.loss2 && margin <= 0) throw valueError(`TripletMarginWithDistanceLoss: expected margin to be greater than 0, got ${pyStr(margin)} instead`);
    this.distance_function = distance_function ?? new PairwiseDistance();
    this.margin = margin;
    this.swap = swap;
  }
  forward(anchor: Tensor, positive: Tensor, negative: Tensor): Tensor {
    return F.triplet_margin_with_distance_loss(anchor, positive, negative,
      { distance_function: this.distance_function, margin: this.margin, swap: this.swap, reduction: this.reduction });
  }
}

/** CTCLoss(blank=0, reduction="mean", zero_infinity=false); forward(log_probs, targets, input_lengths, target_lengths). */
export class CTCLoss extends _Loss {
  blank!: number;
  zero_infinity!: boolean;
  constructor(blank?: number | { blank?: number; reduction?: Reduction; zero_infinity?: boolean }, ...rest: any[]);
  constructor(...args: any[]) {
    const [blank, reduction, zero_infinity] = bindArgs("__init__", [["blank", 0], ["reduction", "mean"], ["zero_infinity", false]], args);
    super(null, null, reduction);
    this.blank = blank;
    this.zero_infinity = zero_infinity;
  }
  forward(log_probs: Tensor, targets: Tensor, input_lengths: Tensor | number[], target_lengths: Tensor | number[]): Tensor {
    return F.ctc_loss(log_probs, targets, input_lengths, target_lengths, this.blank, this.reduction, this.zero_infinity);
  }
}

export interface LinearCrossEntropyLossOptions {
  out_features?: number[]; bias?: boolean; device?: DeviceLike | null; dtype?: dtype | null; reduction?: Reduction;
  weight?: Tensor | null; ignore_index?: number | null; label_smoothing?: number; options?: unknown;
}
/**
 * LinearCrossEntropyLoss(in_features, num_classes, *, out_features=(), bias=false, device, dtype,
 * reduction="mean", weight=null, ignore_index=null, label_smoothing=0, options=null) (2.13): a
 * Linear to num_classes * prod(out_features) logits, then cross entropy.
 */
export class LinearCrossEntropyLoss extends _WeightedLoss {
  num_classes!: number;
  out_features!: number[];
  ignore_index!: number | null;
  label_smoothing!: number;
  options!: unknown;
  declare linear: Linear;
  constructor(in_features: number, num_classes: number, options?: LinearCrossEntropyLossOptions);
  constructor(...args: any[]) {
    if (!V.linear_cross_entropy) {
      const e = new Error("module 'torch.nn' has no attribute 'LinearCrossEntropyLoss'");
      e.name = "AttributeError";
      throw e;
    }
    const [in_features, num_classes, out_features, bias, device, dt, reduction, weight, ignore_index, label_smoothing, options] = bindArgs("__init__",
      [["in_features"], ["num_classes"]], args, [["out_features", []], ["bias", false], ["device", null], ["dtype", null], ["reduction", "mean"],
        ["weight", null], ["ignore_index", null], ["label_smoothing", 0.0], ["options", null]]);
    if (weight !== null && (weight.dim() !== 1 || weight.shape[0] !== num_classes))
      throw pyError("RuntimeError", `expected weight shape to be (${num_classes},), got (${weight.shape.join(", ")}${weight.dim() === 1 ? "," : ""})`);
    if (label_smoothing < 0 || label_smoothing > 1.0) throw pyError("RuntimeError", `expected label_smoothing to be in range [0, 1], got ${pyStr(label_smoothing)}`);
    super(weight, null, null, reduction);
    this.num_classes = num_classes;
    this.out_features = [...out_features];
    this.ignore_index = ignore_index;
    this.label_smoothing = label_smoothing;
    const rows = (out_features as number[]).reduce((a, b) => a * b, num_classes);
    this.linear = new Linear(in_features, rows, { bias, device, dtype: dt });
    this.options = options;
  }
  forward(input: Tensor, target: Tensor): Tensor {
    const lw = this.linear.weight.reshape([this.num_classes, ...this.out_features, this.linear.in_features]);
    const lb = this.linear.bias !== null ? this.linear.bias.reshape([this.num_classes, ...this.out_features]) : null;
    return F.linear_cross_entropy(input, lw, target, {
      linear_bias: lb, weight: this.weight, reduction: this.reduction, ignore_index: this.ignore_index,
      label_smoothing: this.label_smoothing, options: this.options,
    });
  }
  extra_repr(): string {
    const of = this.out_features;
    return `in_features=${this.linear.in_features}, num_classes=${this.num_classes}, out_features=${of.length === 1 ? `(${of[0]},)` : `(${of.join(", ")})`}, ` +
      `bias=${pyStr(this.linear.bias !== null)}, reduction=${this.reduction}, ignore_index=${pyStr(this.ignore_index)}, ` +
      `label_smoothing=${pyStr(this.label_smoothing, true)}, options=${pyStr(this.options)}`;
  }
}
