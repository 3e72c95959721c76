// torch/nn/modules/pooling.py: max, average, power-average, fractional and adaptive pooling, max unpooling.
import type { Tensor } from "../tensor";
import { Module } from "./module";
import { bindArgs, ntuple, pyStr, valueError } from "./_utils";
import * as F from "./_functional/vision";
import { V } from "../version";

type IntOrN = number | number[];
type OptIntOrN = number | (number | null)[];

const MAXPOOL_SIG = [["kernel_size"], ["stride", null], ["padding", 0], ["dilation", 1], ["return_indices", false], ["ceil_mode", false]] as const;
interface MaxPoolOptions { kernel_size?: IntOrN; stride?: IntOrN | null; padding?: IntOrN; dilation?: IntOrN; return_indices?: boolean; ceil_mode?: boolean }

export class _MaxPoolNd extends Module {
  kernel_size!: IntOrN;
  stride!: IntOrN;
  padding!: IntOrN;
  dilation!: IntOrN;
  return_indices!: boolean;
  ceil_mode!: boolean;
  constructor(kernel_size: IntOrN | MaxPoolOptions, stride?: IntOrN | null | MaxPoolOptions, padding?: IntOrN | MaxPoolOptions,
    dilation?: IntOrN | MaxPoolOptions, return_indices?: boolean | MaxPoolOptions, ceil_mode?: boolean | MaxPoolOptions);
  constructor(...args: any[]) {
    super();
    const [kernel_size, stride, padding, dilation, return_indices, ceil_mode] = bindArgs("__init__", MAXPOOL_SIG, args);
    this.kernel_size = kernel_size;
    this.stride = stride ?? kernel_size;
    this.padding = padding;
    this.dilation = dilation;
    this.return_indices = return_indices;
    this.ceil_mode = ceil_mode;
  }
  _pool(f: (input: Tensor, ...args: any[]) => any, input: Tensor): any {
    return f(input, this.kernel_size, this.stride, this.padding, this.dilation, { ceil_mode: this.ceil_mode, return_indices: this.return_indices });
  }
  extra_repr(): string {
    return `kernel_size=${pyStr(this.kernel_size)}, stride=${pyStr(this.stride)}, padding=${pyStr(this.padding)}, dilation=${pyStr(this.dilation)}, ceil_mode=${pyStr(this.ceil_mode)}`;
  }
}
/** Max over windows of (N, C, L); with return_indices, [values, indices] for MaxUnpool1d. */
export class MaxPool1d extends _MaxPoolNd { forward(input: Tensor): any { return this._pool(F.max_pool1d, input); } }
export class MaxPool2d extends _MaxPoolNd { forward(input: Tensor): any { return this._pool(F.max_pool2d, input); } }
export class MaxPool3d extends _MaxPoolNd { forward(input: Tensor): any { return this._pool(F.max_pool3d, input); } }

interface UnpoolOptions { kernel_size?: IntOrN; stride?: IntOrN | null; padding?: IntOrN }
export class _MaxUnpoolNd extends Module {
  kernel_size!: number[];
  stride!: number[];
  padding!: number[];
  _n(): number { return 0; }
  constructor(kernel_size: IntOrN | UnpoolOptions, stride?: IntOrN | null | UnpoolOptions, padding?: IntOrN | UnpoolOptions);
  constructor(...args: any[]) {
    super();
    const [kernel_size, stride, padding] = bindArgs("__init__", [["kernel_size"], ["stride", null], ["padding", 0]], args);
    const n = this._n();
    this.kernel_size = ntuple(n, kernel_size);
    this.stride = ntuple(n, stride ?? kernel_size);
    this.padding = ntuple(n, padding);
  }
  forward(input: Tensor, indices: Tensor, output_size: number[] | null | { output_size?: number[] | null } = null): Tensor {
    const os = output_size !== null && !Array.isArray(output_size) ? output_size.output_size ?? null : output_size;
    const f = [F.max_unpool1d, F.max_unpool2d, F.max_unpool3d][this._n() - 1];
    return f(input, indices, this.kernel_size, this.stride, this.padding, os);
  }
  extra_repr(): string { return `kernel_size=${pyStr(this.kernel_size)}, stride=${pyStr(this.stride)}, padding=${pyStr(this.padding)}`; }
}
/** Inverts MaxPool1d given its indices: forward(input, indices, output_size?). */
export class MaxUnpool1d extends _MaxUnpoolNd { _n(): number { return 1; } }
export class MaxUnpool2d extends _MaxUnpoolNd { _n(): number { return 2; } }
export class MaxUnpool3d extends _MaxUnpoolNd { _n(): number { return 3; } }

