// torch.utils.data.sampler. Samplers are iterables of indices; the random ones draw
// exactly as PyTorch's (a seed from the default generator, then randperm on a fresh one),
// lazily, at the first index, as Python's generator functions do.
import { inspect } from "node:util";
import { torch } from "../../torch";
import { float64 } from "../../dtype";
import { N } from "../../native";
import { Generator } from "../../random";
import { randperm, randomSeed, randint } from "./_rng";
import { objectRepr } from "../../_object_repr";

/** Base class: subclasses implement `[Symbol.iterator]` and usually `length`. */
export abstract class Sampler<T = number> implements Iterable<T> {
  static __module__ = "torch.utils.data.sampler";
  constructor(_data_source?: unknown) {}
  abstract [Symbol.iterator](): Iterator<T>;
  /** Python's object repr: `<torch.utils.data.sampler.RandomSampler object at 0x...>`. */
  toString(): string { return objectRepr(this); }
  [inspect.custom](): string { return this.toString(); }
}

type Sized = { length: number };

export class SequentialSampler extends Sampler<number> {
  static __module__ = "torch.utils.data.sampler";
  constructor(readonly data_source: Sized) { super(); }
  *[Symbol.iterator](): Iterator<number> {
    const n = this.data_source.length;
    for (let i = 0; i < n; i++) yield i;
  }
  get length(): number { return this.data_source.length; }
}

export interface RandomSamplerOptions { replacement?: boolean; num_samples?: number | null; generator?: Generator | null; }

export class RandomSampler extends Sampler<number> {
  static __module__ = "torch.utils.data.sampler";
  readonly data_source: Sized;
  readonly replacement: boolean;
  readonly _num_samples: number | null;
  generator: Generator | null;
  constructor(data_source: Sized, replacement: boolean | RandomSamplerOptions = false, num_samples: number | null = null, generator: Generator | null = null) {
    super();
    if (typeof replacement === "object" && replacement !== null) {
      ({ replacement = false, num_samples = null, generator = null } = replacement);
    }
    this.data_source = data_source;
    this.replacement = replacement as boolean;
    this._num_samples = num_samples;
    this.generator = generator;
    if (typeof this.replacement !== "boolean")
      throw new TypeError(`replacement should be a boolean value, but got replacement=${this.replacement}`);
    if (!Number.isInteger(this.num_samples) || this.num_samples <= 0)
      throw new Error(`num_samples should be a positive integer value, but got num_samples=${this.num_samples}`);
  }
  get num_samples(): number { return this._num_samples ?? this.data_source.length; }
  *[Symbol.iterator](): Iterator<number> {
    const n = this.data_source.length;
    let generator = this.generator;
    if (generator === null) {
      const seed = randomSeed(null);
      generator = new Generator();
      generator.manual_seed(seed);
    }
    if (this.replacement) {
      for (let i = 0; i < Math.floor(this.num_samples / 32); i++) yield* randint(n, 32, generator);
      yield* randint(n, this.num_samples % 32, generator);
    } else {
      for (let i = 0; i < Math.floor(this.num_samples / n); i++) yield* randperm(n, generator);
      yield* randperm(n, generator).slice(0, this.num_samples % n);
    }
  }
  get length(): number { return this.num_samples; }
}

export class SubsetRandomSampler extends Sampler<number> {
  static __module__ = "torch.utils.data.sampler";
  constructor(readonly indices: ArrayLike<number>, readonly generator: Generator | null = null) { super(); }
  *[Symbol.iterator](): Iterator<number> {
    for (const i of randperm(this.indices.length, this.generator)) yield this.indices[i];
  }
  get length(): number { return this.indices.length; }
}

export class WeightedRandomSampler extends Sampler<number> {
  static __module__ = "torch.utils.data.sampler";
  readonly weights: ReturnType<typeof torch.tensor>;
  constructor(weights: number[], readonly num_samples: number, readonly replacement = true, readonly generator: Generator | null = null) {
    super();
    if (!Number.isInteger(num_samples) || typeof num_samples === "boolean" || num_samples <= 0)
      throw new Error(`num_samples should be a positive integer value, but got num_samples=${num_samples}`);
    if (typeof replacement !== "boolean") throw new Error(`replacement should be a boolean value, but got replacement=${replacement}`);
    this.weights = torch.as_tensor(weights, { dtype: float64 });
    if (this.weights.dim() !== 1) throw new Error(`weights should be a 1d sequence but given weights have shape (${this.weights.shape.join(", ")})`);
  }
  *[Symbol.iterator](): Iterator<number> {
    const t = this.generator
      ? torch.multinomial(this.weights, this.num_samples, this.replacement, { generator: this.generator })
      : torch.multinomial(this.weights, this.num_samples, this.replacement);
    yield* Array.from(new BigInt64Array(N.toBuffer(t._h, true)), Number);
  }
  get length(): number { return this.num_samples; }
}

/** Wraps a sampler to yield mini-batches of indices. */
export class BatchSampler extends Sampler<number[]> {
  static __module__ = "torch.utils.data.sampler";
  readonly sampler: Iterable<number> & { length?: number };
  readonly batch_size: number;
  readonly drop_last: boolean;
  constructor(sampler: Iterable<number> & { length?: number }, batch_size: number | { batch_size: number; drop_last: boolean }, drop_last?: boolean) {
    super();
    if (typeof batch_size === "object" && batch_size !== null) ({ batch_size, drop_last } = batch_size);
    if (!Number.isInteger(batch_size) || typeof batch_size === "boolean" || (batch_size as number) <= 0)
      throw new Error(`batch_size should be a positive integer value, but got batch_size=${batch_size}`);
    if (typeof drop_last !== "boolean") throw new Error(`drop_last should be a boolean value, but got drop_last=${drop_last}`);
    this.sampler = sampler;
    this.batch_size = batch_size as number;
    this.drop_last = drop_last;
  }
  *[Symbol.iterator](): Iterator<number[]> {
    const bs = this.batch_size;
    let batch: number[] = new Array(bs);
    let k = 0;
    for (const idx of this.sampler) {
      batch[k++] = idx;
      if (k === bs) { yield batch; k = 0; batch = new Array(bs); }
    }
    if (k > 0 && !this.drop_last) yield batch.slice(0, k);
  }
  get length(): number {
    const n = this.sampler.length;
    if (n === undefined) throw new TypeError("object of type 'sampler' has no len()");
    return this.drop_last ? Math.floor(n / this.batch_size) : Math.floor((n + this.batch_size - 1) / this.batch_size);
  }
}
