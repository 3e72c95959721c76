// torch/nn/modules/normalization.py: LocalResponseNorm, CrossMapLRN2d, LayerNorm, GroupNorm, RMSNorm.
import type { Tensor } from "../tensor";
import { Module } from "./module";
import { Parameter } from "./parameter";
import { empty, op } from "./_ops";
import { bindArgs, pyStr, valueError } from "./_utils";
import { no_grad } from "../autograd";
import * as init from "./init";
import * as F from "./_functional/activation";
import { V } from "../version";

/** Python's `raise AssertionError(msg)` (1.13's bare `assert` has no message). */
const assertionError = (msg = ""): Error => Object.assign(new Error(msg), { name: "AssertionError" });

/** LocalResponseNorm's and CrossMapLRN2d's (size, alpha=1e-4, beta=0.75, k). */
class _LRNBase extends Module {
  static k = 1.0;
  size!: number;
  alpha!: number;
  beta!: number;
  k!: number;
  constructor(size: number | { size: number; alpha?: number; beta?: number; k?: number }, ...rest: any[]);
  constructor(...args: any[]) {
    super();
    [this.size, this.alpha, this.beta, this.k] = bindArgs("__init__",
      [["size"], ["alpha", 1e-4], ["beta", 0.75], ["k", (this.constructor as typeof _LRNBase).k]], args);
  }
}

export class LocalResponseNorm extends _LRNBase {
  forward(input: Tensor): Tensor { return F.local_response_norm(input, this.size, this.alpha, this.beta, this.k); }
  extra_repr(): string { return `${this.size}, alpha=${pyStr(this.alpha, true)}, beta=${pyStr(this.beta, true)}, k=${pyStr(this.k, true)}`; }
}

/**
 * Legacy cross-channel LRN over (N, C, H, W): torch.nn._functions.CrossMapLRN2d, whose forward
 * window never drops channel 0 and whose backward is its own formula. The value is the forward's;
 * the gradient is the custom backward's, carried by terms that are zero in value.
 */
function crossMapLRN2d(input: Tensor, size: number, alpha: number, beta: number, k: number): Tensor {
  if (input.dim() !== 4) {
    if (V.nn_value_checks) throw valueError(`CrossMapLRN2d: Expected input to be 4D, got ${input.dim()}D instead.`);
    throw assertionError();
  }
  const C = input.size(1);
  const x = input.detach();
  const sq = x.pow(2);
  const pre_pad = Math.trunc((size - 1) / 2 + 1);
  const { scale, output } = no_grad(() => {
    const chans: Tensor[] = [];
    let cur = sq.narrow(1, 0, Math.min(pre_pad, C)).sum(1);
    chans.push(cur);
    for (let c = 1; c < C; c++) {
      cur = cur.clone();
      if (c < C - pre_pad + 1) cur = cur.add(sq.select(1, c + pre_pad - 1));
      if (c > pre_pad) cur = cur.sub(sq.select(1, c - pre_pad));
      chans.push(cur);
    }
    const scale = op("stack", chans, 1).mul(alpha / size).add(k);
    return { scale, output: scale.pow(-beta).mul(x) };
  });
  if (!input.requires_grad) return output;
  // backward: grad_in[c] = scale^-beta * g[c] - cr * x[c] * sum over c' in [c - ipp, c + size - 1 - ipp] of g[c'] * out[c'] / scale[c']
  const cr = (2 * alpha * beta) / size;
  const ipp = Math.trunc(size - (size - 1) / 2);
  const ratio = output.div(scale);
  const win: Tensor[] = [];
  for (let c2 = 0; c2 < C; c2++) {
    const lo = Math.max(0, c2 + ipp - size + 1), hi = Math.min(C - 1, c2 + ipp);
    win.push(hi >= lo ? input.pow(2).narrow(1, lo, hi - lo + 1).sum(1) : op("zeros_like", input.select(1, 0)));
  }
  const z = op("stack", win, 1).mul(ratio).mul(-cr / 2);
  const lin = input.mul(scale.pow(-beta));
  return output.add(lin.sub(lin.detach())).add(z.sub(z.detach()));
}

export class CrossMapLRN2d extends _LRNBase {
  static k = 1;
  forward(input: Tensor): Tensor { return crossMapLRN2d(input, this.size, this.alpha, this.beta, this.k); }
  // k's default is the int 1 here.
  extra_repr(): string { return `${this.size}, alpha=${pyStr(this.alpha, true)}, beta=${pyStr(this.beta, true)}, k=${pyStr(this.k)}`; }
}

type Shape = number | number[];
const shapeOf = (s: Shape): number[] => (typeof s === "number" ? [s] : [...s]);

type Affine = Module & { weight: Parameter | null; bias: Parameter | null };
/** Python's affine parameters of a norm layer: weight and (optionally) bias of `shape`, else None. */
function makeAffine(m: Affine, affine: boolean, bias: boolean, shape: number[], factory: Record<string, unknown>): void {
  if (affine) {
    m.weight = new Parameter(empty(shape, factory));
    if (bias) m.bias = new Parameter(empty(shape, factory));
    else m.register_parameter("bias", null);
  } else {
    m.register_parameter("weight", null);
    m.register_parameter("bias", null);
  }
}
/** weight = 1, bias = 0. */
function resetAffine(m: Affine): void {
  if (m.weight !== null) init.ones_(m.weight);
  if (m.bias !== null) init.zeros_(m.bias);
}

