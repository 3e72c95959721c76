// torchvision/ops/misc.py: FrozenBatchNorm2d, Conv2dNormActivation, Conv3dNormActivation,
// SqueezeExcitation, MLP, Permute.
import { Tensor } from "../../tensor";
import { torch } from "../../torch";
import { Module } from "../../nn/module";
import { Sequential } from "../../nn/container";
import { Conv2d, Conv3d } from "../../nn/conv";
import { BatchNorm2d, BatchNorm3d } from "../../nn/batchnorm";
import { ReLU, Sigmoid } from "../../nn/activation";
import { AdaptiveAvgPool2d } from "../../nn/pooling";
import { Linear } from "../../nn/linear";
import { Dropout } from "../../nn/dropout";
import { bindArgs, pyStr, warn } from "../../nn/_utils";
import { V } from "../../version";

/**
 * What Python passes as `norm_layer=nn.BatchNorm2d` or `partial(nn.BatchNorm2d, eps=1e-3)`:
 * a Module class (built with `new`) or a function returning a module.
 */
export type LayerFactory = (new (...args: any[]) => Module) | ((...args: any[]) => Module);

/** Calls a LayerFactory as Python calls the class or partial. */
export function makeLayer(f: LayerFactory, ...args: unknown[]): Module {
  const p = (f as any).prototype;
  if (p instanceof Module || f === Module) return new (f as new (...a: unknown[]) => Module)(...args);
  return (f as (...a: unknown[]) => Module)(...args);
}

/** functools.partial for a layer class: `partial(nn.BatchNorm2d, eps=0.001)` is `partial(BatchNorm2d, { eps: 0.001 })`. */
export function partial(f: LayerFactory, kwargs: Record<string, unknown>): (...args: unknown[]) => Module {
  return (...args: unknown[]) => {
    const last = args[args.length - 1];
    if (last !== null && typeof last === "object" && Object.getPrototypeOf(last) === Object.prototype)
      return makeLayer(f, ...args.slice(0, -1), { ...kwargs, ...(last as object) });
    return makeLayer(f, ...args, kwargs);
  };
}

/** BatchNorm2d whose statistics and affine parameters are fixed buffers. */
export class FrozenBatchNorm2d extends Module {
  declare eps: number;
  declare weight: Tensor;
  declare bias: Tensor;
  declare running_mean: Tensor;
  declare running_var: Tensor;
  constructor(num_features: number, eps?: number | { eps?: number });
  constructor(options: { num_features: number; eps?: number });
  constructor(...args: any[]) {
    super();
    const [num_features, eps] = bindArgs("__init__", [["num_features"], ["eps", 1e-5]], args);
    this.eps = eps;
    this.register_buffer("weight", torch.ones(num_features));
    this.register_buffer("bias", torch.zeros(num_features));
    this.register_buffer("running_mean", torch.zeros(num_features));
    this.register_buffer("running_var", torch.ones(num_features));
  }
  _load_from_state_dict(state_dict: Map<string, unknown>, prefix: string, ...rest: any[]): void {
    state_dict.delete(prefix + "num_batches_tracked");
    (super._load_from_state_dict as any)(state_dict, prefix, ...rest);
  }
  forward(x: Tensor): Tensor {
    const w = this.weight.reshape(1, -1, 1, 1);
    const b = this.bias.reshape(1, -1, 1, 1);
    const rv = this.running_var.reshape(1, -1, 1, 1);
    const rm = this.running_mean.reshape(1, -1, 1, 1);
    const scale = w.mul(rv.add(this.eps).rsqrt());
    const bias = b.sub(rm.mul(scale));
    return x.mul(scale).add(bias);
  }
  __repr__(): string { return `${this._get_name()}(${this.weight.shape[0]}, eps=${pyStr(this.eps, true)})`; }
}

export interface ConvNormActivationOptions {
  in_channels?: number; out_channels?: number; kernel_size?: number | number[]; stride?: number | number[];
  padding?: number | number[] | string | null; groups?: number; norm_layer?: LayerFactory | null;
  activation_layer?: LayerFactory | null; dilation?: number | number[]; inplace?: boolean | null; bias?: boolean | null;
  conv_layer?: LayerFactory;
}
const CNA_SIG = (norm: LayerFactory, conv: LayerFactory) => [["in_channels"], ["out_channels"], ["kernel_size", 3], ["stride", 1], ["padding", null],
  ["groups", 1], ["norm_layer", norm], ["activation_layer", ReLU], ["dilation", 1], ["inplace", true], ["bias", null], ["conv_layer", conv]] as const;

