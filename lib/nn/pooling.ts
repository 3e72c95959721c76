// torch/nn/modules/pooling.py: MaxPool2d, AvgPool2d, AdaptiveAvgPool2d.
import type { Tensor } from "../tensor";
import { Module } from "./module";
import { bindArgs, pyStr } from "./_utils";
import { max_pool2d, avg_pool2d, adaptive_avg_pool2d } from "./functional";

type IntOr2 = number | number[];

export class MaxPool2d extends Module {
  kernel_size!: IntOr2;
  stride!: IntOr2;
  padding!: IntOr2;
  dilation!: IntOr2;
  return_indices!: boolean;
  ceil_mode!: boolean;
  constructor(kernel_size: IntOr2 | { kernel_size: IntOr2; stride?: IntOr2 | null; padding?: IntOr2; dilation?: IntOr2; return_indices?: boolean; ceil_mode?: boolean }, ...rest: any[]);
  constructor(...args: any[]) {
    super();
    const [kernel_size, stride, padding, dilation, return_indices, ceil_mode] = bindArgs("__init__",
      [["kernel_size"], ["stride", null], ["padding", 0], ["dilation", 1], ["return_indices", false], ["ceil_mode", false]], args);
    this.kernel_size = kernel_size;
    this.stride = stride ?? kernel_size;
    this.padding = padding;
    this.dilation = dilation;
    this.return_indices = return_indices;
    this.ceil_mode = ceil_mode;
  }
  forward(input: Tensor): any {
    return max_pool2d(input, this.kernel_size, this.stride, this.padding, this.dilation,
      { ceil_mode: this.ceil_mode, return_indices: this.return_indices });
  }
  extra_repr(): string {
    return `kernel_size=${pyStr(this.kernel_size)}, stride=${pyStr(this.stride)}, padding=${pyStr(this.padding)}, dilation=${pyStr(this.dilation)}, ceil_mode=${pyStr(this.ceil_mode)}`;
  }
}

export class AvgPool2d extends Module {
  kernel_size!: IntOr2;
  stride!: IntOr2;
  padding!: IntOr2;
  ceil_mode!: boolean;
  count_include_pad!: boolean;
  divisor_override!: number | null;
  constructor(kernel_size: IntOr2 | { kernel_size: IntOr2; stride?: IntOr2 | null; padding?: IntOr2; ceil_mode?: boolean; count_include_pad?: boolean; divisor_override?: number | null }, ...rest: any[]);
  constructor(...args: any[]) {
    super();
    const [kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override] = bindArgs("__init__",
      [["kernel_size"], ["stride", null], ["padding", 0], ["ceil_mode", false], ["count_include_pad", true], ["divisor_override", null]], args);
    this.kernel_size = kernel_size;
    this.stride = stride ?? kernel_size;
    this.padding = padding;
    this.ceil_mode = ceil_mode;
    this.count_include_pad = count_include_pad;
    this.divisor_override = divisor_override;
  }
  forward(input: Tensor): Tensor {
    return avg_pool2d(input, this.kernel_size, this.stride, this.padding, this.ceil_mode, this.count_include_pad, this.divisor_override);
  }
  extra_repr(): string {
    return `kernel_size=${pyStr(this.kernel_size)}, stride=${pyStr(this.stride)}, padding=${pyStr(this.padding)}`;
  }
}

export class AdaptiveAvgPool2d extends Module {
  output_size!: number | (number | null)[];
  constructor(output_size: number | (number | null)[] | { output_size: number | (number | null)[] });
  constructor(...args: any[]) {
    super();
    [this.output_size] = bindArgs("__init__", [["output_size"]], args);
  }
  forward(input: Tensor): Tensor { return adaptive_avg_pool2d(input, this.output_size); }
  extra_repr(): string { return `output_size=${pyStr(this.output_size)}`; }
}
