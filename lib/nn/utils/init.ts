// torch.nn.utils.init (torch/nn/utils/init.py): skip_init.
import { Tensor, pyError } from "../../tensor";
import { Parameter } from "../parameter";
import { Module } from "../module";
import { no_grad } from "../../autograd";
import { op } from "../_ops";

const isOptions = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && Object.getPrototypeOf(v) === Object.prototype;

/**
 * skip_init(module_cls, ...args, { device, ... }): the module built on the meta device, then given
 * uninitialized storage on `device` (default "cpu"), as Module.to_empty does.
 */
export function skip_init<T extends Module>(module_cls: new (...a: any[]) => T, ...args: any[]): T {
  if (typeof module_cls !== "function" || !(module_cls === Module as unknown || module_cls.prototype instanceof Module))
    throw pyError("RuntimeError", `Expected a Module; got ${typeof module_cls === "function" ? `<class '${module_cls.name}'>` : String(module_cls)}`);
  const kwargs = args.length && isOptions(args[args.length - 1]) ? { ...args.pop() } : {};
  const final_device = kwargs.device ?? "cpu";
  kwargs.device = "meta";
  // Python checks the signature for `device`; here a class refusing it, or ignoring it, tells
  const noDevice = () => pyError("RuntimeError", "Module must support a 'device' arg to skip initialization");
  let m: T;
  try { m = new module_cls(...args, kwargs); } catch (e: any) {
    if (e instanceof TypeError && e.message.includes("unexpected keyword argument 'device'")) throw noDevice();
    throw e;
  }
  for (const p of m.parameters()) if (p.device.type !== "meta") throw noDevice();
  // meta and real tensors cannot share a TensorImpl: each parameter is replaced, as Python's _apply does
  const empty = (t: Tensor): Tensor => no_grad(() => op("empty_like", t, { device: final_device }));
  for (const mod of m.modules()) {
    for (const [k, p] of mod._parameters) if (p !== null) (mod as any)[k] = new Parameter(empty(p), p.requires_grad);
    for (const [k, b] of mod._buffers) if (b !== null) (mod as any)[k] = empty(b);
  }
  return m;
}
