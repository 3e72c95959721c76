// torch/nn/modules/fold.py: Fold (col2im), Unfold (im2col).
import type { Tensor } from "../tensor";
import { Module } from "./module";
import { bindArgs, pyStr } from "./_utils";
import { fold, unfold } from "./_functional/vision";

type IntOr2 = number | number[];
interface FoldOptions { output_size?: IntOr2; kernel_size?: IntOr2; dilation?: IntOr2; padding?: IntOr2; stride?: IntOr2 }

/** Sums sliding local blocks (N, C * prod(kernel_size), L) into (N, C, *output_size). */
export class Fold extends Module {
  output_size!: IntOr2;
  kernel_size!: IntOr2;
  dilation!: IntOr2;
  padding!: IntOr2;
  stride!: IntOr2;
  constructor(output_size: IntOr2 | FoldOptions, kernel_size?: IntOr2 | FoldOptions, dilation?: IntOr2 | FoldOptions,
    padding?: IntOr2 | FoldOptions, stride?: IntOr2 | FoldOptions);
  constructor(...args: any[]) {
    super();
    [this.output_size, this.kernel_size, this.dilation, this.padding, this.stride] = bindArgs("__init__",
      [["output_size"], ["kernel_size"], ["dilation", 1], ["padding", 0], ["stride", 1]], args);
  }
  forward(input: Tensor): Tensor { return fold(input, this.output_size, this.kernel_size, this.dilation, this.padding, this.stride); }
  extra_repr(): string {
    return `output_size=${pyStr(this.output_size)}, kernel_size=${pyStr(this.kernel_size)}, dilation=${pyStr(this.dilation)}, padding=${pyStr(this.padding)}, stride=${pyStr(this.stride)}`;
  }
}

/** Extracts sliding local blocks of (N, C, *) as (N, C * prod(kernel_size), L). */
export class Unfold extends Module {
  kernel_size!: IntOr2;
  dilation!: IntOr2;
  padding!: IntOr2;
  stride!: IntOr2;
  constructor(kernel_size: IntOr2 | FoldOptions, dilation?: IntOr2 | FoldOptions, padding?: IntOr2 | FoldOptions, stride?: IntOr2 | FoldOptions);
  constructor(...args: any[]) {
    super();
    [this.kernel_size, this.dilation, this.padding, this.stride] = bindArgs("__init__",
      [["kernel_size"], ["dilation", 1], ["padding", 0], ["stride", 1]], args);
  }
  forward(input: Tensor): Tensor { return unfold(input, this.kernel_size, this.dilation, this.padding, this.stride); }
  extra_repr(): string {
    return `kernel_size=${pyStr(this.kernel_size)}, dilation=${pyStr(this.dilation)}, padding=${pyStr(this.padding)}, stride=${pyStr(this.stride)}`;
  }
}