/** Convolution, then normalization, then activation (each optional but the convolution). */
export class ConvNormActivation extends Sequential {
  declare out_channels: number;
  constructor(in_channels: number, out_channels: number, ...rest: any[]);
  constructor(options: ConvNormActivationOptions);
  constructor(...args: any[]) {
    const [in_channels, out_channels, ks, stride, pad, groups, norm_layer, activation_layer, dilation, inplace, b, conv_layer] =
      bindArgs("__init__", CNA_SIG(BatchNorm2d, Conv2d), args);
    let kernel_size = ks, padding = pad, dil = dilation;
    if (padding === null) {
      if (typeof kernel_size === "number" && typeof dil === "number") padding = Math.floor((kernel_size - 1) / 2) * dil;
      else {
        const n = Array.isArray(kernel_size) ? kernel_size.length : dil.length;
        kernel_size = Array.isArray(kernel_size) ? kernel_size : Array(n).fill(kernel_size);
        dil = Array.isArray(dil) ? dil : Array(n).fill(dil);
        padding = kernel_size.map((k: number, i: number) => Math.floor((k - 1) / 2) * dil[i]);
      }
    }
    const bias = b === null ? norm_layer === null : b;
    const layers: Module[] = [makeLayer(conv_layer, in_channels, out_channels, kernel_size, stride, padding, { dilation: dil, groups, bias })];
    if (norm_layer !== null) layers.push(makeLayer(norm_layer, out_channels));
    if (activation_layer !== null) layers.push(inplace === null ? makeLayer(activation_layer) : makeLayer(activation_layer, { inplace }));
    super(...layers);
    this.out_channels = out_channels;
    if (new.target === ConvNormActivation)
      warn("Don't use ConvNormActivation directly, please use Conv2dNormActivation and Conv3dNormActivation instead.");
  }
}

/** Conv2d, then BatchNorm2d (or norm_layer), then ReLU (or activation_layer). */
export class Conv2dNormActivation extends ConvNormActivation {
  constructor(in_channels: number, out_channels: number, ...rest: any[]);
  constructor(options: ConvNormActivationOptions);
  constructor(...args: any[]) {
    const v = bindArgs("__init__", CNA_SIG(BatchNorm2d, Conv2d).slice(0, 11), args);
    super(v[0], v[1], ...v.slice(2), Conv2d);
  }
}

/** Conv3d, then BatchNorm3d (or norm_layer), then ReLU (or activation_layer). */
export class Conv3dNormActivation extends ConvNormActivation {
  constructor(in_channels: number, out_channels: number, ...rest: any[]);
  constructor(options: ConvNormActivationOptions);
  constructor(...args: any[]) {
    const v = bindArgs("__init__", CNA_SIG(BatchNorm3d, Conv3d).slice(0, 11), args);
    super(v[0], v[1], ...v.slice(2), Conv3d);
  }
}

/** Squeeze-and-Excitation: the input scaled by a gate computed from its global average. */
export class SqueezeExcitation extends Module {
  declare avgpool: AdaptiveAvgPool2d;
  declare fc1: Conv2d;
  declare fc2: Conv2d;
  declare activation: Module;
  declare scale_activation: Module;
  constructor(input_channels: number, squeeze_channels: number, activation?: LayerFactory | object, scale_activation?: LayerFactory | object);
  constructor(options: { input_channels: number; squeeze_channels: number; activation?: LayerFactory; scale_activation?: LayerFactory });
  constructor(...args: any[]) {
    super();
    const [input_channels, squeeze_channels, activation, scale_activation] =
      bindArgs("__init__", [["input_channels"], ["squeeze_channels"], ["activation", ReLU], ["scale_activation", Sigmoid]], args);
    this.avgpool = new AdaptiveAvgPool2d(1);
    this.fc1 = new Conv2d(input_channels, squeeze_channels, 1);
    this.fc2 = new Conv2d(squeeze_channels, input_channels, 1);
    this.activation = makeLayer(activation);
    this.scale_activation = makeLayer(scale_activation);
  }
  _scale(input: Tensor): Tensor {
    let scale = this.avgpool(input);
    scale = this.fc1(scale);
    scale = this.activation(scale);
    scale = this.fc2(scale);
    return this.scale_activation(scale);
  }
  forward(input: Tensor): Tensor { return this._scale(input).mul(input); }
}

/** Linear layers with norm, activation and dropout between them. */
export class MLP extends Sequential {
  constructor(in_channels: number, hidden_channels: number[], ...rest: any[]);
  constructor(options: { in_channels: number; hidden_channels: number[]; norm_layer?: LayerFactory | null; activation_layer?: LayerFactory | null; inplace?: boolean | null; bias?: boolean; dropout?: number });
  constructor(...args: any[]) {
    const [in_channels, hidden_channels, norm_layer, activation_layer, inplace, bias, dropout] = bindArgs("__init__",
      [["in_channels"], ["hidden_channels"], ["norm_layer", null], ["activation_layer", ReLU], ["inplace", V.tv_mlp_inplace_none ? null : true], ["bias", true], ["dropout", 0.0]], args);
    const params = inplace === null ? [] : [{ inplace }];
    const layers: Module[] = [];
    let in_dim = in_channels;
    for (const hidden_dim of hidden_channels.slice(0, -1)) {
      layers.push(new Linear(in_dim, hidden_dim, { bias }));
      if (norm_layer !== null) layers.push(makeLayer(norm_layer, hidden_dim));
      layers.push(makeLayer(activation_layer, ...params));
      layers.push(inplace === null ? new Dropout(dropout) : new Dropout(dropout, inplace));
      in_dim = hidden_dim;
    }
    layers.push(new Linear(in_dim, hidden_channels[hidden_channels.length - 1], { bias }));
    layers.push(inplace === null ? new Dropout(dropout) : new Dropout(dropout, inplace));
    super(...layers);
  }
}

/** A view of the input with its dimensions permuted. */
export class Permute extends Module {
  declare dims: number[];
  constructor(dims: number[]) { super(); this.dims = dims; }
  forward(x: Tensor): Tensor { return x.permute(this.dims); }
}
