// torch/nn/modules/adaptive.py: AdaptiveLogSoftmaxWithLoss (Grave et al., efficient softmax approximation).
import { Tensor, pyError } from "../tensor";
import { Module } from "./module";
import { Linear } from "./linear";
import { ModuleList, Sequential } from "./container";
import { op } from "./_ops";
import { bindArgs, valueError } from "./_utils";
import { log_softmax } from "./_functional/activation";
import { V } from "../version";

/** Python's _ASMoutput namedtuple: [output, loss] with field names. */
export type ASMoutput = [Tensor, Tensor] & { output: Tensor; loss: Tensor };

const sizeStr = (t: Tensor) => `torch.Size([${t.shape.join(", ")}])`;

export class AdaptiveLogSoftmaxWithLoss extends Module {
  declare in_features: number;
  declare n_classes: number;
  declare cutoffs: number[];
  declare div_value: number;
  declare head_bias: boolean;
  declare shortlist_size: number;
  declare n_clusters: number;
  declare head_size: number;
  declare head: Linear;
  declare tail: ModuleList;
  /** AdaptiveLogSoftmaxWithLoss(in_features, n_classes, cutoffs, div_value=4.0, head_bias=False, device=None, dtype=None) */
  constructor(in_features: number, n_classes: number, cutoffs: Iterable<number>, ...args: any[]) {
    super();
    const [div_value, head_bias, device, dtype] = bindArgs("__init__",
      [["div_value", 4.0], ["head_bias", false], ["device", null], ["dtype", null]], args);
    const factory = { device, dtype };
    const cs = [...cutoffs];
    // 2.x checks for an empty list first (1.13: min() of an empty sequence)
    if (cs.length === 0) throw V.nn2 ? valueError("cutoffs should be a sequence of length larger than 0") : valueError("min() arg is an empty sequence");
    const sorted = [...cs].sort((a, b) => a - b);
    if (cs.some((c, i) => c !== sorted[i]) || Math.min(...cs) <= 0 || Math.max(...cs) > n_classes - 1
      || new Set(cs).size !== cs.length || cs.some((c) => !Number.isInteger(c)))
      throw valueError("cutoffs should be a sequence of unique, positive integers sorted in an increasing order, where each value is between 1 and n_classes-1");
    this.in_features = in_features;
    this.n_classes = n_classes;
    this.cutoffs = [...cs, n_classes];
    this.div_value = div_value;
    this.head_bias = head_bias;
    this.shortlist_size = this.cutoffs[0];
    this.n_clusters = this.cutoffs.length - 1;
    this.head_size = this.shortlist_size + this.n_clusters;
    this.head = new Linear(this.in_features, this.head_size, { bias: this.head_bias, ...factory });
    this.tail = new ModuleList();
    for (let i = 0; i < this.n_clusters; i++) {
      const hsz = Math.floor(this.in_features / this.div_value ** (i + 1));
      const osz = this.cutoffs[i + 1] - this.cutoffs[i];
      this.tail.append(new Sequential(
        new Linear(this.in_features, hsz, { bias: false, ...factory }),
        new Linear(hsz, osz, { bias: false, ...factory })));
    }
  }

  reset_parameters(): void {
    this.head.reset_parameters();
    for (const proj of this.tail) for (const l of proj.children()) (l as Linear).reset_parameters();
  }

