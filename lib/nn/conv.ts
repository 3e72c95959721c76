// torch/nn/modules/conv.py: Conv2d.
import type { Tensor } from "../tensor";
import { Module } from "./module";
import { Parameter } from "./parameter";
import { empty } from "./_ops";
import { bindArgs, ntuple, pyStr, valueError } from "./_utils";
import * as init from "./init";
import { conv2d, pad } from "./functional";
import type { FactoryOptions } from "./linear";

type IntOr2 = number | [number, number] | number[];
export interface Conv2dOptions extends FactoryOptions {
  in_channels?: number; out_channels?: number; kernel_size?: IntOr2;
  stride?: IntOr2; padding?: IntOr2 | "same" | "valid"; dilation?: IntOr2; groups?: number; bias?: boolean;
  padding_mode?: "zeros" | "reflect" | "replicate" | "circular";
}

const CONV2D_SIG = [["in_channels"], ["out_channels"], ["kernel_size"], ["stride", 1], ["padding", 0], ["dilation", 1],
  ["groups", 1], ["bias", true], ["padding_mode", "zeros"], ["device", null], ["dtype", null]] as const;

/** 2D convolution over (N, C_in, H, W) input; weight (out_channels, in_channels / groups, kH, kW). */
export class Conv2d extends Module {
  in_channels!: number;
  out_channels!: number;
  kernel_size!: number[];
  stride!: number[];
  padding!: number[] | string;
  dilation!: number[];
  transposed!: boolean;
  output_padding!: number[];
  groups!: number;
  padding_mode!: string;
  _reversed_padding_repeated_twice!: number[];
  weight!: Parameter;
  bias!: Parameter | null;
  constructor(in_channels: number, out_channels: number, kernel_size: IntOr2, stride?: IntOr2 | Conv2dOptions, padding?: IntOr2 | string | Conv2dOptions, dilation?: IntOr2 | Conv2dOptions, groups?: number | Conv2dOptions, bias?: boolean | Conv2dOptions, padding_mode?: string | Conv2dOptions, options?: Conv2dOptions);
  constructor(options: Conv2dOptions);
  constructor(...args: any[]) {
    super();
    const [in_channels, out_channels, ks, st, pd, dl, groups, bias, padding_mode, device, dt] = bindArgs("__init__", CONV2D_SIG, args);
    const kernel_size = ntuple(2, ks), stride = ntuple(2, st), dilation = ntuple(2, dl);
    const padding = typeof pd === "string" ? pd : ntuple(2, pd);
    if (groups <= 0) throw valueError("groups must be a positive integer");
    if (in_channels % groups !== 0) throw valueError("in_channels must be divisible by groups");
    if (out_channels % groups !== 0) throw valueError("out_channels must be divisible by groups");
    if (typeof padding === "string") {
      if (padding !== "same" && padding !== "valid") throw valueError(`Invalid padding string '${padding}', should be one of {'valid', 'same'}`);
      if (padding === "same" && stride.some((s: number) => s !== 1)) throw valueError("padding='same' is not supported for strided convolutions");
    }
    if (!["zeros", "reflect", "replicate", "circular"].includes(padding_mode))
      throw valueError(`padding_mode must be one of {'zeros', 'reflect', 'replicate', 'circular'}, but got padding_mode='${padding_mode}'`);
    this.in_channels = in_channels;
    this.out_channels = out_channels;
    this.kernel_size = kernel_size;
    this.stride = stride;
    this.padding = padding;
    this.dilation = dilation;
    this.transposed = false;
    this.output_padding = [0, 0];
    this.groups = groups;
    this.padding_mode = padding_mode;
    if (typeof padding === "string") {
      this._reversed_padding_repeated_twice = Array(2 * kernel_size.length).fill(0);
      if (padding === "same") {
        for (let j = 0; j < kernel_size.length; j++) {
          const i = kernel_size.length - 1 - j;
          const total = dilation[j] * (kernel_size[j] - 1);
          const left = Math.floor(total / 2);
          this._reversed_padding_repeated_twice[2 * i] = left;
          this._reversed_padding_repeated_twice[2 * i + 1] = total - left;
        }
      }
    } else {
      this._reversed_padding_repeated_twice = [...padding].reverse().flatMap((p) => [p, p]);
    }
    const factory = { device, dtype: dt };
    this.weight = new Parameter(empty([out_channels, in_channels / groups, ...kernel_size], factory));
    if (bias) this.bias = new Parameter(empty([out_channels], factory));
    else this.register_parameter("bias", null);
    this.reset_parameters();
  }
  reset_parameters(): void {
    init.kaiming_uniform_(this.weight, { a: Math.sqrt(5) });
    if (this.bias !== null) {
      const [fan_in] = init._calculate_fan_in_and_fan_out(this.weight);
      if (fan_in !== 0) {
        const bound = 1 / Math.sqrt(fan_in);
        init.uniform_(this.bias, -bound, bound);
      }
    }
  }
  _conv_forward(input: Tensor, weight: Tensor, bias: Tensor | null): Tensor {
    if (this.padding_mode !== "zeros") {
      return conv2d(pad(input, this._reversed_padding_repeated_twice, { mode: this.padding_mode }), weight, bias,
        this.stride, [0, 0], this.dilation, this.groups);
    }
    return conv2d(input, weight, bias, this.stride, this.padding, this.dilation, this.groups);
  }
  forward(input: Tensor): Tensor { return this._conv_forward(input, this.weight, this.bias); }
  extra_repr(): string {
    let s = `${this.in_channels}, ${this.out_channels}, kernel_size=${pyStr(this.kernel_size)}, stride=${pyStr(this.stride)}`;
    const pd = this.padding;
    if (typeof pd === "string" || pd.some((p) => p !== 0)) s += `, padding=${pyStr(pd)}`;
    if (this.dilation.some((d) => d !== 1)) s += `, dilation=${pyStr(this.dilation)}`;
    if (this.output_padding.some((p) => p !== 0)) s += `, output_padding=${pyStr(this.output_padding)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (this.bias === null) s += ", bias=False";
    if (this.padding_mode !== "zeros") s += `, padding_mode=${this.padding_mode}`;
    return s;
  }
}
