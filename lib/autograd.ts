// Grad mode (torch.no_grad, enable_grad, set_grad_enabled) and torch.autograd.
import { N } from "./native";
import { wrap, type Tensor } from "./tensor";
import { handles } from "./_ops";

function withGrad<T>(enabled: boolean, fn: () => T): T {
  const prev = N.is_grad_enabled();
  N.set_grad_enabled(enabled);
  try {
    return fn();
  } finally {
    N.set_grad_enabled(prev);
  }
}
/** `with torch.no_grad(): ...` is `torch.no_grad(() => { ... })`; the result passes through. */
export function no_grad<T>(fn: () => T): T { return withGrad(false, fn); }
export function enable_grad<T>(fn: () => T): T { return withGrad(true, fn); }
export function is_grad_enabled(): boolean { return N.is_grad_enabled(); }
/** set_grad_enabled(mode) sets the mode; set_grad_enabled(mode, fn) runs fn in it. */
export function set_grad_enabled<T>(mode: boolean, fn?: () => T): T | void {
  if (fn) return withGrad(mode, fn);
  N.set_grad_enabled(mode);
}
/** torch.inference_mode: no grad inside fn (libtorch's InferenceMode is not exposed). */
export function inference_mode<T>(fn: () => T): T { return withGrad(false, fn); }

export const autograd = {
  grad(outputs: Tensor | Tensor[], inputs: Tensor | Tensor[], options: {
    grad_outputs?: Tensor | Tensor[] | null; retain_graph?: boolean | null; create_graph?: boolean; allow_unused?: boolean;
  } = {}): (Tensor | null)[] {
    const outs = Array.isArray(outputs) ? outputs : [outputs];
    const ins = Array.isArray(inputs) ? inputs : [inputs];
    const go = options.grad_outputs == null ? null : handles(Array.isArray(options.grad_outputs) ? options.grad_outputs : [options.grad_outputs]);
    const r = N.autograd_grad(handles(outs), handles(ins), go, options.retain_graph ?? null,
      options.create_graph ?? false, options.allow_unused ?? false);
    return r.map((h) => (h === null ? null : wrap(h)));
  },
  backward(tensors: Tensor | Tensor[], grad_tensors?: Tensor | Tensor[] | null, retain_graph?: boolean | null) {
    const ts = Array.isArray(tensors) ? tensors : [tensors];
    const gs = grad_tensors == null ? [] : Array.isArray(grad_tensors) ? grad_tensors : [grad_tensors];
    ts.forEach((t, i) => t.backward(gs[i] ?? null, retain_graph ?? null));
  },
  no_grad, enable_grad, set_grad_enabled,
};
