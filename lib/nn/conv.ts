// torch/nn/modules/conv.py: Conv1d/2d/3d, ConvTranspose1d/2d/3d.
import type { Tensor } from "../tensor";
import { Module } from "./module";
import { Parameter } from "./parameter";
import { empty } from "./_ops";
import { bindArgs, ntuple, pyStr, valueError } from "./_utils";
import * as init from "./init";
import { conv1d, conv2d, conv3d, conv_transpose1d, conv_transpose2d, conv_transpose3d, pad } from "./_functional/vision";
import type { FactoryOptions } from "./linear";

type IntOrN = number | number[];
type PaddingMode = "zeros" | "reflect" | "replicate" | "circular";
export interface ConvOptions extends FactoryOptions {
  in_channels?: number; out_channels?: number; kernel_size?: IntOrN;
  stride?: IntOrN; padding?: IntOrN | "same" | "valid"; dilation?: IntOrN; groups?: number; bias?: boolean;
  padding_mode?: PaddingMode;
}
export type Conv2dOptions = ConvOptions;
export interface ConvTransposeOptions extends FactoryOptions {
  in_channels?: number; out_channels?: number; kernel_size?: IntOrN;
  stride?: IntOrN; padding?: IntOrN; output_padding?: IntOrN; groups?: number; bias?: boolean; dilation?: IntOrN;
  padding_mode?: PaddingMode;
}

const CONV_SIG = [["in_channels"], ["out_channels"], ["kernel_size"], ["stride", 1], ["padding", 0], ["dilation", 1],
  ["groups", 1], ["bias", true], ["padding_mode", "zeros"], ["device", null], ["dtype", null]] as const;
const CONVT_SIG = [["in_channels"], ["out_channels"], ["kernel_size"], ["stride", 1], ["padding", 0], ["output_padding", 0],
  ["groups", 1], ["bias", true], ["dilation", 1], ["padding_mode", "zeros"], ["device", null], ["dtype", null]] as const;

