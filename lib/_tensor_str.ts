// Tensor printing (torch/_tensor_str.py).
import type { Tensor } from "./tensor";
import { flatValues } from "./tensor";

export function formatTensor(t: Tensor): string {
  if (t._h < 0) return "tensor(<disposed>)";
  const shape = t.shape;
  const vals = flatValues(t.detach());
  const fmt = (v: number | boolean) => (typeof v === "boolean" ? (v ? "True" : "False") : t.dtype.is_floating_point ? v.toFixed(4) : String(v));
  let i = 0;
  const build = (d: number): string => {
    if (d === shape.length) return fmt(vals[i++]);
    const parts: string[] = [];
    for (let k = 0; k < shape[d]; k++) parts.push(build(d + 1));
    return `[${parts.join(", ")}]`;
  };
  const suffix: string[] = [];
  if (t.dtype.name !== "float32" && t.dtype.name !== "int64" && t.dtype.name !== "bool") suffix.push(`dtype=${t.dtype}`);
  const gf = t.grad_fn;
  if (gf) suffix.push(`grad_fn=<${gf.name()}>`);
  else if (t.requires_grad) suffix.push("requires_grad=True");
  return `tensor(${build(0)}${suffix.length ? ", " + suffix.join(", ") : ""})`;
}