interface AvgPoolOptions { kernel_size?: IntOrN; stride?: IntOrN | null; padding?: IntOrN; ceil_mode?: boolean; count_include_pad?: boolean; divisor_override?: number | null }
export class _AvgPoolNd extends Module {
  kernel_size!: IntOrN;
  stride!: IntOrN;
  padding!: IntOrN;
  ceil_mode!: boolean;
  count_include_pad!: boolean;
  extra_repr(): string { return `kernel_size=${pyStr(this.kernel_size)}, stride=${pyStr(this.stride)}, padding=${pyStr(this.padding)}`; }
}
/** Averages windows of (N, C, L); kernel_size, stride and padding are kept as 1-tuples. */
export class AvgPool1d extends _AvgPoolNd {
  constructor(kernel_size: IntOrN | AvgPoolOptions, stride?: IntOrN | null | AvgPoolOptions, padding?: IntOrN | AvgPoolOptions,
    ceil_mode?: boolean | AvgPoolOptions, count_include_pad?: boolean | AvgPoolOptions);
  constructor(...args: any[]) {
    super();
    const [kernel_size, stride, padding, ceil_mode, count_include_pad] = bindArgs("__init__",
      [["kernel_size"], ["stride", null], ["padding", 0], ["ceil_mode", false], ["count_include_pad", true]], args);
    this.kernel_size = ntuple(1, kernel_size);
    this.stride = ntuple(1, stride ?? kernel_size);
    this.padding = ntuple(1, padding);
    this.ceil_mode = ceil_mode;
    this.count_include_pad = count_include_pad;
  }
  forward(input: Tensor): Tensor {
    return F.avg_pool1d(input, this.kernel_size, this.stride, this.padding, this.ceil_mode, this.count_include_pad);
  }
}
const AVGPOOL_SIG = [["kernel_size"], ["stride", null], ["padding", 0], ["ceil_mode", false], ["count_include_pad", true], ["divisor_override", null]] as const;
export class _AvgPoolDiv extends _AvgPoolNd {
  divisor_override!: number | null;
  constructor(kernel_size: IntOrN | AvgPoolOptions, stride?: IntOrN | null | AvgPoolOptions, padding?: IntOrN | AvgPoolOptions,
    ceil_mode?: boolean | AvgPoolOptions, count_include_pad?: boolean | AvgPoolOptions, divisor_override?: number | null | AvgPoolOptions);
  constructor(...args: any[]) {
    super();
    const [kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override] = bindArgs("__init__", AVGPOOL_SIG, args);
    this.kernel_size = kernel_size;
    this.stride = stride ?? kernel_size;
    this.padding = padding;
    this.ceil_mode = ceil_mode;
    this.count_include_pad = count_include_pad;
    this.divisor_override = divisor_override;
  }
  _pool(f: (input: Tensor, ...args: any[]) => Tensor, input: Tensor): Tensor {
    return f(input, this.kernel_size, this.stride, this.padding, this.ceil_mode, this.count_include_pad, this.divisor_override);
  }
}
export class AvgPool2d extends _AvgPoolDiv { forward(input: Tensor): Tensor { return this._pool(F.avg_pool2d, input); } }
export class AvgPool3d extends _AvgPoolDiv { forward(input: Tensor): Tensor { return this._pool(F.avg_pool3d, input); } }

interface FractionalOptions { kernel_size?: IntOrN; output_size?: IntOrN | null; output_ratio?: number | number[] | null; return_indices?: boolean; _random_samples?: Tensor | null }
export class _FractionalMaxPoolNd extends Module {
  kernel_size!: number[];
  return_indices!: boolean;
  output_size!: number[] | null;
  output_ratio!: number[] | null;
  _random_samples!: Tensor | null;
  _n(): number { return 0; }
  constructor(kernel_size: IntOrN | FractionalOptions, output_size?: IntOrN | null | FractionalOptions, output_ratio?: number | number[] | null | FractionalOptions,
    return_indices?: boolean | FractionalOptions, _random_samples?: Tensor | null | FractionalOptions);
  constructor(...args: any[]) {
    super();
    const [kernel_size, output_size, output_ratio, return_indices, samples] = bindArgs("__init__",
      [["kernel_size"], ["output_size", null], ["output_ratio", null], ["return_indices", false], ["_random_samples", null]], args);
    const n = this._n(), name = this._get_name();
    if (n === 3 && V.vision2 && ntuple(3, kernel_size).some((k) => k <= 0))
      throw valueError(`kernel_size must be greater than 0, but got ${pyStr(kernel_size)}`);
    this.kernel_size = ntuple(n, kernel_size);
    this.return_indices = return_indices;
    this.register_buffer("_random_samples", samples);
    this.output_size = output_size !== null ? ntuple(n, output_size) : null;
    this.output_ratio = output_ratio !== null ? ntuple(n, output_ratio) : null;
    if (output_size === null && output_ratio === null)
      throw valueError(`${name} requires specifying either an output size, or a pooling ratio`);
    if (output_size !== null && output_ratio !== null) throw valueError("only one of output_size and output_ratio may be specified");
    if (this.output_ratio !== null && !this.output_ratio.every((r) => r > 0 && r < 1))
      throw valueError(`output_ratio must be between 0 and 1 (got ${pyStr(output_ratio)})`);
  }
  forward(input: Tensor): any {
    const f = this._n() === 2 ? F.fractional_max_pool2d : F.fractional_max_pool3d;
    return f(input, this.kernel_size, this.output_size, this.output_ratio, this.return_indices, { _random_samples: this._random_samples });
  }
}
/** Fractional max pooling (Graham): random pooling regions drawn from the default generator. */
export class FractionalMaxPool2d extends _FractionalMaxPoolNd { _n(): number { return 2; } }
export class FractionalMaxPool3d extends _FractionalMaxPoolNd { _n(): number { return 3; } }

