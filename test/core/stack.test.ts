// torch.stack of views of one tensor (a DataLoader collating list(zip(x, y))'s rows) takes a
// native fast path, a gather from the storage they share (native/stack.cpp). Each case here
// stacks such views, or views the fast path must leave to ATen's stack, and compares values,
// shape, strides and autograd with Python's torch.stack of the same views.
import { describe, it, expect } from "vitest";
import { torch, Tensor } from "../../lib/torch";
import { py } from "../helpers/python";

const PY = `
base = torch.arange(25.)
x = base[1:].view(6, 4)            # rows at storage offsets 1, 5, 9, ...
ys = torch.arange(6) * 10           # 0-d items
lab = (torch.arange(6) * 7).unsqueeze(1)
img = torch.arange(6 * 2 * 2, dtype=torch.uint8).view(6, 2, 2)
m = (torch.arange(24) % 3 == 0).view(6, 4)
idx = [3, 0, 5, 5, 1]
def st(rows, dim=0):
    s = torch.stack(rows, dim)
    return {"v": s, "stride": list(s.stride()), "contig": s.is_contiguous()}
`;
function js() {
  const base = torch.arange(25).float();
  const x = base.index("1:").view(6, 4);
  return {
    x, ys: torch.arange(6).mul(10), lab: torch.arange(6).mul(7).unsqueeze(1),
    img: torch.arange(6 * 2 * 2, { dtype: torch.uint8 }).view(6, 2, 2),
    m: torch.arange(24).remainder(3).eq(0).view(6, 4), idx: [3, 0, 5, 5, 1],
  };
}
function st(rows: Tensor[], dim = 0) {
  const s = torch.stack(rows, dim);
  return { v: { tensor: s.tolist(), dtype: String(s.dtype).replace("torch.", ""), shape: [...s.shape] }, stride: s.stride(), contig: s.is_contiguous() };
}

describe("torch.stack of one tensor's views", () => {
  const cases: [string, string, (v: ReturnType<typeof js>) => unknown][] = [
    ["rows, repeated, of a view at an offset", "st([x[i] for i in idx])", (v) => st(v.idx.map((i) => v.x.unbind()[i]))],
    ["0-d items", "st([ys[i] for i in idx])", (v) => st(v.idx.map((i) => v.ys.unbind()[i]))],
    ["[1] labels", "st([lab[i] for i in idx])", (v) => st(v.idx.map((i) => v.lab.unbind()[i]))],
    ["uint8 images", "st([img[i] for i in idx])", (v) => st(v.idx.map((i) => v.img.unbind()[i]))],
    ["bool rows", "st([m[i] for i in idx])", (v) => st(v.idx.map((i) => v.m.unbind()[i]))],
    ["along dim 1", "st([x[i] for i in idx], 1)", (v) => st(v.idx.map((i) => v.x.unbind()[i]), 1)],
    ["columns (not contiguous)", "st(list(x.t()))", (v) => st(v.x.t().unbind())],
    ["rows of two storages", "st([x[0], x.clone()[1], x[2]])", (v) => st([v.x.index(0), v.x.clone().index(1), v.x.index(2)])],
    ["rows not a row apart", "st([base[0:4], base[2:6], base[4:8]])", () => { const b = torch.arange(25).float(); return st([b.index("0:4"), b.index("2:6"), b.index("4:8")]); }],
    ["rows of different shapes' views", "st([x[0, :2], x[1, :2]])", (v) => st([v.x.index(0, ":2"), v.x.index(1, ":2")])],
  ];
  // One Python run for every case.
  const want = py(PY + `out = [${cases.map(([, code]) => code).join(", ")}]`) as unknown[];
  cases.forEach(([name, , f], k) => {
    it(name, () => {
      expect(f(js())).toEqual(want[k]);
    });
  });

  it("is a copy: writing to it leaves the rows alone", () => {
    const v = js();
    const s = torch.stack(v.idx.map((i) => v.x.unbind()[i]));
    s.fill_(-1);
    expect(v.x.tolist()).toEqual(py(PY + "out = x").tensor);
  });

  it("rows that require grad keep ATen's StackBackward0 and Python's gradient", () => {
    const x = torch.arange(24).float().view(6, 4).requires_grad_();
    const s = torch.stack([3, 0, 5, 5, 1].map((i) => x.unbind()[i]));
    s.mul(torch.arange(20).float().view(5, 4)).sum().backward();
    const want = py(`x = torch.arange(24.).view(6, 4).requires_grad_()
s = torch.stack([x[i] for i in [3, 0, 5, 5, 1]])
(s * torch.arange(20.).view(5, 4)).sum().backward()
out = {"fn": s.grad_fn.name(), "grad": x.grad}`);
    expect(s.grad_fn!.name()).toBe(want.fn);
    expect(x.grad!.tolist()).toEqual(want.grad.tensor);
  });

  it("a DataLoader batch of MNIST-shaped rows equals Python's", () => {
    const w = py(`torch.manual_seed(0)
x = torch.rand(1000, 784)
order = torch.randperm(1000)[:256].tolist()
out = {"order": order, "sum": torch.stack([x[i] for i in order]).sum(1)}`);
    torch.manual_seed(0);
    const x = torch.rand([1000, 784]);
    const rows = x.unbind();
    const s = torch.stack((w.order as number[]).map((i) => rows[i]));
    expect(s.shape).toEqual([256, 784]);
    const got = s.sum({ dim: 1 }).tolist() as number[];
    got.forEach((g, i) => expect(g).toBeCloseTo(w.sum.tensor[i], 3));
  });
});
