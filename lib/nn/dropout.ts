// torch/nn/modules/dropout.py: Dropout, Dropout1d/2d/3d, AlphaDropout, FeatureAlphaDropout (active in training mode only).
import type { Tensor } from "../tensor";
import { Module } from "./module";
import { bindArgs, pyStr, valueError } from "./_utils";
import * as F from "./_functional/activation";

export class _DropoutNd extends Module {
  p!: number;
  inplace!: boolean;
  constructor(p?: number | { p?: number; inplace?: boolean }, inplace?: boolean);
  constructor(...args: any[]) {
    super();
    const [p, inplace] = bindArgs("__init__", [["p", 0.5], ["inplace", false]], args);
    if (p < 0 || p > 1) throw valueError(`dropout probability has to be between 0 and 1, but got ${pyStr(p)}`);
    this.p = p;
    this.inplace = inplace;
  }
  extra_repr(): string { return `p=${pyStr(this.p, true)}, inplace=${pyStr(this.inplace)}`; }
}

export class Dropout extends _DropoutNd {
  forward(input: Tensor): Tensor { return F.dropout(input, this.p, this.training, this.inplace); }
}
/** Zeroes whole channels of (N, C, L) or (C, L). */
export class Dropout1d extends _DropoutNd {
  forward(input: Tensor): Tensor { return F.dropout1d(input, this.p, this.training, this.inplace); }
}
/** Zeroes whole channels of (N, C, H, W) (see F.dropout2d for 3-D input). */
export class Dropout2d extends _DropoutNd {
  forward(input: Tensor): Tensor { return F.dropout2d(input, this.p, this.training, this.inplace); }
}
/** Zeroes whole channels of (N, C, D, H, W) or (C, D, H, W). */
export class Dropout3d extends _DropoutNd {
  forward(input: Tensor): Tensor { return F.dropout3d(input, this.p, this.training, this.inplace); }
}
/** Dropout that keeps SELU's self-normalizing mean and variance. */
export class AlphaDropout extends _DropoutNd {
  forward(input: Tensor): Tensor { return F.alpha_dropout(input, this.p, this.training); }
}
export class FeatureAlphaDropout extends _DropoutNd {
  forward(input: Tensor): Tensor { return F.feature_alpha_dropout(input, this.p, this.training); }
}
