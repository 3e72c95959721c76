// torch/nn/modules/sparse.py: Embedding, EmbeddingBag.
import type { Tensor } from "../tensor";
import { Module } from "./module";
import { Parameter } from "./parameter";
import { empty } from "./_ops";
import { no_grad } from "../autograd";
import { bindArgs, pyStr } from "./_utils";
import * as init from "./init";
import * as F from "./_functional/activation";
import { _padding_idx } from "./_functional/activation";
import { V } from "../version";

/** Python's `raise AssertionError(msg)` (1.13's bare `assert` has no message). */
const assertionError = (msg = ""): Error => Object.assign(new Error(msg), { name: "AssertionError" });

// (num_embeddings, embedding_dim, padding_idx=None, max_norm=None, norm_type=2.0,
//  scale_grad_by_freq=False, sparse=False, _weight=None, _freeze=False (2.0), device=None, dtype=None)
const SIG = [["num_embeddings"], ["embedding_dim"], ["padding_idx", null], ["max_norm", null], ["norm_type", 2.0], ["scale_grad_by_freq", false],
  ["sparse", false], ["_weight", null], ...(V.nn2 ? [["_freeze", false] as const] : []), ["device", null], ["dtype", null]] as const;

function checkWeightShape(w: Tensor, rows: number, cols: number): void {
  const s = w.shape;
  if (s.length !== 2 || s[0] !== rows || s[1] !== cols) throw assertionError("Shape of weight does not match num_embeddings and embedding_dim");
}

/** A lookup table: indices (*) -> embeddings (*, embedding_dim). */
export class Embedding extends Module {
  num_embeddings!: number;
  embedding_dim!: number;
  padding_idx!: number | null;
  max_norm!: number | null;
  norm_type!: number;
  scale_grad_by_freq!: boolean;
  weight!: Parameter;
  sparse!: boolean;
  constructor(num_embeddings: number, embedding_dim: number, ...rest: any[]);
  constructor(options: { num_embeddings: number; embedding_dim: number; padding_idx?: number | null; max_norm?: number | null; norm_type?: number; scale_grad_by_freq?: boolean; sparse?: boolean; _weight?: Tensor | null; _freeze?: boolean });
  constructor(...args: any[]) {
    super();
    const bound = bindArgs("__init__", SIG, args);
    if (!V.nn2) bound.splice(8, 0, false);
    let [num_embeddings, embedding_dim, padding_idx, max_norm, norm_type, scale_grad_by_freq, sparse, _weight, _freeze, device, dt] = bound;
    this.num_embeddings = num_embeddings;
    this.embedding_dim = embedding_dim;
    padding_idx = _padding_idx(padding_idx, num_embeddings, "Padding_idx");
    this.padding_idx = padding_idx;
    this.max_norm = max_norm;
    this.norm_type = norm_type;
    this.scale_grad_by_freq = scale_grad_by_freq;
    if (_weight === null) {
      this.weight = new Parameter(empty([num_embeddings, embedding_dim], { device, dtype: dt }), !_freeze);
      this.reset_parameters();
    } else {
      checkWeightShape(_weight, num_embeddings, embedding_dim);
      this.weight = new Parameter(_weight, !_freeze);
    }
    this.sparse = sparse;
  }
  reset_parameters(): void {
    init.normal_(this.weight);
    this._fill_padding_idx_with_zero();
  }
  _fill_padding_idx_with_zero(): void {
    if (this.padding_idx !== null) no_grad(() => this.weight.index(this.padding_idx!).fill_(0));
  }
  forward(input: Tensor): Tensor {
    return F.embedding(input, this.weight, this.padding_idx, this.max_norm, this.norm_type, this.scale_grad_by_freq, this.sparse);
  }
  extra_repr(): string {
    let s = `${this.num_embeddings}, ${this.embedding_dim}`;
    if (this.padding_idx !== null) s += `, padding_idx=${this.padding_idx}`;
    if (this.max_norm !== null) s += `, max_norm=${pyStr(this.max_norm)}`;
    if (this.norm_type !== 2) s += `, norm_type=${pyStr(this.norm_type)}`;
    if (this.scale_grad_by_freq) s += ", scale_grad_by_freq=True";
    if (this.sparse) s += ", sparse=True";
    return s;
  }
  /** Embedding.from_pretrained(embeddings, freeze=true, ...) */
  static from_pretrained(embeddings: Tensor, ...args: any[]): Embedding {
    const [freeze, padding_idx, max_norm, norm_type, scale_grad_by_freq, sparse] = bindArgs("from_pretrained",
      [["freeze", true], ["padding_idx", null], ["max_norm", null], ["norm_type", 2.0], ["scale_grad_by_freq", false], ["sparse", false]], args);
    if (embeddings.dim() !== 2) throw assertionError("Embeddings parameter is expected to be 2-dimensional");
    const [rows, cols] = embeddings.shape;
    if (V.nn2) return new Embedding({ num_embeddings: rows, embedding_dim: cols, _weight: embeddings, _freeze: freeze, padding_idx, max_norm, norm_type, scale_grad_by_freq, sparse });
    const e = new Embedding({ num_embeddings: rows, embedding_dim: cols, _weight: embeddings, padding_idx, max_norm, norm_type, scale_grad_by_freq, sparse });
    e.weight.requires_grad = !freeze;
    return e;
  }
}

