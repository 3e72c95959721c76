// torch.utils.data.DataLoader, single-process (num_workers=0 semantics), following
// torch/utils/data/dataloader.py: the same samplers, the same random draws in the same order.
import { inspect } from "node:util";
import { Tensor } from "../../tensor";
import { cuda } from "../../cuda";
import type { Generator } from "../../random";
import { IterableDataset, getItem, type DatasetLike } from "./dataset";
import { Sampler, SequentialSampler, RandomSampler, BatchSampler } from "./sampler";
import { default_collate, default_convert } from "./_utils/collate";
import { randomSeed } from "./_rng";
import { objectRepr } from "../../_object_repr";

export interface DataLoaderOptions<T = any> {
  dataset?: DatasetLike<T> | IterableDataset<T>;
  batch_size?: number | null;
  shuffle?: boolean | null;
  sampler?: Iterable<any> & { length?: number } | null;
  batch_sampler?: Iterable<number[]> & { length?: number } | null;
  num_workers?: number;
  collate_fn?: ((batch: any) => any) | null;
  pin_memory?: boolean;
  drop_last?: boolean;
  timeout?: number;
  worker_init_fn?: ((worker_id: number) => void) | null;
  multiprocessing_context?: unknown;
  generator?: Generator | null;
  prefetch_factor?: number;
  persistent_workers?: boolean;
  pin_memory_device?: string;
}

const POSITIONAL = ["batch_size", "shuffle", "sampler", "batch_sampler", "num_workers", "collate_fn", "pin_memory",
  "drop_last", "timeout", "worker_init_fn", "multiprocessing_context", "generator"] as const;

function isOptionsObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

/** Yields null forever: the sampler of an IterableDataset. */
class _InfiniteConstantSampler extends Sampler<null> {
  static __module__ = "torch.utils.data.dataloader";
  *[Symbol.iterator](): Iterator<null> { for (;;) yield null; }
}

let pinWarned = false;

/**
 * `new DataLoader(dataset, 64, { shuffle: true })` or `new DataLoader(dataset, { batch_size: 64, shuffle: true })`;
 * `for (const [x, y] of loader)`. A dataset with `getitems(indices)` serves whole batches
 * (when the collate_fn is the default one). `num_workers` is accepted; loading happens in
 * this process.
 */
/** D is the dataset's own type, so `loader.dataset.length` and `.at(i)` type-check as in Python. */
export class DataLoader<T = any, D extends DatasetLike<T> | IterableDataset<T> = DatasetLike<T> | IterableDataset<T>> implements Iterable<any> {
  readonly dataset: D;
  readonly batch_size: number | null;
  readonly drop_last: boolean;
  readonly sampler: Iterable<any> & { length?: number };
  readonly batch_sampler: (Iterable<number[]> & { length?: number }) | null;
  readonly generator: Generator | null;
  readonly collate_fn: (batch: any) => any;
  readonly num_workers: number;
  readonly pin_memory: boolean;
  readonly pin_memory_device: string;
  readonly timeout: number;
  readonly worker_init_fn: ((worker_id: number) => void) | null;
  readonly prefetch_factor: number;
  readonly persistent_workers: boolean;
  readonly _dataset_kind: "map" | "iterable";

