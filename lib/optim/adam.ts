// torch.optim.Adam (torch/optim/adam.py, single-tensor path, as in the linked release).
import type { Tensor } from "../tensor";
import { Optimizer, setdefault } from "./optimizer";
import { bindArgs, valueError } from "../nn/_utils";
import { op, zeros } from "../nn/_ops";
import { tuple } from "../serialization/_pytypes";
import { V } from "../version";

export interface AdamOptions {
  lr?: number; betas?: [number, number]; eps?: number; weight_decay?: number; amsgrad?: boolean;
  foreach?: boolean | null; maximize?: boolean; capturable?: boolean; differentiable?: boolean; fused?: boolean | null;
  /** 2.7 and later. */
  decoupled_weight_decay?: boolean;
}

export function checkAdamArgs(lr: number, eps: number, betas: number[], weight_decay: number) {
  if (!(0.0 <= lr)) throw valueError(`Invalid learning rate: ${lr}`);
  if (!(0.0 <= eps)) throw valueError(`Invalid epsilon value: ${eps}`);
  if (!(0.0 <= betas[0] && betas[0] < 1.0)) throw valueError(`Invalid beta parameter at index 0: ${betas[0]}`);
  if (!(0.0 <= betas[1] && betas[1] < 1.0)) throw valueError(`Invalid beta parameter at index 1: ${betas[1]}`);
  if (!(0.0 <= weight_decay)) throw valueError(`Invalid weight_decay value: ${weight_decay}`);
}

/** 2.x: `fused` excludes `differentiable` and `foreach`. */
export function checkFused(fused: unknown, differentiable: unknown, foreach: unknown) {
  if (!V.optim2 || !fused) return;
  if (differentiable) throw new Error("`fused` does not support `differentiable`");
  if (foreach) throw new Error("`fused` and `foreach` cannot be `True` together.");
}

/** A step count as a 0-d tensor of the default dtype (Python's torch.tensor(float(step))). */
export function stepTensor(step: number): Tensor {
  return zeros([]).add_(step);
}

/** Adam's and AdamW's __setstate__: missing group keys, and tensor steps for plain-number ones. */
export function adamSetstate(opt: Optimizer, keys: [string, unknown][]) {
  for (const g of opt.param_groups) for (const [k, v] of keys) setdefault(g, k, v);
  const states = [...opt.state.values()];
  if (V.optim2) {
    for (const s of states) if (Object.keys(s).length !== 0 && typeof s.step === "number") s.step = stepTensor(s.step);
  } else if (states.length !== 0 && typeof states[0].step === "number") {
    for (const s of states) s.step = stepTensor(Number(s.step));
  }
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
  if (decoupled) {
    // 1.13's AdamW multiplies even by 1 - lr * 0; 2.x skips a zero weight_decay (the same numbers).
    if (weight_decay !== 0 || !V.optim2) p.mul_(1 - lr * weight_decay);
  } else if (weight_decay !== 0) grad = grad.add(p, { alpha: weight_decay });
  if (V.adam_lerp) exp_avg.lerp_(grad, 1 - beta1);
  else exp_avg.mul_(beta1).add_(grad, { alpha: 1 - beta1 });
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

/** Adam: adaptive moment estimation, optionally AMSGrad (2.7 and later: optionally decoupled weight decay, AdamW). */
export class Adam extends Optimizer {
  constructor(params: Iterable<Tensor> | Iterable<Record<string, any>>, lr?: number | AdamOptions, betas?: [number, number] | AdamOptions, eps?: number | AdamOptions, weight_decay?: number | AdamOptions, amsgrad?: boolean | AdamOptions, options?: AdamOptions);
  constructor(params: any, ...args: any[]) {
    // The class's own signature and defaults (AdamW's differ).
    super(params, (new.target as typeof Adam)._defaults(args));
    checkFused(this.defaults.fused, this.defaults.differentiable, this.defaults.foreach);
  }
  /** Binds the constructor's arguments to the group defaults, in Python's key order. */
  protected static _defaults(args: any[]): Record<string, any> {
    const sig: [string, unknown][] = [["lr", 1e-3], ["betas", [0.9, 0.999]], ["eps", 1e-8], ["weight_decay", 0], ["amsgrad", false],
      ["foreach", null], ["maximize", false], ["capturable", false], ["differentiable", false], ["fused", V.optim2 ? null : false]];
    if (V.adamw_is_adam) sig.push(["decoupled_weight_decay", false]);
    const [lr, betas, eps, weight_decay, amsgrad, foreach, maximize, capturable, differentiable, fused, decoupled_weight_decay] = bindArgs("__init__", sig, args);
    return adamDefaults(lr, betas, eps, weight_decay, amsgrad, maximize, foreach, capturable, differentiable, fused, decoupled_weight_decay);
  }
  /** Before 2.7 AdamW is no Adam (Python's isinstance(AdamW(...), Adam) is False). */
  static [Symbol.hasInstance](obj: unknown): boolean {
    if (!Function.prototype[Symbol.hasInstance].call(this, obj)) return false;
    return V.adamw_is_adam || this !== Adam || !isAdamW(obj);
  }
  protected __setstate__(): void {
    const keys: [string, unknown][] = [["amsgrad", false], ["maximize", false], ["foreach", null], ["capturable", false], ["differentiable", false]];
    if (V.adamw_is_adam) keys.push(["decoupled_weight_decay", false]);
    keys.push(["fused", V.optim2 ? null : false]);
    adamSetstate(this, keys);
  }
  /** Whether the group's weight decay is decoupled (AdamW's). */
  protected _decoupled(group: Record<string, any>): boolean { return V.adamw_is_adam && Boolean(group.decoupled_weight_decay); }
  protected _step(): void {
    for (const group of this.param_groups) {
      for (const p of group.params) {
        const g = p.grad;
        if (g === null) continue;
        adamUpdate(p, g, adamState(this, p, group.amsgrad), group, this._decoupled(group));
      }
    }
  }
}

/** Adam's group defaults (decoupled_weight_decay from 2.7). */
export function adamDefaults(lr: number, betas: number[], eps: number, weight_decay: number, amsgrad: boolean, maximize: boolean,
  foreach: boolean | null, capturable: boolean, differentiable: boolean, fused: boolean | null, decoupled_weight_decay: boolean): Record<string, any> {
  checkAdamArgs(lr, eps, betas, weight_decay);
  const defaults: Record<string, any> = { lr, betas: tuple(...betas), eps, weight_decay, amsgrad, maximize, foreach, capturable, differentiable, fused };
  if (V.adamw_is_adam) defaults.decoupled_weight_decay = decoupled_weight_decay;
  return defaults;
}

// Set by adamw.ts: tells AdamW's instances apart without an import cycle.
let isAdamW: (obj: unknown) => boolean = () => false;
export function _registerAdamW(test: (obj: unknown) => boolean): void { isAdamW = test; }
