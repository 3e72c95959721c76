// torch/nn/modules/linear.py: Identity, Linear, Bilinear.
import type { Tensor } from "../tensor";
import type { dtype } from "../dtype";
import type { DeviceLike } from "../device";
import { Module } from "./module";
import { Parameter } from "./parameter";
import { empty } from "./_ops";
import { bindArgs, pyStr, valueError } from "./_utils";
import * as init from "./init";
import { linear, bilinear } from "./_functional/activation";
import { V } from "../version";

export interface FactoryOptions { device?: DeviceLike | null; dtype?: dtype | null; }

/** A placeholder that returns its input (arguments are accepted and ignored). */
export class Identity extends Module {
  constructor(..._args: unknown[]) { super(); }
  forward(input: Tensor): Tensor { return input; }
}

/** y = x A^T + b. Input (*, in_features), output (*, out_features). */
export class Linear extends Module {
  in_features!: number;
  out_features!: number;
  weight!: Parameter;
  bias!: Parameter | null;
  constructor(in_features: number, out_features: number, bias?: boolean | ({ bias?: boolean } & FactoryOptions), options?: FactoryOptions);
  constructor(options: { in_features: number; out_features: number; bias?: boolean } & FactoryOptions);
  constructor(...args: any[]) {
    super();
    const [in_features, out_features, bias, device, dt] = bindArgs("__init__",
      [["in_features"], ["out_features"], ["bias", true], ["device", null], ["dtype", null]], args);
    const factory = { device, dtype: dt };
    this.in_features = in_features;
    this.out_features = out_features;
    this.weight = new Parameter(empty([out_features, in_features], factory));
    if (bias) this.bias = new Parameter(empty([out_features], factory));
    else this.register_parameter("bias", null);
    this.reset_parameters();
  }
  reset_parameters(): void {
    // Python: kaiming_uniform_(a=sqrt(5)), i.e. uniform(-1/sqrt(in_features), 1/sqrt(in_features)).
    init.kaiming_uniform_(this.weight, { a: Math.sqrt(5) });
    if (this.bias !== null) {
      const [fan_in] = init._calculate_fan_in_and_fan_out(this.weight);
      const bound = fan_in > 0 ? 1 / Math.sqrt(fan_in) : 0;
      init.uniform_(this.bias, -bound, bound);
    }
  }
  forward(input: Tensor): Tensor { return linear(input, this.weight, this.bias); }
  extra_repr(): string {
    return `in_features=${this.in_features}, out_features=${this.out_features}, bias=${pyStr(this.bias !== null)}`;
  }
}

/** Linear under another name, which MultiheadAttention's out_proj uses (Python keeps it out of quantization). */
export class NonDynamicallyQuantizableLinear extends Linear {}

/** y = x1^T A x2 + b. Inputs (*, in1_features) and (*, in2_features), output (*, out_features). */
export class Bilinear extends Module {
  in1_features!: number;
  in2_features!: number;
  out_features!: number;
  weight!: Parameter;
  bias!: Parameter | null;
  constructor(in1_features: number, in2_features: number, out_features: number, bias?: boolean | ({ bias?: boolean } & FactoryOptions), options?: FactoryOptions);
  constructor(options: { in1_features: number; in2_features: number; out_features: number; bias?: boolean } & FactoryOptions);
  constructor(...args: any[]) {
    super();
    const [in1_features, in2_features, out_features, bias, device, dt] = bindArgs("__init__",
      [["in1_features"], ["in2_features"], ["out_features"], ["bias", true], ["device", null], ["dtype", null]], args);
    const factory = { device, dtype: dt };
    this.in1_features = in1_features;
    this.in2_features = in2_features;
    this.out_features = out_features;
    this.weight = new Parameter(empty([out_features, in1_features, in2_features], factory));
    if (bias) this.bias = new Parameter(empty([out_features], factory));
    else this.register_parameter("bias", null);
    this.reset_parameters();
  }
  reset_parameters(): void {
    if (this.in1_features <= 0) {
      if (V.nn_value_checks) throw valueError(`in1_features must be > 0, but got (in1_features=${this.in1_features})`);
      const e = new Error("float division by zero");
      e.name = "ZeroDivisionError";
      throw e;
    }
    const bound = 1 / Math.sqrt(this.weight.size(1));
    init.uniform_(this.weight, -bound, bound);
    if (this.bias !== null) init.uniform_(this.bias, -bound, bound);
  }
  forward(input1: Tensor, input2: Tensor): Tensor { return bilinear(input1, input2, this.weight, this.bias); }
  extra_repr(): string {
    return `in1_features=${this.in1_features}, in2_features=${this.in2_features}, out_features=${this.out_features}, bias=${pyStr(this.bias !== null)}`;
  }
}
