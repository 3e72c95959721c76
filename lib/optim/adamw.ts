// torch.optim.AdamW (torch/optim/adamw.py, single-tensor path, as in the linked release): Adam with
// decoupled weight decay. From 2.7 it is Adam with decoupled_weight_decay=True; before, its own
// optimizer (an Adam subclass here, which `instanceof Adam` denies as Python's isinstance does).
import type { Tensor } from "../tensor";
import { bindArgs } from "../nn/_utils";
import { Adam, adamDefaults, adamSetstate, checkAdamArgs, _registerAdamW, type AdamOptions } from "./adam";
import { tuple } from "../serialization/_pytypes";
import { V } from "../version";

export type AdamWOptions = Omit<AdamOptions, "decoupled_weight_decay">;

export class AdamW extends Adam {
  constructor(params: Iterable<Tensor> | Iterable<Record<string, any>>, lr?: number | AdamWOptions, betas?: [number, number] | AdamWOptions, eps?: number | AdamWOptions, weight_decay?: number | AdamWOptions, amsgrad?: boolean | AdamWOptions, options?: AdamWOptions);
  constructor(params: any, ...args: any[]) {
    super(params, ...args);
  }
  protected static _defaults(args: any[]): Record<string, any> {
    const sig: [string, unknown][] = [["lr", 1e-3], ["betas", [0.9, 0.999]], ["eps", 1e-8], ["weight_decay", 1e-2], ["amsgrad", false],
      ["maximize", false], ["foreach", null], ["capturable", false]];
    if (V.optim2) sig.push(["differentiable", false], ["fused", null]);
    const [lr, betas, eps, weight_decay, amsgrad, maximize, foreach, capturable, differentiable, fused] = bindArgs("__init__", sig, args);
    if (V.adamw_is_adam) return adamDefaults(lr, betas, eps, weight_decay, amsgrad, maximize, foreach, capturable, differentiable, fused, true);
    checkAdamArgs(lr, eps, betas, weight_decay);
    const defaults: Record<string, any> = { lr, betas: tuple(...betas), eps, weight_decay, amsgrad, foreach, maximize, capturable };
    if (V.optim2) Object.assign(defaults, { differentiable, fused });
    return defaults;
  }
  protected __setstate__(): void {
    if (V.adamw_is_adam) {
      super.__setstate__();
      for (const g of this.param_groups) g.decoupled_weight_decay = true;
      return;
    }
    const keys: [string, unknown][] = [["amsgrad", false], ["maximize", false], ["foreach", null], ["capturable", false]];
    if (V.optim2) keys.push(["differentiable", false], ["fused", null]);
    adamSetstate(this, keys);
  }
  protected _decoupled(): boolean { return true; }
}

_registerAdamW((obj) => Function.prototype[Symbol.hasInstance].call(AdamW, obj));
