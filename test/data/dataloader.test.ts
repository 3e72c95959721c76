// torch.utils.data against Python's torch: random order, collate, samplers, errors.
import { describe, it, expect, beforeAll } from "vitest";
import torch from "../../lib/index";
import {
  DataLoader, TensorDataset, Dataset, Subset, ConcatDataset, random_split, RandomSampler, SequentialSampler,
  BatchSampler, SubsetRandomSampler, WeightedRandomSampler, default_collate, IterableDataset,
} from "../../lib/utils/data";
import { py } from "../helpers/python";

let ref: any;
beforeAll(() => {
  ref = py(`
from torch.utils.data import DataLoader, TensorDataset, random_split, RandomSampler, SequentialSampler, BatchSampler, SubsetRandomSampler, WeightedRandomSampler, ConcatDataset
from torch.utils.data._utils.collate import default_collate
r = {}
torch.manual_seed(42)
ds = TensorDataset(torch.arange(100), torch.arange(100) * 2)
a, b = random_split(ds, [70, 30])
r["split"] = [a.indices, b.indices]
dl = DataLoader(a, 8, shuffle=True)
r["len"] = len(dl)
e1 = [[x.tolist(), y.tolist()] for x, y in dl]
e2 = [x.tolist() for x, y in dl][:3]
r["epochs"] = [e1[:3], e1[-1], e2]
r["after"] = torch.rand(3)
r["frac"] = [s.indices for s in random_split(range(10), [0.3, 0.3, 0.4], generator=torch.Generator().manual_seed(7))]
g = torch.Generator(); g.manual_seed(5)
r["gen_loader"] = [x.tolist() for (x,) in DataLoader(TensorDataset(torch.arange(10)), batch_size=4, shuffle=True, generator=g, drop_last=True)]
torch.manual_seed(3)
r["rs_repl"] = list(RandomSampler(range(50), replacement=True, num_samples=40))
r["rs_num"] = list(RandomSampler(range(7), num_samples=17))
r["subset_rs"] = list(SubsetRandomSampler([10, 20, 30, 40, 50]))
r["weighted"] = list(WeightedRandomSampler([0.1, 0.9, 0.4, 0.7, 3.0, 0.6], 8))
r["batch_sampler"] = [list(BatchSampler(SequentialSampler(range(10)), 3, False)), list(BatchSampler(SequentialSampler(range(10)), 3, True))]
r["collate"] = default_collate([
  (1, 2.5, True, "a", {"x": torch.tensor([1., 2.]), "n": [3, 4]}),
  (5, 0.5, False, "b", {"x": torch.tensor([3., 4.]), "n": [6, 7]}),
])
r["collate_ints"] = default_collate([[1, 2], [3, 4], [5, 6]])
X = torch.arange(12.).view(4, 3); Y = torch.tensor([[7], [8], [9], [10]])
b = default_collate([(X[i], Y[i]) for i in [2, 0, 3]])
r["collate_pairs"] = [b[0], b[1]]
try:
    default_collate([torch.zeros(2), torch.zeros(3)])
except Exception as e:
    r["collate_sizes"] = str(e)
torch.manual_seed(11)
dl = DataLoader([(torch.tensor([float(i)]), i % 3) for i in range(10)], batch_size=4, shuffle=True)
r["list_ds"] = [[x.tolist(), y.tolist()] for x, y in dl]
r["concat"] = [ConcatDataset([range(3), range(10, 14)])[i] for i in [0, 2, 3, 6, -1]]
out = r
`);
});