/** _ConvNd: the parameters, their initialisation and the repr shared by every convolution. */
export class _ConvNd extends Module {
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
  constructor(in_channels: number, out_channels: number, kernel_size: number[], stride: number[], padding: number[] | string,
    dilation: number[], transposed: boolean, output_padding: number[], groups: number, bias: boolean, padding_mode: string,
    device: unknown = null, dtype: unknown = null) {
    super();
    if (groups <= 0) throw valueError("groups must be a positive integer");
    if (in_channels % groups !== 0) throw valueError("in_channels must be divisible by groups");
    if (out_channels % groups !== 0) throw valueError("out_channels must be divisible by groups");
    if (typeof padding === "string") {
      if (padding !== "same" && padding !== "valid") throw valueError(`Invalid padding string '${padding}', should be one of {'valid', 'same'}`);
      if (padding === "same" && stride.some((s) => s !== 1)) throw valueError("padding='same' is not supported for strided convolutions");
    }
    if (!["zeros", "reflect", "replicate", "circular"].includes(padding_mode))
      throw valueError(`padding_mode must be one of {'zeros', 'reflect', 'replicate', 'circular'}, but got padding_mode='${padding_mode}'`);
    this.in_channels = in_channels;
    this.out_channels = out_channels;
    this.kernel_size = kernel_size;
    this.stride = stride;
    this.padding = padding;
    this.dilation = dilation;
    this.transposed = transposed;
    this.output_padding = output_padding;
    this.groups = groups;
    this.padding_mode = padding_mode;
    const n = kernel_size.length;
    if (typeof padding === "string") {
      this._reversed_padding_repeated_twice = Array(2 * n).fill(0);
      if (padding === "same") {
        for (let j = 0; j < n; j++) {
          const i = n - 1 - j, total = dilation[j] * (kernel_size[j] - 1), left = Math.floor(total / 2);
          this._reversed_padding_repeated_twice[2 * i] = left;
          this._reversed_padding_repeated_twice[2 * i + 1] = total - left;
        }
      }
    } else {
      this._reversed_padding_repeated_twice = [...padding].reverse().flatMap((p) => [p, p]);
    }
    const factory = { device, dtype };
    const shape = transposed ? [in_channels, out_channels / groups] : [out_channels, in_channels / groups];
    this.weight = new Parameter(empty([...shape, ...kernel_size], factory));
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

const CONV_FNS = [conv1d, conv2d, conv3d];
/** Conv1d/2d/3d: the constructor and forward they share, by spatial dims. */
function convNd(n: number) {
  return class extends _ConvNd {
    constructor(...args: any[]) {
      const [in_channels, out_channels, ks, st, pd, dl, groups, bias, padding_mode, device, dtype] = bindArgs("__init__", CONV_SIG, args);
      super(in_channels, out_channels, ntuple(n, ks), ntuple(n, st), typeof pd === "string" ? pd : ntuple(n, pd), ntuple(n, dl),
        false, ntuple(n, 0), groups, bias, padding_mode, device, dtype);
    }
    _conv_forward(input: Tensor, weight: Tensor, bias: Tensor | null): Tensor {
      const f = CONV_FNS[n - 1];
      if (this.padding_mode !== "zeros") {
        return f(pad(input, this._reversed_padding_repeated_twice, { mode: this.padding_mode }), weight, bias,
          this.stride, ntuple(n, 0), this.dilation, this.groups);
      }
      return f(input, weight, bias, this.stride, this.padding, this.dilation, this.groups);
    }
    forward(input: Tensor): Tensor { return this._conv_forward(input, this.weight, this.bias); }
  };
}
interface ConvCtor<T> {
  new (in_channels: number, out_channels: number, kernel_size: IntOrN, stride?: IntOrN | ConvOptions, padding?: IntOrN | string | ConvOptions,
    dilation?: IntOrN | ConvOptions, groups?: number | ConvOptions, bias?: boolean | ConvOptions, padding_mode?: string | ConvOptions, options?: ConvOptions): T;
  new (options: ConvOptions): T;
}
type ConvModule = _ConvNd & { _conv_forward(input: Tensor, weight: Tensor, bias: Tensor | null): Tensor; forward(input: Tensor): Tensor };

/** 1D convolution over (N, C_in, L) input; weight (out_channels, in_channels / groups, k). */
export class Conv1d extends (convNd(1) as ConvCtor<ConvModule>) {}
/** 2D convolution over (N, C_in, H, W) input; weight (out_channels, in_channels / groups, kH, kW). */
export class Conv2d extends (convNd(2) as ConvCtor<ConvModule>) {}
/** 3D convolution over (N, C_in, D, H, W) input; weight (out_channels, in_channels / groups, kD, kH, kW). */
export class Conv3d extends (convNd(3) as ConvCtor<ConvModule>) {}

/** _ConvTransposeNd: zeros padding only; forward's output_size picks the output padding. */
export class _ConvTransposeNd extends _ConvNd {
  constructor(in_channels: number, out_channels: number, kernel_size: number[], stride: number[], padding: number[],
    dilation: number[], transposed: boolean, output_padding: number[], groups: number, bias: boolean, padding_mode: string,
    device: unknown = null, dtype: unknown = null) {
    // Python raises this before Module.__init__ runs; new.target names the class.
    if (padding_mode !== "zeros") throw valueError(`Only "zeros" padding mode is supported for ${new.target.name}`);
    super(in_channels, out_channels, kernel_size, stride, padding, dilation, transposed, output_padding, groups, bias, padding_mode, device, dtype);
  }
  _output_padding(input: Tensor, output_size: number[] | null, stride: number[], padding: number[], kernel_size: number[],
    num_spatial_dims: number, dilation: number[] | null = null): number[] {
    if (output_size === null) return [...this.output_padding];
    const num_non_spatial_dims = input.dim() === num_spatial_dims + 2 ? 2 : 1;
    let os = [...output_size];
    if (os.length === num_non_spatial_dims + num_spatial_dims) os = os.slice(num_non_spatial_dims);
    if (os.length !== num_spatial_dims)
      throw valueError(`ConvTranspose${num_spatial_dims}D: for ${input.dim()}D input, output_size must have ${num_spatial_dims} or ${num_non_spatial_dims + num_spatial_dims} elements (got ${os.length})`);
    const min_sizes: number[] = [], max_sizes: number[] = [];
    for (let d = 0; d < num_spatial_dims; d++) {
      const dim_size = (input.size(d + num_non_spatial_dims) - 1) * stride[d] - 2 * padding[d] + (dilation !== null ? dilation[d] : 1) * (kernel_size[d] - 1) + 1;
      min_sizes.push(dim_size);
      max_sizes.push(dim_size + stride[d] - 1);
    }
    for (let i = 0; i < os.length; i++) {
      if (os[i] < min_sizes[i] || os[i] > max_sizes[i])
        throw valueError(`requested an output size of [${os.join(", ")}], but valid sizes range from [${min_sizes.join(", ")}] to [${max_sizes.join(", ")}] (for an input of torch.Size([${input.shape.slice(2).join(", ")}]))`);
    }
    return os.map((s, d) => s - min_sizes[d]);
  }
}

const CONVT_FNS = [conv_transpose1d, conv_transpose2d, conv_transpose3d];
function convTransposeNd(n: number) {
  return class extends _ConvTransposeNd {
    constructor(...args: any[]) {
      const [in_channels, out_channels, ks, st, pd, op, groups, bias, dl, padding_mode, device, dtype] = bindArgs("__init__", CONVT_SIG, args);
      super(in_channels, out_channels, ntuple(n, ks), ntuple(n, st), ntuple(n, pd), ntuple(n, dl), true, ntuple(n, op),
        groups, bias, padding_mode, device, dtype);
    }
    forward(input: Tensor, output_size: number[] | null | { output_size?: number[] | null } = null): Tensor {
      const os = output_size !== null && !Array.isArray(output_size) ? output_size.output_size ?? null : output_size;
      if (this.padding_mode !== "zeros") throw valueError(`Only \`zeros\` padding mode is supported for ${this.constructor.name}`);
      const padding = this.padding as number[];
      const output_padding = this._output_padding(input, os, this.stride, padding, this.kernel_size, n, this.dilation);
      return CONVT_FNS[n - 1](input, this.weight, this.bias, this.stride, padding, output_padding, this.groups, this.dilation);
    }
  };
}
interface ConvTransposeCtor<T> {
  new (in_channels: number, out_channels: number, kernel_size: IntOrN, stride?: IntOrN | ConvTransposeOptions, padding?: IntOrN | ConvTransposeOptions,
    output_padding?: IntOrN | ConvTransposeOptions, groups?: number | ConvTransposeOptions, bias?: boolean | ConvTransposeOptions,
    dilation?: IntOrN | ConvTransposeOptions, padding_mode?: string | ConvTransposeOptions, options?: ConvTransposeOptions): T;
  new (options: ConvTransposeOptions): T;
}
type ConvTransposeModule = _ConvTransposeNd & { forward(input: Tensor, output_size?: number[] | null | { output_size?: number[] | null }): Tensor };

/** 1D transposed convolution; weight (in_channels, out_channels / groups, k). forward(input, output_size?). */
export class ConvTranspose1d extends (convTransposeNd(1) as ConvTransposeCtor<ConvTransposeModule>) {}
/** 2D transposed convolution; weight (in_channels, out_channels / groups, kH, kW). forward(input, output_size?). */
export class ConvTranspose2d extends (convTransposeNd(2) as ConvTransposeCtor<ConvTransposeModule>) {}
/** 3D transposed convolution; weight (in_channels, out_channels / groups, kD, kH, kW). forward(input, output_size?). */
export class ConvTranspose3d extends (convTransposeNd(3) as ConvTransposeCtor<ConvTransposeModule>) {}
