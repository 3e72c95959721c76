// torchvision/ops/stochastic_depth.py: randomly drops residual branches (whole batch or per row).
import { Tensor } from "../../tensor";
import { torch } from "../../torch";
import { Module } from "../../nn/module";
import { bindArgs, valueError } from "../../nn/_utils";
import { pyFloat } from "../../nn/_utils";

/** Zeroes the input (per sample for mode 'row', all at once for 'batch') with probability p, scaling survivors by 1/(1-p). */
export function stochastic_depth(input: Tensor, p: number, mode: string, training?: boolean): Tensor;
export function stochastic_depth(input: Tensor, options: { p: number; mode: string; training?: boolean }): Tensor;
export function stochastic_depth(...args: any[]): Tensor {
  const [input, p, mode, training] = bindArgs("stochastic_depth", [["input"], ["p"], ["mode"], ["training", true]], args);
  if (p < 0.0 || p > 1.0) throw valueError(`drop probability has to be between 0 and 1, but got ${pyFloat(p)}`);
  if (mode !== "batch" && mode !== "row") throw valueError(`mode has to be either 'batch' or 'row', but got ${mode}`);
  if (!training || p === 0.0) return input;
  const survival_rate = 1.0 - p;
  const size = mode === "row" ? [input.shape[0], ...Array(input.dim() - 1).fill(1)] : Array(input.dim()).fill(1);
  const noise = torch.empty(size, { dtype: input.dtype, device: input.device }).bernoulli_(survival_rate);
  if (survival_rate > 0.0) noise.div_(survival_rate);
  return input.mul(noise);
}

/** Module form of stochastic_depth. */
export class StochasticDepth extends Module {
  declare p: number;
  declare mode: string;
  constructor(p: number, mode: string);
  constructor(options: { p: number; mode: string });
  constructor(...args: any[]) {
    super();
    const [p, mode] = bindArgs("__init__", [["p"], ["mode"]], args);
    this.p = p;
    this.mode = mode;
  }
  forward(input: Tensor): Tensor { return stochastic_depth(input, this.p, this.mode, this.training); }
  __repr__(): string { return `${this._get_name()}(p=${pyFloat(this.p)}, mode=${this.mode})`; }
}
