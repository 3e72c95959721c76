// torch.nn.Parameter (torch/nn/parameter.py): a Tensor that modules register as a parameter;
// torch.nn.Buffer (2.5): a Tensor that modules register as a buffer.
import { inspect } from "node:util";
import { N } from "../native";
import { Tensor, WRAP_HANDLE } from "../tensor";
import { empty } from "./_ops";
import { isOptions } from "../_ops";
import { formatTensor } from "../_tensor_str";
import { V } from "../version";
import { bindArgs } from "./_utils";

export class Parameter extends Tensor {
  /**
   * `new nn.Parameter(data, requires_grad = true)`: shares data's storage, as a leaf
   * (Python's Tensor._make_subclass). `data` null/undefined gives an empty tensor.
   */
  constructor(data?: Tensor | null, requires_grad: boolean | { requires_grad?: boolean } = true) {
    const d = data ?? empty([0]);
    if (!(d instanceof Tensor)) throw new TypeError(`Parameter(): argument 'data' must be Tensor, not ${typeof d}`);
    super(WRAP_HANDLE, N.detach(d._h));
    const rg = isOptions(requires_grad) ? (requires_grad.requires_grad ?? true) : requires_grad;
    if (rg) this.requires_grad = true;
  }
  toString(): string { return "Parameter containing:\n" + formatTensor(this); }
  [inspect.custom](): string { return this.toString(); }
}

export interface Buffer extends Tensor {
  /** Whether the buffer goes into its module's state_dict. */
  persistent: boolean;
  _is_buffer: true;
}
/**
 * `new nn.Buffer(data, { persistent = true })` (2.5): data detached (sharing its storage and
 * keeping its requires_grad), marked so that assigning it to a module attribute registers a
 * buffer. As in Python it is a plain Tensor carrying `persistent`; `instanceof nn.Buffer` tests
 * the mark. A module's buffer reads back as this same tensor.
 */
export class Buffer {
  constructor(data?: Tensor | null | { data?: Tensor | null; persistent?: boolean }, options?: { persistent?: boolean });
  constructor(...args: any[]) {
    if (!V.nn_buffer) {
      const e = new Error("module 'torch.nn' has no attribute 'Buffer'");
      e.name = "AttributeError";
      throw e;
    }
    const [data, persistent] = bindArgs("__new__", [["data", null]], args, [["persistent", true]]);
    const d: Tensor = data ?? empty([0]);
    if (!(d instanceof Tensor)) throw new TypeError(`Buffer(): argument 'data' must be Tensor, not ${typeof d}`);
    const t = d.detach();
    if (d.requires_grad) t.requires_grad_(true);
    Object.defineProperty(t, "persistent", { value: persistent, writable: true, enumerable: false, configurable: true });
    Object.defineProperty(t, "_is_buffer", { value: true, writable: true, enumerable: false, configurable: true });
    return t as Buffer;
  }
  static [Symbol.hasInstance](x: unknown): boolean { return x instanceof Tensor && (x as any)._is_buffer === true; }
}
