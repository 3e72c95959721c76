// Grad mode (torch.no_grad, enable_grad, set_grad_enabled) and torch.autograd.
import { inspect } from "node:util";
import { N } from "./native";
import { wrap, type Tensor } from "./tensor";
import { handles } from "./_ops";
import { flush } from "./_lifetime";
import { pseudoAddress } from "./_object_repr";

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
  graph: { Node: null as unknown as typeof Node },
};

// ---- torch.autograd.graph.Node ----
// One JS object per graph node while it is held (Python's `y.grad_fn is y.grad_fn`); the
// native table keeps the node alive until the object is collected, as Python's grad_fn does.
const NODES = new Map<number, WeakRef<Node>>();
const NODE_GONE = new FinalizationRegistry<number>((id) => {
  // A newer object for the same node keeps it.
  if (NODES.get(id)?.deref() === undefined) { NODES.delete(id); N.nodeRelease(id); }
});
/** The JS object of native node `id`. */
export function nodeOf(id: number): Node {
  let n = NODES.get(id)?.deref();
  if (n === undefined) {
    n = new Node(id);
    NODES.set(id, new WeakRef(n));
    NODE_GONE.register(n, id);
  }
  return n;
}
/** An autograd graph node, as Python's torch.autograd.graph.Node (a grad_fn). */
export class Node {
  static __module__ = "torch.autograd.graph";
  /** @internal */
  constructor(readonly _id: number) {}
  name(): string { return N.nodeName(this._id); }
  /** (node, input_nr) per input: null for an input that needs no grad, AccumulateGrad for a leaf. */
  get next_functions(): [Node | null, number][] {
    return N.nodeNext(this._id).map(([id, nr]) => [id === null ? null : nodeOf(id), nr]);
  }
  /** An AccumulateGrad node's leaf tensor (the same object); undefined on other nodes, as Python has none. */
  get variable(): Tensor | undefined {
    flush();
    const v = N.nodeVariable(this._id);
    if (v === null) return undefined;
    return typeof v === "number" ? wrap(v) : (v as Tensor);
  }
  // Python's repr names the node's class without libtorch's namespace (CopySlices).
  toString(): string { return `<${this.name().split("::").pop()} object at ${pseudoAddress(this)}>`; }
  __repr__(): string { return this.toString(); }
  [inspect.custom](): string { return this.toString(); }
}
autograd.graph.Node = Node;