  constructor(dataset: D | DataLoaderOptions<T>, ...args: any[]) {
    let opts: DataLoaderOptions<T> = {};
    if (isOptionsObject(dataset) && "dataset" in dataset && typeof (dataset as any).at !== "function") {
      opts = { ...(dataset as DataLoaderOptions<T>) };
      dataset = opts.dataset as D;
    }
    if (args.length && isOptionsObject(args[args.length - 1])) opts = { ...opts, ...args.pop() };
    args.forEach((v, i) => {
      if (i >= POSITIONAL.length) throw new TypeError(`DataLoader() takes at most ${POSITIONAL.length + 1} positional arguments`);
      if (POSITIONAL[i] in opts) throw new TypeError(`DataLoader() got multiple values for argument '${POSITIONAL[i]}'`);
      (opts as any)[POSITIONAL[i]] = v;
    });
    if (dataset === undefined || dataset === null) throw new TypeError("DataLoader() missing 1 required positional argument: 'dataset'");
    let batch_size = opts.batch_size === undefined ? 1 : opts.batch_size;
    let shuffle = opts.shuffle ?? null;
    let sampler = opts.sampler ?? null;
    let batch_sampler = opts.batch_sampler ?? null;
    let drop_last = opts.drop_last ?? false;
    const num_workers = opts.num_workers ?? 0;
    const timeout = opts.timeout ?? 0;
    const prefetch_factor = opts.prefetch_factor ?? 2;
    const generator = opts.generator ?? null;

    if (num_workers < 0) throw new Error("num_workers option should be non-negative; use num_workers=0 to disable multiprocessing.");
    if (timeout < 0) throw new Error("timeout option should be non-negative");
    if (num_workers === 0 && prefetch_factor !== 2)
      throw new Error("prefetch_factor option could only be specified in multiprocessing.let num_workers > 0 to enable multiprocessing.");
    if (opts.persistent_workers && num_workers === 0) throw new Error("persistent_workers option needs num_workers > 0");

    this.dataset = dataset as D;
    if (dataset instanceof IterableDataset) {
      this._dataset_kind = "iterable";
      if (shuffle !== false && shuffle !== null)
        throw new Error(`DataLoader with IterableDataset: expected unspecified shuffle option, but got shuffle=${shuffle}`);
      if (sampler !== null) throw new Error(`DataLoader with IterableDataset: expected unspecified sampler option, but got sampler=${sampler}`);
      if (batch_sampler !== null) throw new Error(`DataLoader with IterableDataset: expected unspecified batch_sampler option, but got batch_sampler=${batch_sampler}`);
    } else {
      shuffle = Boolean(shuffle);
      this._dataset_kind = "map";
      if (typeof (dataset as any).length !== "number") throw new TypeError("DataLoader: dataset must be a Dataset, an IterableDataset or an array");
    }
    if (sampler !== null && shuffle) throw new Error("sampler option is mutually exclusive with shuffle");
    if (batch_sampler !== null) {
      if (batch_size !== 1 || shuffle || sampler !== null || drop_last)
        throw new Error("batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last");
      batch_size = null;
      drop_last = false;
    } else if (batch_size === null) {
      if (drop_last) throw new Error("batch_size=None option disables auto-batching and is mutually exclusive with drop_last");
    }
    if (sampler === null) {
      if (this._dataset_kind === "iterable") sampler = new _InfiniteConstantSampler();
      else sampler = shuffle ? new RandomSampler(dataset as any, false, null, generator) : new SequentialSampler(dataset as any);
    }
    if (batch_size !== null && batch_sampler === null) batch_sampler = new BatchSampler(sampler as any, batch_size, drop_last);

    this.batch_size = batch_size;
    this.drop_last = drop_last;
    this.sampler = sampler;
    this.batch_sampler = batch_sampler;
    this.generator = generator;
    this.collate_fn = opts.collate_fn ?? (batch_sampler !== null ? default_collate : default_convert);
    this.num_workers = num_workers;
    this.pin_memory = opts.pin_memory ?? false;
    this.pin_memory_device = opts.pin_memory_device ?? "";
    this.timeout = timeout;
    this.worker_init_fn = opts.worker_init_fn ?? null;
    this.prefetch_factor = prefetch_factor;
    this.persistent_workers = opts.persistent_workers ?? false;
  }

  get _auto_collation(): boolean { return this.batch_sampler !== null; }
  get _index_sampler(): Iterable<any> & { length?: number } { return this._auto_collation ? this.batch_sampler! : this.sampler; }

  [Symbol.iterator](): _SingleProcessDataLoaderIter { return new _SingleProcessDataLoaderIter(this); }
  static __module__ = "torch.utils.data.dataloader";
  /** Python's object repr: `<torch.utils.data.dataloader.DataLoader object at 0x...>`. */
  toString(): string { return objectRepr(this); }
  [inspect.custom](): string { return this.toString(); }

  /** len(loader): the number of batches. */
  get length(): number {
    if (this._dataset_kind === "iterable") {
      const n = (this.dataset as any).length;
      if (typeof n !== "number") throw new TypeError("object of type 'IterableDataset' has no len()");
      if (this.batch_size !== null) return this.drop_last ? Math.floor(n / this.batch_size) : Math.ceil(n / this.batch_size);
      return n;
    }
    const n = this._index_sampler.length;
    if (typeof n !== "number") throw new TypeError("object of type 'Sampler' has no len()");
    return n;
  }
}

