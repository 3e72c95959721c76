// torch/nn/modules/loss.py: the loss modules call nn.functional with their settings.
import type { Tensor } from "../tensor";
import { Module } from "./module";
import { bindArgs } from "./_utils";
import * as F from "./functional";

export type Reduction = "none" | "mean" | "sum";

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

export interface CrossEntropyLossOptions {
  weight?: Tensor | null; size_average?: boolean | null; ignore_index?: number; reduce?: boolean | null;
  reduction?: Reduction; label_smoothing?: number;
}
/** Cross entropy between logits (N, C, ...) and class indices (N, ...) or class probabilities. */
export class CrossEntropyLoss extends _WeightedLoss {
  ignore_index!: number;
  label_smoothing!: number;
  constructor(weight?: Tensor | null | CrossEntropyLossOptions, ...rest: any[]);
  constructor(...args: any[]) {
    const [weight, size_average, ignore_index, reduce, reduction, label_smoothing] = bindArgs("__init__",
      [["weight", null], ["size_average", null], ["ignore_index", -100], ["reduce", null], ["reduction", "mean"], ["label_smoothing", 0.0]], args);
    super(weight, size_average, reduce, reduction);
    this.ignore_index = ignore_index;
    this.label_smoothing = label_smoothing;
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.cross_entropy(input, target, { weight: this.weight, ignore_index: this.ignore_index, reduction: this.reduction, label_smoothing: this.label_smoothing });
  }
}

export interface NLLLossOptions { weight?: Tensor | null; size_average?: boolean | null; ignore_index?: number; reduce?: boolean | null; reduction?: Reduction; }
/** Negative log likelihood of log-probabilities (N, C, ...) at class indices (N, ...). */
export class NLLLoss extends _WeightedLoss {
  ignore_index!: number;
  constructor(weight?: Tensor | null | NLLLossOptions, ...rest: any[]);
  constructor(...args: any[]) {
    const [weight, size_average, ignore_index, reduce, reduction] = bindArgs("__init__",
      [["weight", null], ["size_average", null], ["ignore_index", -100], ["reduce", null], ["reduction", "mean"]], args);
    super(weight, size_average, reduce, reduction);
    this.ignore_index = ignore_index;
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.nll_loss(input, target, { weight: this.weight, ignore_index: this.ignore_index, reduction: this.reduction });
  }
}

export interface ReductionOptions { size_average?: boolean | null; reduce?: boolean | null; reduction?: Reduction; }
const RED_SIG = [["size_average", null], ["reduce", null], ["reduction", "mean"]] as const;

export class MSELoss extends _Loss {
  constructor(size_average?: boolean | null | ReductionOptions, ...rest: any[]);
  constructor(...args: any[]) {
    const [size_average, reduce, reduction] = bindArgs("__init__", RED_SIG, args);
    super(size_average, reduce, reduction);
  }
  forward(input: Tensor, target: Tensor): Tensor { return F.mse_loss(input, target, { reduction: this.reduction }); }
}
export class L1Loss extends _Loss {
  constructor(size_average?: boolean | null | ReductionOptions, ...rest: any[]);
  constructor(...args: any[]) {
    const [size_average, reduce, reduction] = bindArgs("__init__", RED_SIG, args);
    super(size_average, reduce, reduction);
  }
  forward(input: Tensor, target: Tensor): Tensor { return F.l1_loss(input, target, { reduction: this.reduction }); }
}

export interface BCELossOptions extends ReductionOptions { weight?: Tensor | null; }
/** Binary cross entropy of probabilities. */
export class BCELoss extends _WeightedLoss {
  constructor(weight?: Tensor | null | BCELossOptions, ...rest: any[]);
  constructor(...args: any[]) {
    const [weight, size_average, reduce, reduction] = bindArgs("__init__", [["weight", null], ...RED_SIG], args);
    super(weight, size_average, reduce, reduction);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.binary_cross_entropy(input, target, { weight: this.weight, reduction: this.reduction });
  }
}

export interface BCEWithLogitsLossOptions extends BCELossOptions { pos_weight?: Tensor | null; }
/** Sigmoid + binary cross entropy in one numerically stable op. */
export class BCEWithLogitsLoss extends _Loss {
  declare weight: Tensor | null;
  declare pos_weight: Tensor | null;
  constructor(weight?: Tensor | null | BCEWithLogitsLossOptions, ...rest: any[]);
  constructor(...args: any[]) {
    const [weight, size_average, reduce, reduction, pos_weight] = bindArgs("__init__", [["weight", null], ...RED_SIG, ["pos_weight", null]], args);
    super(size_average, reduce, reduction);
    this.register_buffer("weight", weight);
    this.register_buffer("pos_weight", pos_weight);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.binary_cross_entropy_with_logits(input, target, { weight: this.weight, pos_weight: this.pos_weight, reduction: this.reduction });
  }
}
