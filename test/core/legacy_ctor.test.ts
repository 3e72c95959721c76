// torch.Tensor(*args), Python's legacy constructor: sizes, data or another tensor, never a
// native handle (a number is a size, as in Python), with Python's errors.
import { describe, it, expect } from "vitest";
import torch from "../../lib/index";
import { py } from "../helpers/python";

describe("new torch.Tensor(...)", () => {
  const ref = py(`
def o(f):
    try:
        t = f(); return {"shape": list(t.shape), "dtype": str(t.dtype), "values": t.tolist() if t.numel() < 10 else None}
    except Exception as e:
        return {"error": type(e).__name__, "msg": str(e)}
x = torch.arange(5.)
y = torch.Tensor(x); y.add_(1)
out = {"cases": [o(lambda: torch.Tensor()), o(lambda: torch.Tensor(2, 3)), o(lambda: torch.Tensor([1, 2])), o(lambda: torch.Tensor([[1, 2], [3, 4]])),
                 o(lambda: torch.Tensor(0)), o(lambda: torch.Tensor(2.5)), o(lambda: torch.Tensor("a")), o(lambda: torch.Tensor(-1))],
       "shared": x.tolist()}`);

  it("makes what Python's torch.Tensor makes, with Python's errors", () => {
    const o = (f: () => any) => {
      try {
        const t = f();
        return { shape: [...t.shape], dtype: String(t.dtype), values: t.numel() < 10 ? t.tolist() : null };
      } catch (e: any) {
        return { error: e.name === "Error" ? "RuntimeError" : e.name, msg: e.message };
      }
    };
    const T = torch.Tensor as any;
    const ours = [o(() => new T()), o(() => new T(2, 3)), o(() => new T([1, 2])), o(() => new T([[1, 2], [3, 4]])),
      o(() => new T(0)), o(() => new T(2.5)), o(() => new T("a")), o(() => new T(-1))];
    // torch.Tensor(2, 3) is uninitialized: compare its shape and dtype only.
    ours[1].values = ref.cases[1].values = null;
    expect(ours).toEqual(ref.cases);
  });

  it("shares another tensor's storage, and a number is a size, not another tensor's handle", () => {
    const x = torch.arange(5, { dtype: torch.float32 });
    new torch.Tensor(x).add_(1);
    expect(x.tolist()).toEqual(ref.shared);
    const a = torch.full([3], 7);
    const other = new (torch.Tensor as any)((a as any)._h);
    other.zero_?.();
    expect(a.tolist()).toEqual([7, 7, 7]);
    expect(other.dtype).toBe(torch.float32);
  });

  it("nn.Parameter, a subclass, still wraps its data", () => {
    const p = new torch.nn.Parameter(torch.ones(2));
    expect(p).toBeInstanceOf(torch.Tensor);
    expect(p.requires_grad).toBe(true);
    expect(p.tolist()).toEqual([1, 1]);
  });
});
