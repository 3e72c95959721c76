// torch/nn/modules/activation.py: the activation modules (MultiheadAttention lives in transformer.ts).
import type { Tensor } from "../tensor";
import { Module } from "./module";
import { Parameter } from "./parameter";
import { empty } from "./_ops";
import { bindArgs, pyStr, typename, valueError, warn } from "./_utils";
import * as init from "./init";
import * as F from "./_functional/activation";
import { V } from "../version";

/** Python's `raise AssertionError(msg)` (1.13's bare `assert` has no message). */
const assertionError = (msg = ""): Error => Object.assign(new Error(msg), { name: "AssertionError" });

/** 2.14: Softmax's and LogSoftmax's dim must be an int or None. */
function checkDim(dim: unknown): void {
  if (V.softmax_dim_check && dim !== null && !(typeof dim === "number" && Number.isInteger(dim)))
    throw new TypeError(`dim must be an int or None, got <class '${typename(dim)}'>`);
}
const inplaceRepr = (inplace: boolean, sep = "") => (inplace ? `${sep}inplace=True` : "");
type InplaceArg = boolean | { inplace?: boolean };

/** A module whose only argument is `inplace` (ReLU, SiLU, Mish, SELU, Hardsigmoid, Hardswish). */
class _InplaceActivation extends Module {
  inplace!: boolean;
  constructor(inplace?: InplaceArg);
  constructor(...args: any[]) {
    super();
    [this.inplace] = bindArgs("__init__", [["inplace", false]], args);
  }
  extra_repr(): string { return inplaceRepr(this.inplace); }
}

export class Threshold extends Module {
  threshold!: number;
  value!: number;
  inplace!: boolean;
  constructor(threshold: number | { threshold: number; value: number; inplace?: boolean }, value?: number | { value?: number; inplace?: boolean }, inplace?: InplaceArg);
  constructor(...args: any[]) {
    super();
    [this.threshold, this.value, this.inplace] = bindArgs("__init__", [["threshold"], ["value"], ["inplace", false]], args);
  }
  forward(input: Tensor): Tensor { return F.threshold(input, this.threshold, this.value, this.inplace); }
  extra_repr(): string { return `threshold=${pyStr(this.threshold)}, value=${pyStr(this.value)}${inplaceRepr(this.inplace, ", ")}`; }
}

export class ReLU extends _InplaceActivation {
  forward(input: Tensor): Tensor { return F.relu(input, { inplace: this.inplace }); }
}

/** Randomized leaky ReLU: negative slopes drawn from U(lower, upper) in training, their mean in eval. */
export class RReLU extends Module {
  lower!: number;
  upper!: number;
  inplace!: boolean;
  constructor(lower?: number | { lower?: number; upper?: number; inplace?: boolean }, upper?: number | { upper?: number; inplace?: boolean }, inplace?: InplaceArg);
  constructor(...args: any[]) {
    super();
    [this.lower, this.upper, this.inplace] = bindArgs("__init__", [["lower", 1.0 / 8], ["upper", 1.0 / 3], ["inplace", false]], args);
  }
  forward(input: Tensor): Tensor { return F.rrelu(input, this.lower, this.upper, this.training, this.inplace); }
  extra_repr(): string { return `lower=${pyStr(this.lower, true)}, upper=${pyStr(this.upper, true)}${inplaceRepr(this.inplace, ", ")}`; }
}

export class Hardtanh extends Module {
  min_val!: number;
  max_val!: number;
  inplace!: boolean;
  constructor(min_val?: number | { min_val?: number; max_val?: number; inplace?: boolean; min_value?: number | null; max_value?: number | null }, max_val?: number | object, inplace?: InplaceArg, min_value?: number | null | object, max_value?: number | null | object);
  constructor(...args: any[]) {
    super();
    let [min_val, max_val, inplace, min_value, max_value] = bindArgs("__init__",
      [["min_val", -1.0], ["max_val", 1.0], ["inplace", false], ["min_value", null], ["max_value", null]], args);
    for (const [old, now] of [["min_value", "min_val"], ["max_value", "max_val"]]) {
      if ((old === "min_value" ? min_value : max_value) === null) continue;
      if (V.hardtanh_future_warning) warn(`keyword argument \`${old}\` is deprecated and renamed to \`${now}\``, "FutureWarning");
      else warn(`keyword argument ${old} is deprecated and rename to ${now}`, "UserWarning");
    }
    if (min_value !== null) min_val = min_value;
    if (max_value !== null) max_val = max_value;
    this.min_val = min_val;
    this.max_val = max_val;
    this.inplace = inplace;
    if (this.max_val <= this.min_val)
      throw assertionError(V.nn_value_checks ? `max_val (${pyStr(this.max_val, true)}) must be greater than min_val (${pyStr(this.min_val, true)})` : "");
  }
  forward(input: Tensor): Tensor { return F.hardtanh(input, this.min_val, this.max_val, this.inplace); }
  extra_repr(): string {
    return `min_val=${pyStr(this.min_val, true)}, max_val=${pyStr(this.max_val, true)}${inplaceRepr(this.inplace, ", ")}`;
  }
}

