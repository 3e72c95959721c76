// torch.utils.data.dataset: Dataset, IterableDataset, TensorDataset, ConcatDataset, Subset, random_split.
// `len(ds)` is `ds.length` and `ds[i]` is `ds.at(i)` (API.md rule 12).
import { inspect } from "node:util";
import { Tensor } from "../../tensor";
import { torch } from "../../torch";
import { randperm } from "./_rng";
import { default_collate } from "./_utils/collate";
import type { Generator } from "../../random";
import { objectRepr } from "../../_object_repr";

/** A map-style dataset: subclasses implement `at(i)` and `length`. */
export abstract class Dataset<T = any> {
  static __module__ = "torch.utils.data.dataset";
  abstract at(index: number): T;
  abstract get length(): number;
  /**
   * Optional batched access (PyTorch 2's `__getitems__`): a dataset that can serve a whole
   * batch returns it already collated, as `default_collate` would build it from the items.
   * The DataLoader calls it when the collate_fn is the default one; returning undefined declines the batch.
   */
  getitems?(indices: number[]): any;
  /** `dataset + other` in Python: a ConcatDataset. */
  add(other: Dataset<T>): ConcatDataset<T> { return new ConcatDataset([this, other]); }
  *[Symbol.iterator](): Iterator<T> {
    // Python iterates a map-style dataset through __getitem__ until IndexError.
    for (let i = 0; i < this.length; i++) yield this.at(i);
  }
  /** Python's object repr: `<torch.utils.data.dataset.Subset object at 0x...>`. */
  toString(): string { return objectRepr(this); }
  [inspect.custom](): string { return this.toString(); }
}

/** An iterable-style dataset: subclasses implement `[Symbol.iterator]`. */
export abstract class IterableDataset<T = any> {
  static __module__ = "torch.utils.data.dataset";
  abstract [Symbol.iterator](): Iterator<T>;
  toString(): string { return objectRepr(this); }
  [inspect.custom](): string { return this.toString(); }
}

/** Anything the DataLoader and Subset accept as a map-style dataset: a Dataset or a plain array. */
export type DatasetLike<T = any> = Dataset<T> | { at(i: number): T; length: number; getitems?(indices: number[]): any } | ArrayLike<T>;

/** `dataset[i]` for a Dataset or a plain array (Python lists are datasets too). */
export function getItem<T>(ds: DatasetLike<T>, i: number): T {
  if (typeof (ds as any).at === "function" && !Array.isArray(ds)) return (ds as any).at(i);
  if (!Number.isInteger(i)) throw new TypeError(`list indices must be integers, not ${typeof i}`);
  const n = ds.length;
  const k = i < 0 ? i + n : i;
  if (k < 0 || k >= n) throw indexError("list index out of range");
  return (ds as ArrayLike<T>)[k];
}

export function indexError(msg: string): Error {
  const e = new Error(msg);
  e.name = "IndexError";
  return e;
}

/** Wraps tensors that share their first dimension; item i is the i-th slice of each. */
export class TensorDataset extends Dataset<Tensor[]> {
  static __module__ = "torch.utils.data.dataset";
  readonly tensors: Tensor[];
  constructor(...tensors: Tensor[]) {
    super();
    if (tensors.length === 1 && Array.isArray(tensors[0])) tensors = tensors[0] as any;
    if (tensors.length === 0 || !tensors.every((t) => t instanceof Tensor && t.size(0) === tensors[0].size(0)))
      throw new Error("Size mismatch between tensors");
    this.tensors = tensors;
  }
  at(index: number): Tensor[] {
    const n = this.length;
    if (!Number.isInteger(index) || index < -n || index >= n) throw indexError(`index ${index} is out of bounds for dimension 0 with size ${n}`);
    return this.tensors.map((t) => t.index(index));
  }
  get length(): number { return this.tensors[0].size(0); }
  /** A batch is one index_select per tensor; same values as stacking the items. */
  getitems(indices: number[]): Tensor[] {
    const idx = indexTensor(indices);
    return this.tensors.map((t) => t.index_select(0, idx));
  }
}

