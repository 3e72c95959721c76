// Ops that PyTorch 2.x added or changed, against the Python of the linked version: present
// where the linked libtorch has them, with its numbers; absent, as in Python, where it has not.
import { describe, it, expect } from "vitest";
import torch from "../../lib/index";
import F from "../../lib/nn/functional";
import { py } from "../helpers/python";

const close = (a: number[] | number[][] | any, b: any, tol = 1e-6) =>
  expect(torch.tensor(a).sub(torch.tensor(b)).abs().max().item()).toBeLessThan(tol);

describe("2.x ops", () => {
  const has = py("out = hasattr(torch.nn.functional, 'scaled_dot_product_attention') and torch.__version__ >= '2'");

  it.runIf(has)("F.scaled_dot_product_attention gives Python's results (mask, causal, scale, dropout after manual_seed)", () => {
    torch.manual_seed(0);
    const q = torch.randn(2, 3, 5, 4), k = torch.randn(2, 3, 6, 4), v = torch.randn(2, 3, 6, 8);
    const mask = torch.randn(5, 6).gt(0);
    const ours = [
      F.scaled_dot_product_attention(q, k, v),
      F.scaled_dot_product_attention(q, k, v, mask),
      F.scaled_dot_product_attention(q, k, v, { is_causal: true }),
      F.scaled_dot_product_attention(q, k, v, null, 0, false, { scale: 0.3 }),
    ].map((t) => t.tolist());
    torch.manual_seed(1);
    const dropped = F.scaled_dot_product_attention(q, k, v, { dropout_p: 0.5 }).tolist();
    const ref = py(`
torch.manual_seed(0)
q, k, v = torch.randn(2, 3, 5, 4), torch.randn(2, 3, 6, 4), torch.randn(2, 3, 6, 8)
mask = torch.randn(5, 6).gt(0)
F = torch.nn.functional
out = [F.scaled_dot_product_attention(q, k, v), F.scaled_dot_product_attention(q, k, v, mask),
       F.scaled_dot_product_attention(q, k, v, is_causal=True), F.scaled_dot_product_attention(q, k, v, None, 0.0, False, scale=0.3)]
torch.manual_seed(1)
out.append(F.scaled_dot_product_attention(q, k, v, dropout_p=0.5))`);
    ours.forEach((o, i) => close(o, ref[i].tensor));
    close(dropped, ref[4].tensor);
  });

  it.skipIf(has)("without it (1.13), F.scaled_dot_product_attention raises Python's AttributeError", () => {
    const ref = py(`
try:
    torch.nn.functional.scaled_dot_product_attention
    out = None
except AttributeError as e:
    out = {"type": "AttributeError", "msg": str(e)}`);
    expect(() => F.scaled_dot_product_attention(torch.ones(1, 1, 1), torch.ones(1, 1, 1), torch.ones(1, 1, 1))).toThrow(ref.msg);
  });

  it("the linked version's overloads: squeeze(dims), all/any(dims), std/var(correction) where Python has them", () => {
    const x = torch.arange(6, { dtype: torch.float32 }).reshape(1, 2, 1, 3);
    const ref = py(`
x = torch.arange(6, dtype=torch.float32).reshape(1, 2, 1, 3)
def o(f):
    try: return {"ok": f()}
    except Exception as e: return {"err": type(e).__name__}
out = [o(lambda: list(x.squeeze((0, 2)).shape)), o(lambda: x.gt(0).all(dim=(1, 3)).tolist()),
       o(lambda: x.std(dim=3, correction=0).tolist()), o(lambda: torch.var(x, dim=(1, 3), correction=2, keepdim=True).tolist())]`);
    const mine = (f: () => unknown) => { try { return { ok: f() }; } catch (e: any) { return { err: e.name === "Error" ? "RuntimeError" : e.name }; } };
    const ours = [mine(() => x.squeeze([0, 2]).shape), mine(() => x.gt(0).all({ dim: [1, 3] }).tolist()),
      mine(() => x.std({ dim: 3, correction: 0 }).tolist()), mine(() => torch.var(x, { dim: [1, 3], correction: 2, keepdim: true }).tolist())];
    ours.forEach((o: any, i) => {
      if ("err" in ref[i]) expect(o).toHaveProperty("err");
      else if (Array.isArray(ref[i].ok) && typeof ref[i].ok.flat(9)[0] === "number") close(o.ok, ref[i].ok);
      else expect(o).toEqual(ref[i]);
    });
  });
});