describe("random order equals Python's after manual_seed", () => {
  it("random_split indices", () => {
    torch.manual_seed(42);
    const ds = new TensorDataset(torch.arange(100), torch.arange(100).mul(2));
    const [a, b] = random_split(ds, [70, 30]);
    expect([a.indices, b.indices]).toEqual(ref.split);
    expect(a.length).toBe(70);
  });
  it("shuffled DataLoader batches, epoch after epoch, and the generator state after them", () => {
    torch.manual_seed(42);
    const ds = new TensorDataset(torch.arange(100), torch.arange(100).mul(2));
    const [a] = random_split(ds, [70, 30]);
    const dl = new DataLoader(a, 8, { shuffle: true });
    expect(dl.length).toBe(ref.len);
    const e1 = [...dl].map(([x, y]) => [x.tolist(), y.tolist()]);
    const e2 = [...dl].map(([x]) => x.tolist()).slice(0, 3);
    expect([e1.slice(0, 3), e1[e1.length - 1], e2]).toEqual(ref.epochs);
    expect(torch.rand(3).tolist()).toEqual(ref.after.tensor);
  });
  it("fractions, an explicit generator, drop_last", () => {
    const splits = random_split(Array.from({ length: 10 }, (_, i) => i), [0.3, 0.3, 0.4], new torch.Generator().manual_seed(7));
    expect(splits.map((s) => s.indices)).toEqual(ref.frac);
    const g = new torch.Generator(); g.manual_seed(5);
    const dl = new DataLoader(new TensorDataset(torch.arange(10)), { batch_size: 4, shuffle: true, generator: g, drop_last: true });
    expect([...dl].map(([x]) => x.tolist())).toEqual(ref.gen_loader);
  });
  it("samplers: replacement, num_samples, SubsetRandomSampler, WeightedRandomSampler, BatchSampler", () => {
    torch.manual_seed(3);
    const r50 = Array.from({ length: 50 }), r7 = Array.from({ length: 7 });
    expect([...new RandomSampler(r50, { replacement: true, num_samples: 40 })]).toEqual(ref.rs_repl);
    expect([...new RandomSampler(r7, { num_samples: 17 })]).toEqual(ref.rs_num);
    expect([...new SubsetRandomSampler([10, 20, 30, 40, 50])]).toEqual(ref.subset_rs);
    expect([...new WeightedRandomSampler([0.1, 0.9, 0.4, 0.7, 3.0, 0.6], 8)]).toEqual(ref.weighted);
    const seq = new SequentialSampler(Array.from({ length: 10 }));
    expect([[...new BatchSampler(seq, 3, false)], [...new BatchSampler(seq, 3, true)]]).toEqual(ref.batch_sampler);
    expect(new BatchSampler(seq, 3, false).length).toBe(4);
  });
  it("a plain array of [tensor, int] pairs is a dataset (tutorial 001's list(zip(x, y)))", () => {
    torch.manual_seed(11);
    const data = Array.from({ length: 10 }, (_, i) => [torch.tensor([i]).float(), i % 3]);
    const dl = new DataLoader(data, { batch_size: 4, shuffle: true });
    expect([...dl].map(([x, y]) => [x.tolist(), y.tolist()])).toEqual(ref.list_ds);
  });
});

describe("default_collate", () => {
  it("collates nested tuples, dicts, numbers, booleans and strings as Python", () => {
    const out = default_collate([
      [1, 2.5, true, "a", { x: torch.tensor([1, 2]).float(), n: [3, 4] }],
      [5, 0.5, false, "b", { x: torch.tensor([3, 4]).float(), n: [6, 7] }],
    ]);
    const r = ref.collate;
    expect(out[0].tolist()).toEqual(r[0].tensor); expect(out[0].dtype.name).toBe(r[0].dtype);
    expect(out[1].tolist()).toEqual(r[1].tensor); expect(out[1].dtype.name).toBe(r[1].dtype);
    expect(out[2].tolist()).toEqual(r[2].tensor); expect(out[2].dtype.name).toBe(r[2].dtype);
    expect(out[3]).toEqual(r[3]);
    expect(out[4].x.tolist()).toEqual(r[4].x.tensor);
    expect(out[4].n.map((t: any) => t.tolist())).toEqual(r[4].n.map((t: any) => t.tensor));
    expect(default_collate([[1, 2], [3, 4], [5, 6]]).map((t: any) => t.tolist())).toEqual(ref.collate_ints.map((t: any) => t.tensor));
  });
  it("stacks (x, y) pairs of row views as Python (the tutorials' list datasets); a disposed row fails clearly", () => {
    const X = torch.arange(12.0).view(4, 3), Y = torch.tensor([[7], [8], [9], [10]]);
    const xs = X.unbind(), ys = Y.unbind();
    const [bx, by] = default_collate([2, 0, 3].map((i) => [xs[i], ys[i]]));
    expect(bx.tolist()).toEqual(ref.collate_pairs[0].tensor);
    expect(by.tolist()).toEqual(ref.collate_pairs[1].tensor);
    expect(by.dtype.name).toBe(ref.collate_pairs[1].dtype);
    expect(() => default_collate([torch.zeros(2), torch.zeros(3)])).toThrow(ref.collate_sizes);
    xs[1].dispose();
    expect(() => default_collate([[xs[0], ys[0]], [xs[1], ys[1]]])).toThrow("Tensor has been disposed");
    // The other rows, borrowed by the failed call, are intact.
    expect(default_collate([[xs[3], ys[3]]])[0].tolist()).toEqual([[9, 10, 11]]);
  });
  it("refuses unequal sizes and unsupported types with PyTorch's words", () => {
    expect(() => default_collate([[1, 2], [3]])).toThrow("each element in list of batch should be of equal size");
    expect(() => default_collate([null, null])).toThrow("default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; found <class 'NoneType'>");
  });
});

