import { describe, it, expect } from "vitest";
import torch from "../../lib/index";
import { py } from "../helpers/python";

describe("native core against Python's torch", () => {
  it("randn after manual_seed equals Python's stream", () => {
    torch.manual_seed(0);
    const ours = torch.randn(2, 3).tolist();
    const ref = py("torch.manual_seed(0); out = torch.randn(2, 3)");
    expect(ours).toEqual(ref.tensor);
  });

  it("matmul + relu + sum backward gives Python's gradient", () => {
    torch.manual_seed(1);
    const x = torch.randn(4, 5);
    const w = torch.randn([5, 3], { requires_grad: true });
    x.matmul(w).relu().sum().backward();
    const ref = py("torch.manual_seed(1); x = torch.randn(4, 5); w = torch.randn(5, 3, requires_grad=True); x.matmul(w).relu().sum().backward(); out = w.grad");
    expect(w.grad!.tolist()).toEqual(ref.tensor);
  });

  it("turns a libtorch error into a JavaScript Error with libtorch's message", () => {
    expect(() => torch.ones(64, 784).matmul(torch.ones(400, 10))).toThrow("mat1 and mat2 shapes cannot be multiplied (64x784 and 400x10)");
    expect(torch.ones(2).add(1).tolist()).toEqual([2, 2]);
  });
});
