// torch.optim.AdamW (torch/optim/adamw.py, 1.13 single-tensor path): Adam with decoupled weight decay.
import type { Tensor } from "../tensor";
import { Optimizer } from "./optimizer";
import { bindArgs } from "../nn/_utils";
import { adamState, adamUpdate, checkAdamArgs, type AdamOptions } from "./adam";
import { tuple } from "../serialization/_pytypes";

export class AdamW extends Optimizer {
  constructor(params: Iterable<Tensor> | Iterable<Record<string, any>>, lr?: number | AdamOptions, betas?: [number, number] | AdamOptions, eps?: number | AdamOptions, weight_decay?: number | AdamOptions, amsgrad?: boolean | AdamOptions, options?: AdamOptions);
  constructor(params: any, ...args: any[]) {
    const [lr, betas, eps, weight_decay, amsgrad, maximize, foreach, capturable] = bindArgs("__init__",
      [["lr", 1e-3], ["betas", [0.9, 0.999]], ["eps", 1e-8], ["weight_decay", 1e-2], ["amsgrad", false],
        ["maximize", false], ["foreach", null], ["capturable", false]], args);
    checkAdamArgs(lr, eps, betas, weight_decay);
    super(params, { lr, betas: tuple(...betas), eps, weight_decay, amsgrad, foreach, maximize, capturable });
  }
  protected __setstate__(): void {
    for (const g of this.param_groups) {
      g.amsgrad ??= false;
      g.maximize ??= false;
      if (!("foreach" in g)) g.foreach = null;
      g.capturable ??= false;
    }
  }
  protected _step(): void {
    for (const group of this.param_groups) {
      for (const p of group.params) {
        const g = p.grad;
        if (g === null) continue;
        adamUpdate(p, g, adamState(this, p, group.amsgrad), group, true);
      }
    }
  }
}