/** The iterator `for (const batch of loader)` runs; Python's _SingleProcessDataLoaderIter. */
export class _SingleProcessDataLoaderIter implements IterableIterator<any> {
  readonly _loader: DataLoader;
  readonly _base_seed: bigint;
  _num_yielded = 0;
  private _sampler_iter: Iterator<any>;
  private _pin_memory: boolean;
  private _batched: ((indices: number[]) => any) | null;
  private _dataset_iter: Iterator<any> | null = null;
  private _ended = false;

  constructor(loader: DataLoader) {
    this._loader = loader;
    if (loader.pin_memory_device.length === 0) {
      this._pin_memory = loader.pin_memory && cuda.is_available();
      if (loader.pin_memory && !this._pin_memory && !pinWarned) {
        pinWarned = true;
        process.emitWarning("'pin_memory' argument is set as true but no accelerator is found, then device pinned memory won't be used.", "UserWarning");
      }
    } else {
      if (!loader.pin_memory)
        process.emitWarning("pin memory device is set and pin_memory flag is not used then device pinned memory won't be usedplease set pin_memory to true, if you need to use the device pin memory", "UserWarning");
      this._pin_memory = loader.pin_memory && cuda.is_available();
    }
    // Same order as Python: the sampler iterator is created (lazily, no draw yet), then the base seed is drawn.
    this._sampler_iter = loader._index_sampler[Symbol.iterator]();
    this._base_seed = randomSeed(loader.generator);
    const ds = loader.dataset as any;
    this._batched = loader._auto_collation && loader.collate_fn === default_collate && loader._dataset_kind === "map" &&
      !Array.isArray(ds) && typeof ds.getitems === "function" ? (indices) => ds.getitems(indices) : null;
  }

  [Symbol.iterator](): this { return this; }
  static __module__ = "torch.utils.data.dataloader";
  toString(): string { return objectRepr(this); }
  [inspect.custom](): string { return this.toString(); }
  get length(): number { return this._loader.length; }

  next(): IteratorResult<any> {
    const r = this._sampler_iter.next();
    if (r.done) return { done: true, value: undefined };
    let data: any;
    if (this._loader._dataset_kind === "iterable") {
      data = this._fetchIterable(r.value);
      if (data === STOP) return { done: true, value: undefined };
    } else if (this._loader._auto_collation) {
      // getitems may decline a batch (undefined): then items one by one, as Python.
      data = this._batched ? this._batched(r.value) : undefined;
      if (data === undefined) data = this._loader.collate_fn((r.value as number[]).map((i) => getItem(this._loader.dataset as DatasetLike, i)));
    } else {
      data = this._loader.collate_fn(getItem(this._loader.dataset as DatasetLike, r.value));
    }
    if (this._pin_memory) data = pin(data);
    this._num_yielded++;
    return { done: false, value: data };
  }

  private _fetchIterable(index: number[] | null): any {
    if (this._ended) return STOP;
    if (!this._dataset_iter) this._dataset_iter = (this._loader.dataset as IterableDataset)[Symbol.iterator]();
    if (this._loader._auto_collation) {
      const data: any[] = [];
      for (let k = 0; k < (index as number[]).length; k++) {
        const r = this._dataset_iter.next();
        if (r.done) { this._ended = true; break; }
        data.push(r.value);
      }
      if (data.length === 0 || (this._loader.drop_last && data.length < (index as number[]).length)) return STOP;
      return this._loader.collate_fn(data);
    }
    const r = this._dataset_iter.next();
    if (r.done) { this._ended = true; return STOP; }
    return this._loader.collate_fn(r.value);
  }
}

const STOP = Symbol("StopIteration");

function pin(data: any): any {
  if (data instanceof Tensor) return typeof (data as any).pin_memory === "function" ? (data as any).pin_memory() : data;
  if (Array.isArray(data)) return data.map(pin);
  if (data instanceof Map) return new Map([...data].map(([k, v]) => [k, pin(v)]));
  if (data && typeof data === "object" && Object.getPrototypeOf(data) === Object.prototype)
    return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, pin(v)]));
  return data;
}
