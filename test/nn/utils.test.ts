// torch.nn.utils against Python: gradient clipping and parameter/vector conversion.
import { describe, it, expect, beforeAll } from "vitest";
import torch, { nn } from "../../lib/index";
import { py } from "../helpers/python";
import { expectClose } from "./helpers";

const PY = `
import torch.nn as nn
from torch.nn.utils import clip_grad_norm_, clip_grad_value_, parameters_to_vector, vector_to_parameters
def grads(seed):
    torch.manual_seed(seed)
    m = nn.Sequential(nn.Linear(4, 3), nn.Tanh(), nn.Linear(3, 2))
    (m(torch.randn(5, 4)) * 10).sum().backward()
    return m
out = {}
m = grads(0); n = clip_grad_norm_(m.parameters(), 1.0); out['norm2'] = {'n': n, 'g': [p.grad for p in m.parameters()]}
m = grads(1); n = clip_grad_norm_(m.parameters(), 0.5, norm_type=float('inf')); out['norminf'] = {'n': n, 'g': [p.grad for p in m.parameters()]}
m = grads(2); n = clip_grad_norm_(m.parameters(), 1e6, 1); out['norm1_noclip'] = {'n': n, 'g': [p.grad for p in m.parameters()]}
m = grads(3); clip_grad_value_(m.parameters(), 0.3); out['value'] = [p.grad for p in m.parameters()]
m = grads(4); v = parameters_to_vector(m.parameters()); out['vec'] = v
vector_to_parameters(torch.arange(v.numel(), dtype=torch.float32), m.parameters()); out['back'] = [p for p in m.parameters()]
def err(f):
    try:
        return f()
    except Exception as e:
        return [type(e).__name__, str(e)]
# 2.0: foreach (the same clipping with or without the foreach kernels)
m = grads(5); out['foreach_false'] = err(lambda: [clip_grad_norm_(m.parameters(), 0.5, foreach=False)] + [p.grad for p in m.parameters()])
m = grads(5); out['foreach_true'] = err(lambda: clip_grad_norm_(m.parameters(), 0.5, foreach=True))
m = grads(6); out['value_foreach'] = err(lambda: [clip_grad_value_(m.parameters(), 0.1, foreach=False)] + [p.grad for p in m.parameters()])
m = grads(6); out['value_foreach_true'] = err(lambda: clip_grad_value_(m.parameters(), 0.1, foreach=True))
`;

let ref: any;
beforeAll(() => { ref = py(PY); });

function grads(seed: number) {
  torch.manual_seed(seed);
  const m = new nn.Sequential(new nn.Linear(4, 3), new nn.Tanh(), new nn.Linear(3, 2));
  m(torch.randn(5, 4)).mul(10).sum().backward();
  return m;
}

describe("nn.utils", () => {
  it("clip_grad_norm_ (2-norm, inf-norm, 1-norm without clipping) returns the total norm and scales the gradients", () => {
    const u = nn.utils;
    let m = grads(0);
    expectClose(u.clip_grad_norm_(m.parameters(), 1.0), ref.norm2.n);
    m.parameters().forEach((p, i) => expectClose(p.grad!, ref.norm2.g[i]));
    m = grads(1);
    expectClose(u.clip_grad_norm_(m.parameters(), 0.5, { norm_type: Infinity }), ref.norminf.n);
    m.parameters().forEach((p, i) => expectClose(p.grad!, ref.norminf.g[i]));
    m = grads(2);
    expectClose(u.clip_grad_norm_(m.parameters(), 1e6, 1), ref.norm1_noclip.n);
    m.parameters().forEach((p, i) => expectClose(p.grad!, ref.norm1_noclip.g[i]));
    expect(u.clip_grad_norm_(new nn.Linear(2, 2).parameters(), 1).item()).toBe(0);
  });
  it("clip_grad_value_", () => {
    const m = grads(3);
    nn.utils.clip_grad_value_(m.parameters(), 0.3);
    m.parameters().forEach((p, i) => expectClose(p.grad!, ref.value[i]));
  });
  it("clip_grad_norm_ / clip_grad_value_'s foreach (2.0; 1.13 has no such argument)", () => {
    const err = (f: () => any) => { try { return f(); } catch (e) { return [(e as Error).name, (e as Error).message]; } };
    // Python 3.11 names no class here (functions), so messages compare as they are
    let m = grads(5);
    const ff = err(() => [nn.utils.clip_grad_norm_(m.parameters(), 0.5, { foreach: false } as any), ...m.parameters().map((p) => p.grad!)]);
    if (typeof ref.foreach_false[0] === "string") expect(ff).toEqual(ref.foreach_false);
    else ff.forEach((t: any, i: number) => expectClose(t, ref.foreach_false[i]));
    m = grads(5);
    const ft = err(() => nn.utils.clip_grad_norm_(m.parameters(), 0.5, { foreach: true } as any));
    if (Array.isArray(ref.foreach_true)) expect(ft).toEqual(ref.foreach_true);
    else expectClose(ft, ref.foreach_true);
    m = grads(6);
    const vf = err(() => [nn.utils.clip_grad_value_(m.parameters(), 0.1, { foreach: false } as any), ...m.parameters().map((p) => p.grad!)]);
    if (typeof ref.value_foreach[0] === "string") expect(vf).toEqual(ref.value_foreach);
    else { expect(vf[0] ?? null).toBe(null); vf.slice(1).forEach((t: any, i: number) => expectClose(t, ref.value_foreach[i + 1])); }
    m = grads(6);
    expect(err(() => nn.utils.clip_grad_value_(m.parameters(), 0.1, { foreach: true } as any)) ?? null).toEqual(ref.value_foreach_true);
  });
  it("parameters_to_vector / vector_to_parameters", () => {
    const m = grads(4);
    const v = nn.utils.parameters_to_vector(m.parameters());
    expectClose(v, ref.vec);
    nn.utils.vector_to_parameters(torch.arange(v.numel(), { dtype: torch.float32 }), m.parameters());
    m.parameters().forEach((p, i) => expectClose(p, ref.back[i]));
  });
});
