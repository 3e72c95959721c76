// torch/nn/modules/sparse.py: Embedding.
import type { Tensor } from "../tensor";
import { Module } from "./module";
import { Parameter } from "./parameter";
import { empty } from "./_ops";
import { no_grad } from "../autograd";
import { bindArgs, pyStr } from "./_utils";
import * as init from "./init";
import * as F from "./functional";
import { V } from "../version";

// (num_embeddings, embedding_dim, padding_idx=None, max_norm=None, norm_type=2.0,
//  scale_grad_by_freq=False, sparse=False, _weight=None, _freeze=False (2.0), device=None, dtype=None)
const SIG = [["num_embeddings"], ["embedding_dim"], ["padding_idx", null], ["max_norm", null], ["norm_type", 2.0], ["scale_grad_by_freq", false],
  ["sparse", false], ["_weight", null], ...(V.nn2 ? [["_freeze", false] as const] : []), ["device", null], ["dtype", null]] as const;

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
    if (padding_idx !== null) {
      if (padding_idx > 0 && padding_idx >= num_embeddings) throw new Error("AssertionError: Padding_idx must be within num_embeddings");
      if (padding_idx < 0) {
        if (padding_idx < -num_embeddings) throw new Error("AssertionError: Padding_idx must be within num_embeddings");
        padding_idx = num_embeddings + padding_idx;
      }
    }
    this.padding_idx = padding_idx;
    this.max_norm = max_norm;
    this.norm_type = norm_type;
    this.scale_grad_by_freq = scale_grad_by_freq;
    if (_weight === null) {
      this.weight = new Parameter(empty([num_embeddings, embedding_dim], { device, dtype: dt }), !_freeze);
      this.reset_parameters();
    } else {
      const s = (_weight as Tensor).shape;
      if (s.length !== 2 || s[0] !== num_embeddings || s[1] !== embedding_dim)
        throw new Error("AssertionError: Shape of weight does not match num_embeddings and embedding_dim");
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
    if (embeddings.dim() !== 2) throw new Error("AssertionError: Embeddings parameter is expected to be 2-dimensional");
    const [rows, cols] = embeddings.shape;
    if (V.nn2) return new Embedding({ num_embeddings: rows, embedding_dim: cols, _weight: embeddings, _freeze: freeze, padding_idx, max_norm, norm_type, scale_grad_by_freq, sparse });
    const e = new Embedding({ num_embeddings: rows, embedding_dim: cols, _weight: embeddings, padding_idx, max_norm, norm_type, scale_grad_by_freq, sparse });
    e.weight.requires_grad = !freeze;
    return e;
  }
}