export class ReLU6 extends Hardtanh {
  constructor(inplace?: InplaceArg);
  constructor(...args: any[]) {
    const [inplace] = bindArgs("__init__", [["inplace", false]], args);
    super(0.0, 6.0, inplace);
  }
  extra_repr(): string { return inplaceRepr(this.inplace); }
}

export class Sigmoid extends Module {
  forward(input: Tensor): Tensor { return input.sigmoid(); }
}
export class Hardsigmoid extends _InplaceActivation {
  forward(input: Tensor): Tensor { return F.hardsigmoid(input, this.inplace); }
  // Python's Hardsigmoid has no extra_repr.
  extra_repr(): string { return ""; }
}
export class Tanh extends Module {
  forward(input: Tensor): Tensor { return input.tanh(); }
}
export class SiLU extends _InplaceActivation {
  forward(input: Tensor): Tensor { return F.silu(input, { inplace: this.inplace }); }
}
export class Mish extends _InplaceActivation {
  forward(input: Tensor): Tensor { return F.mish(input, { inplace: this.inplace }); }
}
export class Hardswish extends _InplaceActivation {
  forward(input: Tensor): Tensor { return F.hardswish(input, this.inplace); }
  extra_repr(): string { return ""; }
}

/** ELU and CELU: (alpha=1.0, inplace=false). */
class _AlphaActivation extends Module {
  alpha!: number;
  inplace!: boolean;
  constructor(alpha?: number | { alpha?: number; inplace?: boolean }, inplace?: InplaceArg);
  constructor(...args: any[]) {
    super();
    [this.alpha, this.inplace] = bindArgs("__init__", [["alpha", 1.0], ["inplace", false]], args);
  }
  extra_repr(): string { return `alpha=${pyStr(this.alpha, true)}${inplaceRepr(this.inplace, ", ")}`; }
}
export class ELU extends _AlphaActivation {
  forward(input: Tensor): Tensor { return F.elu(input, this.alpha, this.inplace); }
}
export class CELU extends _AlphaActivation {
  forward(input: Tensor): Tensor { return F.celu(input, this.alpha, this.inplace); }
}
export class SELU extends _InplaceActivation {
  forward(input: Tensor): Tensor { return F.selu(input, this.inplace); }
}

export class GLU extends Module {
  dim!: number;
  constructor(dim?: number | { dim?: number });
  constructor(...args: any[]) {
    super();
    [this.dim] = bindArgs("__init__", [["dim", -1]], args);
  }
  forward(input: Tensor): Tensor { return F.glu(input, this.dim); }
  extra_repr(): string { return `dim=${this.dim}`; }
}

export class GELU extends Module {
  approximate!: string;
  constructor(approximate?: string | { approximate?: string });
  constructor(...args: any[]) {
    super();
    [this.approximate] = bindArgs("__init__", [["approximate", "none"]], args);
  }
  forward(input: Tensor): Tensor { return F.gelu(input, { approximate: this.approximate }); }
  extra_repr(): string { return `approximate='${this.approximate}'`; }
}

/** Hardshrink and Softshrink: (lambd=0.5), printed as the bare value. */
class _Shrink extends Module {
  lambd!: number;
  constructor(lambd?: number | { lambd?: number });
  constructor(...args: any[]) {
    super();
    [this.lambd] = bindArgs("__init__", [["lambd", 0.5]], args);
  }
  extra_repr(): string { return pyStr(this.lambd, true); }
}
export class Hardshrink extends _Shrink {
  forward(input: Tensor): Tensor { return F.hardshrink(input, this.lambd); }
}
export class Softshrink extends _Shrink {
  forward(input: Tensor): Tensor { return F.softshrink(input, this.lambd); }
}