// (normalized_shape, eps=1e-5, elementwise_affine=True, bias=True (2.1), device=None, dtype=None)
const SIG = [["normalized_shape"], ["eps", 1e-5], ["elementwise_affine", true], ...(V.layer_norm_bias ? [["bias", true] as const] : []),
  ["device", null], ["dtype", null]] as const;

/** Normalizes over the last len(normalized_shape) dims, with an elementwise affine transform. */
export class LayerNorm extends Module {
  normalized_shape!: number[];
  eps!: number;
  elementwise_affine!: boolean;
  weight!: Parameter | null;
  bias!: Parameter | null;
  constructor(normalized_shape: Shape | { normalized_shape: Shape; eps?: number; elementwise_affine?: boolean; bias?: boolean }, ...rest: any[]);
  constructor(...args: any[]) {
    super();
    const bound = bindArgs("__init__", SIG, args);
    const [shape, eps, elementwise_affine] = bound;
    const [bias, device, dt] = V.layer_norm_bias ? bound.slice(3) : [true, ...bound.slice(3)];
    this.normalized_shape = shapeOf(shape);
    this.eps = eps;
    this.elementwise_affine = elementwise_affine;
    makeAffine(this, elementwise_affine, bias, this.normalized_shape, { device, dtype: dt });
    this.reset_parameters();
  }
  reset_parameters(): void {
    if (this.elementwise_affine) resetAffine(this);
  }
  forward(input: Tensor): Tensor { return F.layer_norm(input, this.normalized_shape, this.weight, this.bias, this.eps); }
  extra_repr(): string {
    const bias = V.layer_norm_bias ? `, bias=${pyStr(this.bias !== null)}` : "";
    return `${pyStr(this.normalized_shape)}, eps=${pyStr(this.eps, true)}, elementwise_affine=${pyStr(this.elementwise_affine)}${bias}`;
  }
}

/** Normalizes (N, C, *) over groups of C / num_groups channels. */
export class GroupNorm extends Module {
  num_groups!: number;
  num_channels!: number;
  eps!: number;
  affine!: boolean;
  weight!: Parameter | null;
  bias!: Parameter | null;
  constructor(num_groups: number | { num_groups: number; num_channels: number; eps?: number; affine?: boolean; bias?: boolean }, num_channels?: number | object, ...rest: any[]);
  constructor(...args: any[]) {
    super();
    const [num_groups, num_channels, eps, affine, device, dt, bias = true] = bindArgs("__init__",
      [["num_groups"], ["num_channels"], ["eps", 1e-5], ["affine", true], ["device", null], ["dtype", null]], args,
      V.group_norm_bias ? [["bias", true]] : []);
    if (num_channels % num_groups !== 0)
      throw valueError(V.group_norm_bias ? `num_channels (${num_channels}) must be divisible by num_groups (${num_groups})` : "num_channels must be divisible by num_groups");
    this.num_groups = num_groups;
    this.num_channels = num_channels;
    this.eps = eps;
    this.affine = affine;
    makeAffine(this, affine, bias, [num_channels], { device, dtype: dt });
    this.reset_parameters();
  }
  reset_parameters(): void {
    if (this.affine) resetAffine(this);
  }
  forward(input: Tensor): Tensor { return F.group_norm(input, this.num_groups, this.weight, this.bias, this.eps); }
  extra_repr(): string {
    const bias = V.group_norm_bias ? `, bias=${pyStr(this.bias !== null)}` : "";
    return `${this.num_groups}, ${this.num_channels}, eps=${pyStr(this.eps, true)}, affine=${pyStr(this.affine)}${bias}`;
  }
}

/** Root-mean-square normalization over the last len(normalized_shape) dims (2.4+). */
export class RMSNorm extends Module {
  normalized_shape!: number[];
  eps!: number | null;
  elementwise_affine!: boolean;
  weight!: Parameter | null;
  constructor(normalized_shape: Shape | { normalized_shape: Shape; eps?: number | null; elementwise_affine?: boolean }, ...rest: any[]);
  constructor(...args: any[]) {
    if (!V.rms_norm) {
      const e = new Error("module 'torch.nn' has no attribute 'RMSNorm'");
      e.name = "AttributeError";
      throw e;
    }
    super();
    const [shape, eps, elementwise_affine, device, dt] = bindArgs("__init__",
      [["normalized_shape"], ["eps", null], ["elementwise_affine", true], ["device", null], ["dtype", null]], args);
    this.normalized_shape = shapeOf(shape);
    this.eps = eps;
    this.elementwise_affine = elementwise_affine;
    if (elementwise_affine) this.weight = new Parameter(empty(this.normalized_shape, { device, dtype: dt }));
    else this.register_parameter("weight", null);
    this.reset_parameters();
  }
  reset_parameters(): void {
    if (this.elementwise_affine) init.ones_(this.weight!);
  }
  forward(input: Tensor): Tensor { return F.rms_norm(input, this.normalized_shape, this.weight, this.eps); }
  extra_repr(): string {
    return `${pyStr(this.normalized_shape)}, eps=${pyStr(this.eps, true)}, elementwise_affine=${pyStr(this.elementwise_affine)}`;
  }
}
