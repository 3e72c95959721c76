// torch.optim.Adam (torch/optim/adam.py, 1.13 single-tensor path).
import type { Tensor } from "../tensor";
import { Optimizer } from "./optimizer";
import { bindArgs, valueError } from "../nn/_utils";
import { op, zeros } from "../nn/_ops";
import { tuple } from "../serialization/_pytypes";

export interface AdamOptions {
  lr?: number; betas?: [number, number]; eps?: number; weight_decay?: number; amsgrad?: boolean;
  foreach?: boolean | null; maximize?: boolean; capturable?: boolean; differentiable?: boolean; fused?: boolean;
}

export function checkAdamArgs(lr: number, eps: number, betas: number[], weight_decay: number) {
  if (!(0.0 <= lr)) throw valueError(`Invalid learning rate: ${lr}`);
  if (!(0.0 <= eps)) throw valueError(`Invalid epsilon value: ${eps}`);
  if (!(0.0 <= betas[0] && betas[0] < 1.0)) throw valueError(`Invalid beta parameter at index 0: ${betas[0]}`);
  if (!(0.0 <= betas[1] && betas[1] < 1.0)) throw valueError(`Invalid beta parameter at index 1: ${betas[1]}`);
  if (!(0.0 <= weight_decay)) throw valueError(`Invalid weight_decay value: ${weight_decay}`);
}

/** Lazily creates Adam's per-parameter state, as Adam.step does on first use. */
export function adamState(opt: Optimizer, p: Tensor, amsgrad: boolean): Record<string, any> {
  const state = opt._state(p);
  if (Object.keys(state).length === 0) {
    state.step = zeros([]);
    state.exp_avg = op("zeros_like", p);
    state.exp_avg_sq = op("zeros_like", p);
    if (amsgrad) state.max_exp_avg_sq = op("zeros_like", p);
  }
  return state;
}

/** One Adam / AdamW update of p (decoupled: AdamW's weight decay on the parameter). */
export function adamUpdate(p: Tensor, grad: Tensor, state: Record<string, any>, group: Record<string, any>, decoupled: boolean) {
  const { lr, eps, weight_decay, amsgrad, maximize } = group;
  const [beta1, beta2] = group.betas;
  if (maximize) grad = grad.neg();
  const step_t: Tensor = state.step;
  const exp_avg: Tensor = state.exp_avg, exp_avg_sq: Tensor = state.exp_avg_sq;
  step_t.add_(1);
  if (decoupled) p.mul_(1 - lr * weight_decay);
  else if (weight_decay !== 0) grad = grad.add(p, { alpha: weight_decay });
  exp_avg.mul_(beta1).add_(grad, { alpha: 1 - beta1 });
  // grad.conj() in Adam is grad itself for real tensors.
  exp_avg_sq.mul_(beta2).addcmul_(grad, grad, { value: 1 - beta2 });
  const step = step_t.item() as number;
  const bias_correction1 = 1 - beta1 ** step;
  const bias_correction2 = 1 - beta2 ** step;
  const step_size = lr / bias_correction1;
  const bias_correction2_sqrt = Math.sqrt(bias_correction2);
  let denom: Tensor;
  if (amsgrad) {
    const m: Tensor = state.max_exp_avg_sq;
    m.copy_(op("maximum", m, exp_avg_sq));
    denom = m.sqrt().div(bias_correction2_sqrt).add_(eps);
  } else {
    denom = exp_avg_sq.sqrt().div(bias_correction2_sqrt).add_(eps);
  }
  p.addcdiv_(exp_avg, denom, { value: -step_size });
}

/** Adam: adaptive moment estimation, optionally AMSGrad. */
export class Adam extends Optimizer {
  constructor(params: Iterable<Tensor> | Iterable<Record<string, any>>, lr?: number | AdamOptions, betas?: [number, number] | AdamOptions, eps?: number | AdamOptions, weight_decay?: number | AdamOptions, amsgrad?: boolean | AdamOptions, options?: AdamOptions);
  constructor(params: any, ...args: any[]) {
    const [lr, betas, eps, weight_decay, amsgrad, foreach, maximize, capturable, differentiable, fused] = bindArgs("__init__",
      [["lr", 1e-3], ["betas", [0.9, 0.999]], ["eps", 1e-8], ["weight_decay", 0], ["amsgrad", false],
        ["foreach", null], ["maximize", false], ["capturable", false], ["differentiable", false], ["fused", false]], args);
    checkAdamArgs(lr, eps, betas, weight_decay);
    super(params, { lr, betas: tuple(...betas), eps, weight_decay, amsgrad, maximize, foreach, capturable, differentiable, fused });
  }
  protected __setstate__(): void {
    for (const g of this.param_groups) {
      g.amsgrad ??= false;
      g.maximize ??= false;
      if (!("foreach" in g)) g.foreach = null;
      g.capturable ??= false;
      g.differentiable ??= false;
      g.fused ??= false;
    }
  }
  protected _step(): void {
    for (const group of this.param_groups) {
      for (const p of group.params) {
        const g = p.grad;
        if (g === null) continue;
        adamUpdate(p, g, adamState(this, p, group.amsgrad), group, false);
      }
    }
  }
}