const BAG_SIG = [["num_embeddings"], ["embedding_dim"], ["max_norm", null], ["norm_type", 2.0], ["scale_grad_by_freq", false], ["mode", "mean"],
  ["sparse", false], ["_weight", null], ["include_last_offset", false], ["padding_idx", null], ["device", null], ["dtype", null]] as const;
export interface EmbeddingBagOptions {
  max_norm?: number | null; norm_type?: number; scale_grad_by_freq?: boolean; mode?: string; sparse?: boolean;
  include_last_offset?: boolean; padding_idx?: number | null;
}

/** Sums, means or maxes of bags of embeddings: indices with offsets (or a 2-D batch of bags) -> (B, embedding_dim). */
export class EmbeddingBag extends Module {
  num_embeddings!: number;
  embedding_dim!: number;
  max_norm!: number | null;
  norm_type!: number;
  scale_grad_by_freq!: boolean;
  weight!: Parameter;
  mode!: string;
  sparse!: boolean;
  include_last_offset!: boolean;
  padding_idx!: number | null;
  constructor(num_embeddings: number, embedding_dim: number, ...rest: any[]);
  constructor(options: { num_embeddings: number; embedding_dim: number; _weight?: Tensor | null } & EmbeddingBagOptions);
  constructor(...args: any[]) {
    super();
    const [num_embeddings, embedding_dim, max_norm, norm_type, scale_grad_by_freq, mode, sparse, _weight, include_last_offset, padding_idx, device, dt] =
      bindArgs("__init__", BAG_SIG, args);
    this.num_embeddings = num_embeddings;
    this.embedding_dim = embedding_dim;
    this.max_norm = max_norm;
    this.norm_type = norm_type;
    this.scale_grad_by_freq = scale_grad_by_freq;
    this.padding_idx = _padding_idx(padding_idx, num_embeddings, "padding_idx");
    if (_weight === null) {
      this.weight = new Parameter(empty([num_embeddings, embedding_dim], { device, dtype: dt }));
      this.reset_parameters();
    } else {
      checkWeightShape(_weight, num_embeddings, embedding_dim);
      this.weight = new Parameter(_weight);
    }
    this.mode = mode;
    this.sparse = sparse;
    this.include_last_offset = include_last_offset;
  }
  reset_parameters(): void {
    init.normal_(this.weight);
    this._fill_padding_idx_with_zero();
  }
  _fill_padding_idx_with_zero(): void {
    if (this.padding_idx !== null) no_grad(() => this.weight.index(this.padding_idx!).fill_(0));
  }
  forward(input: Tensor, offsets: Tensor | null = null, per_sample_weights: Tensor | null = null): Tensor {
    return F.embedding_bag(input, this.weight, offsets, this.max_norm, this.norm_type, this.scale_grad_by_freq, this.mode,
      this.sparse, per_sample_weights, this.include_last_offset, this.padding_idx);
  }
  extra_repr(): string {
    // 2.x formats each value with repr() (mode='mean'); 1.13 with str() (mode=mean).
    const mode = V.embedding_bag_checks ? `'${this.mode}'` : this.mode;
    let s = `${this.num_embeddings}, ${this.embedding_dim}`;
    if (this.max_norm !== null) s += `, max_norm=${pyStr(this.max_norm, true)}`;
    if (this.norm_type !== 2) s += `, norm_type=${pyStr(this.norm_type, true)}`;
    if (this.scale_grad_by_freq !== false) s += `, scale_grad_by_freq=${pyStr(this.scale_grad_by_freq)}`;
    s += `, mode=${mode}`;
    if (this.padding_idx !== null) s += `, padding_idx=${this.padding_idx}`;
    return s;
  }
  /** EmbeddingBag.from_pretrained(embeddings, freeze=true, max_norm=null, norm_type=2, scale_grad_by_freq=false, mode="mean", sparse=false, include_last_offset=false, padding_idx=null) */
  static from_pretrained(embeddings: Tensor, ...args: any[]): EmbeddingBag {
    const [freeze, max_norm, norm_type, scale_grad_by_freq, mode, sparse, include_last_offset, padding_idx] = bindArgs("from_pretrained",
      [["freeze", true], ["max_norm", null], ["norm_type", 2.0], ["scale_grad_by_freq", false], ["mode", "mean"], ["sparse", false],
        ["include_last_offset", false], ["padding_idx", null]], args);
    if (embeddings.dim() !== 2) throw assertionError("Embeddings parameter is expected to be 2-dimensional");
    const [rows, cols] = embeddings.shape;
    const bag = new EmbeddingBag({ num_embeddings: rows, embedding_dim: cols, _weight: embeddings, max_norm, norm_type, scale_grad_by_freq, mode, sparse, include_last_offset, padding_idx });
    bag.weight.requires_grad = !freeze;
    return bag;
  }
}
