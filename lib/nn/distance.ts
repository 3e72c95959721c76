// torch/nn/modules/distance.py: PairwiseDistance, CosineSimilarity.
import type { Tensor } from "../tensor";
import { Module } from "./module";
import { bindArgs } from "./_utils";
import * as F from "./_functional/activation";

/** The p-norm distance between rows of x1 and x2 (plus eps). */
export class PairwiseDistance extends Module {
  norm!: number;
  eps!: number;
  keepdim!: boolean;
  constructor(p?: number | { p?: number; eps?: number; keepdim?: boolean }, eps?: number | object, keepdim?: boolean | object);
  constructor(...args: any[]) {
    super();
    [this.norm, this.eps, this.keepdim] = bindArgs("__init__", [["p", 2.0], ["eps", 1e-6], ["keepdim", false]], args);
  }
  forward(x1: Tensor, x2: Tensor): Tensor { return F.pairwise_distance(x1, x2, this.norm, this.eps, this.keepdim); }
}

/** Cosine similarity of x1 and x2 along dim. */
export class CosineSimilarity extends Module {
  dim!: number;
  eps!: number;
  constructor(dim?: number | { dim?: number; eps?: number }, eps?: number | object);
  constructor(...args: any[]) {
    super();
    [this.dim, this.eps] = bindArgs("__init__", [["dim", 1], ["eps", 1e-8]], args);
  }
  forward(x1: Tensor, x2: Tensor): Tensor { return F.cosine_similarity(x1, x2, this.dim, this.eps); }
}