interface LPPoolOptions { norm_type?: number; kernel_size?: IntOrN; stride?: IntOrN | null; ceil_mode?: boolean }
export class _LPPoolNd extends Module {
  norm_type!: number;
  kernel_size!: IntOrN;
  stride!: IntOrN | null;
  ceil_mode!: boolean;
  constructor(norm_type: number | LPPoolOptions, kernel_size?: IntOrN | LPPoolOptions, stride?: IntOrN | null | LPPoolOptions, ceil_mode?: boolean | LPPoolOptions);
  constructor(...args: any[]) {
    super();
    const [norm_type, kernel_size, stride, ceil_mode] = bindArgs("__init__", [["norm_type"], ["kernel_size"], ["stride", null], ["ceil_mode", false]], args);
    if (V.lp_pool_norm_check && norm_type === 0) throw valueError(`norm_type must be a non-zero value, but got ${norm_type}`);
    this.norm_type = norm_type;
    this.kernel_size = kernel_size;
    this.stride = stride;
    this.ceil_mode = ceil_mode;
  }
  _pool(f: (input: Tensor, ...args: any[]) => Tensor, input: Tensor): Tensor {
    return f(input, this.norm_type, this.kernel_size, this.stride, this.ceil_mode);
  }
  extra_repr(): string {
    return `norm_type=${pyStr(this.norm_type)}, kernel_size=${pyStr(this.kernel_size)}, stride=${pyStr(this.stride)}, ceil_mode=${pyStr(this.ceil_mode)}`;
  }
}
/** Power-average pooling: (sum over the window of x^p)^(1/p). */
export class LPPool1d extends _LPPoolNd { forward(input: Tensor): Tensor { return this._pool(F.lp_pool1d, input); } }
export class LPPool2d extends _LPPoolNd { forward(input: Tensor): Tensor { return this._pool(F.lp_pool2d, input); } }
/** LPPool3d (2.2+; before, Python's torch.nn has no such attribute). */
export class LPPool3d extends _LPPoolNd {
  constructor(...args: ConstructorParameters<typeof _LPPoolNd>) {
    if (!V.lp_pool3d) throw Object.assign(new Error("module 'torch.nn' has no attribute 'LPPool3d'"), { name: "AttributeError" });
    super(...args);
  }
  forward(input: Tensor): Tensor { return this._pool(F.lp_pool3d, input); }
}

export class _AdaptiveMaxPoolNd extends Module {
  output_size!: OptIntOrN;
  return_indices!: boolean;
  constructor(output_size: OptIntOrN | { output_size?: OptIntOrN; return_indices?: boolean }, return_indices?: boolean | { return_indices?: boolean });
  constructor(...args: any[]) {
    super();
    [this.output_size, this.return_indices] = bindArgs("__init__", [["output_size"], ["return_indices", false]], args);
  }
  _pool(f: (input: Tensor, ...args: any[]) => any, input: Tensor): any { return f(input, this.output_size, this.return_indices); }
  extra_repr(): string { return `output_size=${pyStr(this.output_size)}`; }
}
export class AdaptiveMaxPool1d extends _AdaptiveMaxPoolNd { forward(input: Tensor): any { return this._pool(F.adaptive_max_pool1d, input); } }
export class AdaptiveMaxPool2d extends _AdaptiveMaxPoolNd { forward(input: Tensor): any { return this._pool(F.adaptive_max_pool2d, input); } }
export class AdaptiveMaxPool3d extends _AdaptiveMaxPoolNd { forward(input: Tensor): any { return this._pool(F.adaptive_max_pool3d, input); } }

export class _AdaptiveAvgPoolNd extends Module {
  output_size!: OptIntOrN;
  constructor(output_size: OptIntOrN | { output_size: OptIntOrN });
  constructor(...args: any[]) {
    super();
    [this.output_size] = bindArgs("__init__", [["output_size"]], args);
  }
  extra_repr(): string { return `output_size=${pyStr(this.output_size)}`; }
}
export class AdaptiveAvgPool1d extends _AdaptiveAvgPoolNd { forward(input: Tensor): Tensor { return F.adaptive_avg_pool1d(input, this.output_size); } }
export class AdaptiveAvgPool2d extends _AdaptiveAvgPoolNd { forward(input: Tensor): Tensor { return F.adaptive_avg_pool2d(input, this.output_size); } }
export class AdaptiveAvgPool3d extends _AdaptiveAvgPoolNd { forward(input: Tensor): Tensor { return F.adaptive_avg_pool3d(input, this.output_size); } }