/** Concatenation of datasets. */
export class ConcatDataset<T = any> extends Dataset<T> {
  static __module__ = "torch.utils.data.dataset";
  readonly datasets: DatasetLike<T>[];
  readonly cumulative_sizes: number[];
  constructor(datasets: Iterable<DatasetLike<T>>) {
    super();
    this.datasets = [...datasets];
    if (this.datasets.length === 0) throw new Error("datasets should not be an empty iterable");
    for (const d of this.datasets)
      if (d instanceof IterableDataset) throw new Error("ConcatDataset does not support IterableDataset");
    this.cumulative_sizes = [];
    let s = 0;
    for (const d of this.datasets) { s += d.length; this.cumulative_sizes.push(s); }
  }
  get length(): number { return this.cumulative_sizes[this.cumulative_sizes.length - 1]; }
  at(idx: number): T {
    if (idx < 0) {
      if (-idx > this.length) throw new Error("absolute value of index should not exceed dataset length");
      idx = this.length + idx;
    }
    // bisect_right
    let lo = 0, hi = this.cumulative_sizes.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (idx < this.cumulative_sizes[mid]) hi = mid; else lo = mid + 1; }
    const d = lo;
    const sample = d === 0 ? idx : idx - this.cumulative_sizes[d - 1];
    return getItem(this.datasets[d], sample);
  }
}

/** A subset of a dataset at the given indices. */
export class Subset<T = any> extends Dataset<T> {
  static __module__ = "torch.utils.data.dataset";
  readonly dataset: DatasetLike<T>;
  readonly indices: number[];
  constructor(dataset: DatasetLike<T>, indices: ArrayLike<number> | Tensor) {
    super();
    this.dataset = dataset;
    this.indices = indices instanceof Tensor ? (indices.tolist() as number[]) : Array.from(indices);
  }
  at(idx: number): T {
    if (Array.isArray(idx)) return (idx as number[]).map((i) => getItem(this.dataset, this.indices[i])) as any;
    const n = this.indices.length;
    const k = idx < 0 ? idx + n : idx;
    if (!Number.isInteger(k) || k < 0 || k >= n) throw indexError("list index out of range");
    return getItem(this.dataset, this.indices[k]);
  }
  get length(): number { return this.indices.length; }
  /** Delegates a batch to the wrapped dataset's getitems when it has one. */
  getitems(indices: number[]): any {
    const mapped = indices.map((i) => this.indices[i < 0 ? i + this.indices.length : i]);
    const inner = (this.dataset as any).getitems;
    if (typeof inner === "function" && !Array.isArray(this.dataset)) return inner.call(this.dataset, mapped);
    return default_collate(mapped.map((i) => getItem(this.dataset, i)));
  }
}

/**
 * Randomly splits a dataset into non-overlapping subsets of the given lengths, or of
 * fractions that sum to 1 (floor of each, the remainder dealt round-robin), exactly as
 * PyTorch: one `randperm(sum(lengths), generator)` over the whole length.
 */
export function random_split<T>(dataset: DatasetLike<T>, lengths: number[], generator?: Generator | null | { generator?: Generator | null }): Subset<T>[] {
  if (generator && !(typeof (generator as any).manual_seed === "function") && "generator" in (generator as any)) generator = (generator as any).generator;
  const total = lengths.reduce((a, b) => a + b, 0);
  const n = dataset.length;
  if (isClose(total, 1) && total <= 1) {
    const subset: number[] = [];
    lengths.forEach((frac, i) => {
      if (frac < 0 || frac > 1) throw new Error(`Fraction at index ${i} is not between 0 and 1`);
      subset.push(Math.floor(n * frac));
    });
    const remainder = n - subset.reduce((a, b) => a + b, 0);
    for (let i = 0; i < remainder; i++) subset[i % subset.length] += 1;
    lengths = subset;
    lengths.forEach((len, i) => {
      if (len === 0) process.emitWarning(`Length of split at index ${i} is 0. This might result in an empty dataset.`);
    });
  }
  const sum = lengths.reduce((a, b) => a + b, 0);
  if (sum !== n) throw new Error("Sum of input lengths does not equal the length of the input dataset!");
  const indices = randperm(sum, (generator as Generator | null | undefined) ?? null);
  const out: Subset<T>[] = [];
  let offset = 0;
  for (const len of lengths) {
    out.push(new Subset(dataset, indices.slice(offset, offset + len)));
    offset += len;
  }
  return out;
}

function isClose(a: number, b: number) { return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b)); }

/** An int64 index tensor from JavaScript numbers. */
export function indexTensor(indices: number[]): Tensor {
  const arr = new BigInt64Array(indices.length);
  for (let i = 0; i < indices.length; i++) arr[i] = BigInt(indices[i]);
  return torch.tensor(arr);
}