  forward(input_: Tensor, target_: Tensor): ASMoutput {
    const targ_dim = target_.dim();
    if (targ_dim === 1) {
      if (input_.size(0) !== target_.size(0)) throw pyError("RuntimeError", "Input and target should have the same size in the batch dimension.");
      if (input_.dim() !== 2) throw pyError("RuntimeError", `1D target tensor expects 2D input tensors, but found inputs with size ${sizeStr(input_)}`);
    } else if (targ_dim === 0) {
      if (input_.dim() !== 1) throw pyError("RuntimeError", `0D target tensor expects 1D input tensors, but found inputs with size ${sizeStr(input_)}`);
    } else throw pyError("RuntimeError", "0D or 1D target tensor expected, multi-target not supported");
    const is_batched = targ_dim > 0;
    const input = is_batched ? input_ : input_.unsqueeze(0);
    const target = is_batched ? target_ : target_.unsqueeze(0);
    let used_rows = 0;
    const batch_size = target.size(0);
    let output: Tensor = input.new_zeros([batch_size]);
    const gather_inds: Tensor = target.new_empty([batch_size]);
    const cutoff_values = [0, ...this.cutoffs];
    for (let i = 0; i < cutoff_values.length - 1; i++) {
      const low_idx = cutoff_values[i], high_idx = cutoff_values[i + 1];
      const target_mask = target.ge(low_idx).bitwise_and(target.lt(high_idx));
      const row_indices = target_mask.nonzero().squeeze();
      if (row_indices.numel() === 0) continue;
      if (i === 0) gather_inds.index_copy_(0, row_indices, target.index(target_mask));
      else {
        const relative_target = target.index(target_mask).sub(low_idx);
        const input_subset = input.index_select(0, row_indices);
        const cluster_output = (this.tail.at(i - 1) as Module)(input_subset) as Tensor;
        gather_inds.index_fill_(0, row_indices, this.shortlist_size + i - 1);
        const cluster_logprob = log_softmax(cluster_output, { dim: 1 });
        const local_logprob = cluster_logprob.gather(1, relative_target.unsqueeze(1));
        output.index_copy_(0, row_indices, local_logprob.squeeze(1));
      }
      used_rows += row_indices.numel();
    }
    if (used_rows !== batch_size)
      throw pyError("RuntimeError", `Target values should be in [0, ${this.n_classes - 1}], but values in range [${target.min().item()}, ${target.max().item()}] were found. `);
    const head_logprob = log_softmax(this.head(input), { dim: 1 });
    output = output.add_(head_logprob.gather(1, gather_inds.unsqueeze(1)).squeeze());
    const loss = output.neg().mean();
    if (!is_batched) output = output.squeeze(0);
    return Object.assign([output, loss], { output, loss }) as ASMoutput;
  }

  /** The log of the full distribution, from the input and the head's output. */
  _get_full_log_prob(input: Tensor, head_output: Tensor): Tensor {
    const out: Tensor = input.new_empty([head_output.size(0), this.n_classes]);
    const head_logprob = log_softmax(head_output, { dim: 1 });
    out.narrow(1, 0, this.shortlist_size).copy_(head_logprob.narrow(1, 0, this.shortlist_size));
    for (let i = 0; i + 1 < this.cutoffs.length; i++) {
      const start = this.cutoffs[i], stop = this.cutoffs[i + 1];
      const cluster_logprob = log_softmax((this.tail.at(i) as Module)(input) as Tensor, { dim: 1 });
      const output_logprob = cluster_logprob.add(head_logprob.select(1, this.shortlist_size + i).unsqueeze(1));
      out.narrow(1, start, stop - start).copy_(output_logprob);
    }
    return out;
  }

  /** log-probabilities of every class, (N, n_classes). */
  log_prob(input: Tensor): Tensor { return this._get_full_log_prob(input, this.head(input)); }

  /** The most probable class of each example, as log_prob(input).argmax(1). */
  predict(input: Tensor): Tensor {
    const head_output: Tensor = this.head(input);
    const output: Tensor = op("argmax", head_output, 1);
    const not_in_shortlist = output.ge(this.shortlist_size);
    if (!not_in_shortlist.any().item()) return output;
    if (not_in_shortlist.all().item()) return op("argmax", this._get_full_log_prob(input, head_output), 1);
    const log_prob = this._get_full_log_prob(input.index(not_in_shortlist), head_output.index(not_in_shortlist));
    output.index_put_([not_in_shortlist], op("argmax", log_prob, 1));
    return output;
  }
}
