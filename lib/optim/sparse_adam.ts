// torch.optim.SparseAdam (torch/optim/sparse_adam.py of the linked release). torch-node has no
// sparse tensors, so every gradient is dense and step() raises what Python raises for one.
import type { Tensor } from "../tensor";
import { Optimizer, checkBetas } from "./optimizer";
import { bindArgs, valueError } from "../nn/_utils";
import { tuple } from "../serialization/_pytypes";
import { V } from "../version";

export interface SparseAdamOptions { lr?: number; betas?: [number, number]; eps?: number; maximize?: boolean }

/** Adam for sparse gradients (nn.Embedding(sparse=True)); dense gradients are an error. */
export class SparseAdam extends Optimizer {
  constructor(params: Iterable<Tensor> | Iterable<Record<string, any>>, lr?: number | SparseAdamOptions, betas?: [number, number] | SparseAdamOptions, eps?: number | SparseAdamOptions, maximize?: boolean | SparseAdamOptions, options?: SparseAdamOptions);
  constructor(params: any, ...args: any[]) {
    const [lr, betas, eps, maximize] = bindArgs("__init__", [["lr", 1e-3], ["betas", [0.9, 0.999]], ["eps", 1e-8], ["maximize", false]], args);
    if (!(0.0 < lr)) throw valueError(`Invalid learning rate: ${lr}`);
    if (!(0.0 < eps)) throw valueError(`Invalid epsilon value: ${eps}`);
    checkBetas(betas);
    super(params, { lr, betas: tuple(...betas), eps, maximize });
    // Python also rejects sparse and (2.x) complex parameters here.
    if (V.optim2) {
      const complex: number[][] = [];
      this.param_groups.forEach((g, i) => g.params.forEach((p, j) => { if (p.is_complex()) complex.push([i, j]); }));
      if (complex.length) throw valueError(`Complex params at indices ${JSON.stringify(complex).replace(/,/g, ", ")}: SparseAdam does not support complex parameters`);
    }
  }
  protected _step(): void {
    for (const group of this.param_groups) {
      for (const p of group.params) {
        if (p.grad === null) continue;
        // every torch-node gradient is dense
        throw new Error("SparseAdam does not support dense gradients, please consider Adam instead");
      }
    }
  }
}