describe("datasets and loader options", () => {
  class Squares extends Dataset<[number, number]> {
    at(i: number): [number, number] { return [i, i * i]; }
    get length() { return 6; }
  }
  it("a custom Dataset, Subset, ConcatDataset", () => {
    const ds = new Squares();
    const batches = [...new DataLoader(ds, 4)].map(([x, y]) => [x.tolist(), y.tolist()]);
    expect(batches).toEqual([[[0, 1, 2, 3], [0, 1, 4, 9]], [[4, 5], [16, 25]]]);
    const sub = new Subset(ds, [5, 1]);
    expect(sub.at(0)).toEqual([5, 25]);
    const cat = new ConcatDataset([Array.from({ length: 3 }, (_, i) => i), Array.from({ length: 4 }, (_, i) => i + 10)]);
    expect([0, 2, 3, 6, -1].map((i) => cat.at(i))).toEqual(ref.concat);
  });
  it("TensorDataset batches through getitems equal item by item", () => {
    const x = torch.randn(20, 3), y = torch.arange(20);
    const ds = new TensorDataset(x, y);
    const [bx, by] = ds.getitems([3, 7, 1]);
    expect(bx.tolist()).toEqual(torch.stack([3, 7, 1].map((i) => ds.at(i)[0])).tolist());
    expect(by.tolist()).toEqual([3, 7, 1]);
    const viaCollate = new DataLoader(ds, { batch_size: 5, collate_fn: (b: any) => default_collate(b) });
    const fast = new DataLoader(ds, 5);
    const a = [...viaCollate], b = [...fast];
    for (let i = 0; i < a.length; i++) expect(torch.equal(a[i][0], b[i][0])).toBe(true);
  });
  it("batch_size null, batch_sampler, IterableDataset", () => {
    const ds = new TensorDataset(torch.arange(5));
    expect([...new DataLoader(ds, { batch_size: null })].map(([x]) => x.item())).toEqual([0, 1, 2, 3, 4]);
    const bs = new DataLoader(ds, { batch_sampler: [[4, 0], [2]] });
    expect([...bs].map(([x]) => x.tolist())).toEqual([[4, 0], [2]]);
    class Count extends IterableDataset<number> { *[Symbol.iterator]() { for (let i = 0; i < 7; i++) yield i; } }
    expect([...new DataLoader(new Count(), 3)].map((t) => t.tolist())).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect([...new DataLoader(new Count(), 3, { drop_last: true })].length).toBe(2);
  });
  it("positional and keyword forms; .dataset; pin_memory without CUDA", () => {
    const ds = new TensorDataset(torch.arange(10));
    const a = new DataLoader(ds, 4, false);
    const b = new DataLoader({ dataset: ds, batch_size: 4 });
    expect(a.length).toBe(3); expect(b.length).toBe(3); expect(b.dataset).toBe(ds);
    const p = new DataLoader(ds, { batch_size: 4, pin_memory: true });
    expect([...p][0][0].tolist()).toEqual([0, 1, 2, 3]);
  });
  it("bad options fail with PyTorch's messages", () => {
    const ds = new TensorDataset(torch.arange(10));
    expect(() => new DataLoader(ds, { sampler: new SequentialSampler(ds), shuffle: true })).toThrow("sampler option is mutually exclusive with shuffle");
    expect(() => new DataLoader(ds, { batch_sampler: [[0]], batch_size: 2 })).toThrow("batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last");
    expect(() => new DataLoader(ds, { batch_size: 0 })).toThrow("batch_size should be a positive integer value, but got batch_size=0");
    expect(() => random_split(ds, [3, 3])).toThrow("Sum of input lengths does not equal the length of the input dataset!");
    expect(() => new TensorDataset(torch.zeros(3), torch.zeros(4))).toThrow("Size mismatch between tensors");
    expect(() => ds.at(10)).toThrow("index 10 is out of bounds for dimension 0 with size 10");
  });
});