export class LeakyReLU extends Module {
  negative_slope!: number;
  inplace!: boolean;
  constructor(negative_slope?: number | { negative_slope?: number; inplace?: boolean }, inplace?: boolean);
  constructor(...args: any[]) {
    super();
    [this.negative_slope, this.inplace] = bindArgs("__init__", [["negative_slope", 0.01], ["inplace", false]], args);
  }
  forward(input: Tensor): Tensor { return F.leaky_relu(input, this.negative_slope, this.inplace); }
  extra_repr(): string { return `negative_slope=${pyStr(this.negative_slope, true)}${inplaceRepr(this.inplace, ", ")}`; }
}

export class LogSigmoid extends Module {
  forward(input: Tensor): Tensor { return F.logsigmoid(input); }
}

export class Softplus extends Module {
  beta!: number;
  threshold!: number;
  constructor(beta?: number | { beta?: number; threshold?: number }, threshold?: number | { threshold?: number });
  constructor(...args: any[]) {
    super();
    [this.beta, this.threshold] = bindArgs("__init__", [["beta", 1.0], ["threshold", 20.0]], args);
  }
  forward(input: Tensor): Tensor { return F.softplus(input, this.beta, this.threshold); }
  extra_repr(): string {
    // 1.13's defaults are ints (beta=1, threshold=20), 2.x's floats.
    const f = V.softplus_float;
    return `beta=${pyStr(this.beta, f)}, threshold=${pyStr(this.threshold, f)}`;
  }
}

/** max(0, x) + weight * min(0, x), with a learnable weight (one, or one per channel). */
export class PReLU extends Module {
  num_parameters!: number;
  init!: number;
  weight!: Parameter;
  constructor(num_parameters?: number | { num_parameters?: number; init?: number; device?: unknown; dtype?: unknown }, init?: number | object, ...rest: any[]);
  constructor(...args: any[]) {
    super();
    const [num_parameters, initValue, device, dt] = bindArgs("__init__", [["num_parameters", 1], ["init", 0.25], ["device", null], ["dtype", null]], args);
    this.num_parameters = num_parameters;
    this.init = initValue;
    this.weight = new Parameter(empty([num_parameters], { device, dtype: dt }));
    this.reset_parameters();
  }
  reset_parameters(): void { init.constant_(this.weight, this.init); }
  forward(input: Tensor): Tensor { return F.prelu(input, this.weight); }
  extra_repr(): string { return `num_parameters=${this.num_parameters}`; }
}

export class Softsign extends Module {
  forward(input: Tensor): Tensor { return F.softsign(input); }
}
export class Tanhshrink extends Module {
  forward(input: Tensor): Tensor { return F.tanhshrink(input); }
}

/** Softmin, Softmax and LogSoftmax: (dim=None). */
class _SoftmaxBase extends Module {
  dim!: number | null;
  constructor(dim?: number | null | { dim?: number | null });
  constructor(...args: any[]) {
    super();
    [this.dim] = bindArgs("__init__", [["dim", null]], args);
  }
  extra_repr(): string { return `dim=${pyStr(this.dim)}`; }
}
export class Softmin extends _SoftmaxBase {
  forward(input: Tensor): Tensor { return F.softmin(input, this.dim, 5); }
}
export class Softmax extends _SoftmaxBase {
  constructor(dim?: number | null | { dim?: number | null });
  constructor(...args: any[]) {
    super(...args);
    checkDim(this.dim);
  }
  forward(input: Tensor): Tensor { return F.softmax(input, this.dim, 5); }
}
export class Softmax2d extends Module {
  forward(input: Tensor): Tensor {
    const d = input.dim();
    if (d !== 3 && d !== 4) {
      if (V.nn_value_checks) throw valueError(`Softmax2d: expected input to be 3D or 4D, got ${d}D instead`);
      throw assertionError("Softmax2d requires a 3D or 4D tensor as input");
    }
    return F.softmax(input, -3, 5);
  }
}
export class LogSoftmax extends _SoftmaxBase {
  constructor(dim?: number | null | { dim?: number | null });
  constructor(...args: any[]) {
    super(...args);
    checkDim(this.dim);
  }
  forward(input: Tensor): Tensor { return F.log_softmax(input, this.dim, 5); }
}
