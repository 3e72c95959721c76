// Inputs that once crashed or silently misbehaved: each gives Python's result or error.
import { describe, it, expect } from "vitest";
import torch from "../../lib/index";
import { py, PY_ERR } from "../helpers/python";

function err(f: () => unknown): [string, string] | null {
  try { f(); return null; } catch (e) { return [(e as Error).name, (e as Error).message]; }
}

describe("integers beyond int64 (BigInt)", () => {
  const ref = py(PY_ERR + `
import torch
out = [err(lambda: torch.zeros(2**64 + 3)), err(lambda: torch.ones(2).add(2**64 + 1)), err(lambda: torch.ones(2).add(-2**63 - 1)),
       err(lambda: torch.ones(2, 2**64))]
`);
  it("raise Python's errors instead of wrapping", () => {
    // Typed as numbers; BigInts are accepted at runtime for Python's big ints.
    const T = torch as any;
    const got = [
      err(() => T.zeros(2n ** 64n + 3n)),
      err(() => T.ones(2).add(2n ** 64n + 1n)),
      err(() => T.ones(2).add(-(2n ** 63n) - 1n)),
      err(() => T.ones(2, 2n ** 64n)),
    ];
    for (let i = 0; i < got.length; i++) {
      expect(got[i]).not.toBeNull();
      expect(got[i]![0]).toBe(ref[i][0]);
      // Python appends a C++ backtrace to some of these; its first line is the message.
      expect(got[i]![1].startsWith(ref[i][1].split("\nException raised from")[0].trim())).toBe(true);
    }
  });
  it("in range they are exact", () => {
    expect((torch as any).zeros(3n).shape).toEqual([3]);
    expect((torch.tensor([2n ** 62n]) as any).add(1n).tolist()).toEqual([2 ** 62]);
  });
  it("a number beyond int64 is refused, not cast", () => {
    expect(() => torch.zeros(1e20)).toThrow(/Overflow/);
  });
});

describe("indexing and attributes of the wrong type", () => {
  it("a string that is not a slice is no index", () => {
    const x = torch.arange(5);
    expect(() => x.index("1" as any)).toThrow(/valid indices \(got str "1"/);
    expect(x.index("1:3").tolist()).toEqual([1, 2]);
    expect(x.index("...").tolist()).toEqual([0, 1, 2, 3, 4]);
  });
  it("p.grad = 'a' raises Python's TypeError and keeps the grad", () => {
    const p = torch.ones(2, { requires_grad: true });
    p.sum().backward();
    expect(() => { (p as any).grad = "a"; }).toThrow(TypeError);
    expect(() => { (p as any).grad = "a"; }).toThrow("assigned grad expected to be a Tensor or None but got grad of type str");
    expect(p.grad!.tolist()).toEqual([1, 1]);
  });
});

describe("numpy() views", () => {
  it("keep their memory when the tensor's storage is replaced", () => {
    const p = torch.full([1 << 22], 5.5);
    const a = p.numpy().data;
    p.data = torch.ones(10);
    torch.collect();
    for (let i = 0; i < 10; i++) torch.randn(1 << 20).mul(0);
    expect(a.length).toBe(1 << 22);
    expect(a[0]).toBe(5.5);
    expect(a[a.length - 1]).toBe(5.5);
  });
  it("of more than 4 GiB raise a RangeError instead of aborting", () => {
    const big = torch.empty(2 ** 30 + 1);   // untouched: no memory is used
    const e = err(() => big.numpy());
    expect(e![0]).toBe("RangeError");
    expect(e![1]).toMatch(/does not fit in one JavaScript ArrayBuffer/);
    expect(big.index("-4:").numpy().data.length).toBe(4);
  });
});

describe("torch.from_numpy shares memory, as Python's does", () => {
  it("a later write to the typed array shows in the tensor, and the tensor keeps the memory", () => {
    let a: Float32Array | null = new Float32Array([1, 2, 3]);
    const t = torch.from_numpy(a);
    a[1] = 20;
    expect(t.tolist()).toEqual([1, 20, 3]);
    t.index(0).fill_(5);
    expect(a[0]).toBe(5);
    a = null;
    torch.collect();
    expect(t.tolist()).toEqual([5, 20, 3]);
  });
  it("a numpy()-like object shares too; a subarray view starts at its offset", () => {
    const buf = new Int32Array([0, 1, 2, 3, 4, 5]);
    const t = torch.from_numpy({ data: buf.subarray(2), shape: [2, 2], dtype: "int32" } as any);
    buf[5] = 50;
    expect(t.tolist()).toEqual([[2, 3], [4, 50]]);
  });
});
