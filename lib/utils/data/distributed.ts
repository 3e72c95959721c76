// torch.utils.data.distributed.DistributedSampler: each rank's share of the dataset, in
// Python's order (randperm on a generator seeded with seed + epoch, padded to a multiple
// of the world size, then every num_replicas-th index from rank).
import { Generator } from "../../random";
import { Sampler } from "./sampler";
import { randperm } from "./_rng";
import * as dist from "../../distributed/distributed_c10d";

type Sized = { length: number };
export interface DistributedSamplerOptions { num_replicas?: number | null; rank?: number | null; shuffle?: boolean; seed?: number; drop_last?: boolean }

export class DistributedSampler extends Sampler<number> {
  static __module__ = "torch.utils.data.distributed";
  readonly dataset: Sized;
  readonly num_replicas: number;
  readonly rank: number;
  readonly num_samples: number;
  readonly total_size: number;
  readonly shuffle: boolean;
  readonly seed: number;
  readonly drop_last: boolean;
  epoch = 0;

  constructor(dataset: Sized, num_replicas: number | null | DistributedSamplerOptions = null, rank: number | null = null,
    shuffle = true, seed = 0, drop_last = false) {
    super();
    if (num_replicas !== null && typeof num_replicas === "object") {
      ({ num_replicas = null, rank = null, shuffle = true, seed = 0, drop_last = false } = num_replicas);
    }
    const n = num_replicas ?? dist.get_world_size();
    const r = rank ?? dist.get_rank();
    if (r >= n || r < 0) {
      const e = new Error(`Invalid rank ${r}, rank should be in the interval [0, ${n - 1}]`);
      e.name = "ValueError";
      throw e;
    }
    this.dataset = dataset;
    this.num_replicas = n;
    this.rank = r;
    this.drop_last = drop_last;
    this.num_samples = drop_last && dataset.length % n !== 0 ? Math.ceil((dataset.length - n) / n) : Math.ceil(dataset.length / n);
    this.total_size = this.num_samples * n;
    this.shuffle = shuffle;
    this.seed = seed;
  }

  *[Symbol.iterator](): Iterator<number> {
    const len = this.dataset.length;
    let indices: number[];
    if (this.shuffle) {
      const g = new Generator();
      g.manual_seed(this.seed + this.epoch);
      indices = randperm(len, g);
    } else {
      indices = Array.from({ length: len }, (_, i) => i);
    }
    if (!this.drop_last) {
      const pad = this.total_size - indices.length;
      if (pad <= indices.length) indices = indices.concat(indices.slice(0, pad));
      else indices = indices.concat(Array.from({ length: Math.ceil(pad / indices.length) }, () => indices).flat().slice(0, pad));
    } else {
      indices = indices.slice(0, this.total_size);
    }
    for (let i = this.rank; i < this.total_size; i += this.num_replicas) yield indices[i];
  }

  get length(): number { return this.num_samples; }

  /** set_epoch(epoch): a different shuffle each epoch, the same on every rank. */
  set_epoch(epoch: number): void { this.epoch = epoch; }
}
