// torch/nn/modules/normalization.py: LayerNorm.
import type { Tensor } from "../tensor";
import { Module } from "./module";
import { Parameter } from "./parameter";
import { empty } from "./_ops";
import { bindArgs, pyStr } from "./_utils";
import * as init from "./init";
import * as F from "./functional";
import { V } from "../version";

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
  constructor(normalized_shape: number | number[] | { normalized_shape: number | number[]; eps?: number; elementwise_affine?: boolean; bias?: boolean }, ...rest: any[]);
  constructor(...args: any[]) {
    super();
    const bound = bindArgs("__init__", SIG, args);
    const [shape, eps, elementwise_affine] = bound;
    const [bias, device, dt] = V.layer_norm_bias ? bound.slice(3) : [true, ...bound.slice(3)];
    this.normalized_shape = typeof shape === "number" ? [shape] : [...shape];
    this.eps = eps;
    this.elementwise_affine = elementwise_affine;
    if (elementwise_affine) {
      this.weight = new Parameter(empty(this.normalized_shape, { device, dtype: dt }));
      if (bias) this.bias = new Parameter(empty(this.normalized_shape, { device, dtype: dt }));
      else this.register_parameter("bias", null);
    } else {
      this.register_parameter("weight", null);
      this.register_parameter("bias", null);
    }
    this.reset_parameters();
  }
  reset_parameters(): void {
    if (this.elementwise_affine) {
      init.ones_(this.weight!);
      if (this.bias !== null) init.zeros_(this.bias);
    }
  }
  forward(input: Tensor): Tensor { return F.layer_norm(input, this.normalized_shape, this.weight, this.bias, this.eps); }
  extra_repr(): string {
    const bias = V.layer_norm_bias ? `, bias=${pyStr(this.bias !== null)}` : "";
    return `${pyStr(this.normalized_shape)}, eps=${pyStr(this.eps, true)}, elementwise_affine=${pyStr(this.elementwise_affine)}${bias}`;
  }
}
