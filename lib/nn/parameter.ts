// torch.nn.Parameter (torch/nn/parameter.py): a Tensor that modules register as a parameter.
import { inspect } from "node:util";
import { N } from "../native";
import { Tensor } from "../tensor";
import { empty } from "./_ops";
import { isOptions } from "../_ops";
import { formatTensor } from "../_tensor_str";

export class Parameter extends Tensor {
  /**
   * `new nn.Parameter(data, requires_grad = true)`: shares data's storage, as a leaf
   * (Python's Tensor._make_subclass). `data` null/undefined gives an empty tensor.
   */
  constructor(data?: Tensor | null, requires_grad: boolean | { requires_grad?: boolean } = true) {
    const d = data ?? empty([0]);
    if (!(d instanceof Tensor)) throw new TypeError(`Parameter(): argument 'data' must be Tensor, not ${typeof d}`);
    super(N.detach(d._h));
    const rg = isOptions(requires_grad) ? (requires_grad.requires_grad ?? true) : requires_grad;
    if (rg) this.requires_grad = true;
  }
  toString(): string { return "Parameter containing:\n" + formatTensor(this); }
  [inspect.custom](): string { return this.toString(); }
}
