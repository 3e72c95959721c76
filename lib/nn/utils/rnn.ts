// torch.nn.utils.rnn (torch/nn/utils/rnn.py): PackedSequence and the functions that pack,
// pad and unpad variable-length sequences, over ATen's _pack_padded_sequence,
// _pad_packed_sequence and pad_sequence.
import { inspect } from "node:util";
import { Tensor, pyError, tensorFrom } from "../../tensor";
import { int64, contiguous_format, float64, float32, float16, int32, int16, int8, uint8 } from "../../dtype";
import { isOptions } from "../../_ops";
import { op } from "../_ops";
import { bindArgs, typename, valueError } from "../_utils";
import { V } from "../../version";

const bind = <T, R>(optional: T | null, fn: (t: T) => R): R | null => (optional === null ? null : fn(optional));

/**
 * torch.nn.utils.rnn.PackedSequence: a named tuple (data, batch_sizes, sorted_indices,
 * unsorted_indices), an array of four that also carries the field names. Built by
 * pack_padded_sequence / pack_sequence, not by hand.
 */
export class PackedSequence extends Array<Tensor | null> {
  // map/filter/slice give plain arrays, as a tuple's operations give tuples.
  static get [Symbol.species](): ArrayConstructor { return Array; }
  /** The named tuple's field names. */
  static readonly _fields = ["data", "batch_sizes", "sorted_indices", "unsorted_indices"] as const;
  declare 0: Tensor;
  declare 1: Tensor;
  declare 2: Tensor | null;
  declare 3: Tensor | null;

  constructor(data: Tensor | readonly [Tensor, Tensor], batch_sizes?: Tensor | null, sorted_indices?: Tensor | null, unsorted_indices?: Tensor | null);
  constructor(options: { data: Tensor | readonly [Tensor, Tensor]; batch_sizes?: Tensor | null; sorted_indices?: Tensor | null; unsorted_indices?: Tensor | null });
  constructor(...args: any[]) {
    super();
    const [data, batch_sizes, sorted_indices, unsorted_indices] = bindArgs("__new__",
      [["data"], ["batch_sizes", null], ["sorted_indices", null], ["unsorted_indices", null]], args);
    this.push(..._packed_sequence_init_args(data, batch_sizes, sorted_indices, unsorted_indices));
    Object.freeze(this);
  }
  get data(): Tensor { return this[0]; }
  get batch_sizes(): Tensor { return this[1]; }
  get sorted_indices(): Tensor | null { return this[2]; }
  get unsorted_indices(): Tensor | null { return this[3]; }

  // batch_sizes stays on the CPU: every conversion leaves it as it is.
  pin_memory(): PackedSequence {
    return new PackedSequence(this.data.pin_memory(), this.batch_sizes,
      bind(this.sorted_indices, (t) => t.pin_memory()), bind(this.unsorted_indices, (t) => t.pin_memory()));
  }
  /** Tensor.to's arguments, applied to data; the indices follow data's device. */
  to(...args: any[]): PackedSequence {
    const data = this.data.to(...args);
    const opts = args.find(isOptions) as { non_blocking?: boolean; copy?: boolean; memory_format?: unknown } | undefined;
    // Python: `data is self.data` (Tensor.to returned its input) means nothing to convert.
    if (!opts?.copy && data.dtype === this.data.dtype && String(data.device) === String(this.data.device)) return this;
    const call_to = (t: Tensor) => t.to(data.device, { non_blocking: opts?.non_blocking ?? false });
    return new PackedSequence(data, this.batch_sizes, bind(this.sorted_indices, call_to), bind(this.unsorted_indices, call_to));
  }
  cuda(...args: any[]): PackedSequence { return this._toDevice("cuda", args); }
  cpu(...args: any[]): PackedSequence { return this._toDevice("cpu", args); }
  private _toDevice(type: string, args: any[]): PackedSequence {
    // Python tries the arguments on an empty tensor: where they name no such device, device= is added.
    const ex = op("empty", [0], { dtype: this.data.dtype, device: this.data.device }).to(...args) as Tensor;
    if (ex.device.type === type) return this.to(...args);
    const n = args.length;
    if (n > 0 && isOptions(args[n - 1])) return this.to(...args.slice(0, -1), { ...args[n - 1], device: type });
    return this.to(...args, { device: type });
  }
  double(): PackedSequence { return this.to({ dtype: float64 }); }
  float(): PackedSequence { return this.to({ dtype: float32 }); }
  half(): PackedSequence { return this.to({ dtype: float16 }); }
  long(): PackedSequence { return this.to({ dtype: int64 }); }
  int(): PackedSequence { return this.to({ dtype: int32 }); }
  short(): PackedSequence { return this.to({ dtype: int16 }); }
  char(): PackedSequence { return this.to({ dtype: int8 }); }
  byte(): PackedSequence { return this.to({ dtype: uint8 }); }
  get is_cuda(): boolean { return this.data.is_cuda; }
  is_pinned(): boolean { return this.data.is_pinned(); }

  /** The named tuple's repr. */
  toString(): string {
    const f = (t: Tensor | null) => (t === null ? "None" : String(t));
    return `PackedSequence(data=${f(this.data)}, batch_sizes=${f(this.batch_sizes)}, sorted_indices=${f(this.sorted_indices)}, unsorted_indices=${f(this.unsorted_indices)})`;
  }
  [inspect.custom](): string { return this.toString(); }
}

function _packed_sequence_init_args(data: Tensor | readonly [Tensor, Tensor], batch_sizes: Tensor | null,
  sorted_indices: Tensor | null, unsorted_indices: Tensor | null): [Tensor, Tensor, Tensor | null, Tensor | null] {
  // unsorted_indices, when given, is the inverse of sorted_indices (not checked, as in Python).
  if (unsorted_indices === null) unsorted_indices = invert_permutation(sorted_indices);
  if (batch_sizes !== null) {
    if (batch_sizes.device.type !== "cpu")
      throw valueError("batch_sizes should always be on CPU. "
        + "Instances of PackedSequence should never be created manually. "
        + "They should be instantiated by functions like pack_sequence "
        + "and pack_padded_sequences in nn.utils.rnn. "
        + "https://pytorch.org/docs/stable/nn.html#torch.nn.utils.rnn.pack_sequence");
    return [data as Tensor, batch_sizes, sorted_indices, unsorted_indices];
  }
  // PackedSequence((data, batch_sizes), sorted_indices=...)
  if (!(Array.isArray(data) && data.length === 2))
    throw pyError("AssertionError", V.rnn_arg_types ? "Expected data to be a list or tuple of length 2" : "");
  return [data[0], data[1], sorted_indices, unsorted_indices];
}

/** The inverse of a permutation (None for None). */
export function invert_permutation(permutation: Tensor | null): Tensor | null {
  if (permutation === null) return null;
  const output = op("empty_like", permutation, { memory_format: contiguous_format }) as Tensor;
  output.scatter_(0, permutation, op("arange", 0, permutation.numel(), { device: permutation.device }));
  return output;
}

/**
 * Packs a padded batch (T x B x *, or B x T x * with batch_first) of sequences of the given
 * lengths. enforce_sorted: lengths must be decreasing; otherwise they are sorted here and the
 * permutation kept in the result.
 */
export function pack_padded_sequence(input: Tensor, lengths: Tensor | readonly number[], batch_first?: boolean | { batch_first?: boolean; enforce_sorted?: boolean }, enforce_sorted?: boolean | { enforce_sorted?: boolean }): PackedSequence;
export function pack_padded_sequence(input: Tensor, ...args: any[]): PackedSequence {
  let [lengths, batch_first, enforce_sorted] = bindArgs("pack_padded_sequence",
    [["lengths"], ["batch_first", false], ["enforce_sorted", true]], args);
  lengths = lengths instanceof Tensor ? lengths.to(int64) : tensorFrom(lengths, int64);
  let sorted_indices: Tensor | null = null;
  if (!enforce_sorted) {
    [lengths, sorted_indices] = op("sort", lengths, { descending: true });
    sorted_indices = sorted_indices!.to(input.device);
    input = input.index_select(batch_first ? 0 : 1, sorted_indices);
  }
  const [data, batch_sizes] = op("_pack_padded_sequence", input, lengths, batch_first);
  return new PackedSequence(data, batch_sizes, sorted_indices, null);
}

/**
 * The inverse of pack_padded_sequence: [padded, lengths], padded with padding_value up to
 * total_length (default: the longest sequence), in the original batch order.
 */
export function pad_packed_sequence(sequence: PackedSequence, batch_first?: boolean | { batch_first?: boolean; padding_value?: number; total_length?: number | null }, padding_value?: number, total_length?: number | null): [Tensor, Tensor];
export function pad_packed_sequence(sequence: PackedSequence, ...args: any[]): [Tensor, Tensor] {
  const [batch_first, padding_value, total_length] = bindArgs("pad_packed_sequence",
    [["batch_first", false], ["padding_value", 0.0], ["total_length", null]], args);
  let max_seq_length = sequence.batch_sizes.size(0);
  if (total_length !== null) {
    if (total_length < max_seq_length)
      throw valueError("Expected total_length to be at least the length of the longest sequence in input, but got "
        + `total_length=${total_length} and max sequence length being ${max_seq_length}`);
    max_seq_length = total_length;
  }
  const [padded_output, lengths] = op("_pad_packed_sequence", sequence.data, sequence.batch_sizes, batch_first, padding_value, max_seq_length);
  const unsorted_indices = sequence.unsorted_indices;
  if (unsorted_indices !== null)
    return [padded_output.index_select(batch_first ? 0 : 1, unsorted_indices), lengths.index(unsorted_indices.cpu())];
  return [padded_output, lengths];
}

/**
 * Stacks sequences of different lengths (L_i x *) into one padded tensor, T x B x * (B x T x *
 * with batch_first), padding on the right (or on padding_side's side, 2.5).
 */
export function pad_sequence(sequences: Tensor | readonly Tensor[], batch_first?: boolean | { batch_first?: boolean; padding_value?: number; padding_side?: "right" | "left" }, padding_value?: number, padding_side?: "right" | "left"): Tensor;
export function pad_sequence(sequences: Tensor | readonly Tensor[], ...args: any[]): Tensor {
  const sig = [["batch_first", false], ["padding_value", 0.0], ...(V.pad_sequence_padding_side ? [["padding_side", "right"] as const] : [])] as const;
  const [batch_first, padding_value, padding_side] = bindArgs("pad_sequence", sig, args);
  let seqs: Tensor[];
  if (sequences instanceof Tensor) seqs = sequences.unbind(0);
  else if (sequences !== null && typeof (sequences as any)?.[Symbol.iterator] === "function" && typeof sequences !== "string") seqs = [...sequences];
  else throw pyError("RuntimeError", `pad_sequence: Expected iterable for input sequences, but got arg of type: <class '${typename(sequences)}'>`);
  return V.pad_sequence_padding_side
    ? op("pad_sequence", seqs, batch_first, padding_value, padding_side)
    : op("pad_sequence", seqs, batch_first, padding_value);
}

/**
 * Splits a padded batch back into its sequences (a list of L_i x * tensors). As in Python,
 * a time-first padded_sequences is transposed in place.
 */
export function unpad_sequence(padded_sequences: Tensor, lengths: Tensor, batch_first?: boolean | { batch_first?: boolean }): Tensor[];
export function unpad_sequence(padded_sequences: Tensor, ...args: any[]): Tensor[] {
  const [lengths, batch_first] = bindArgs("unpad_sequence", [["lengths"], ["batch_first", false]], args) as [Tensor, boolean];
  if (!batch_first) padded_sequences.transpose_(0, 1);
  const max_length = padded_sequences.shape[1];
  const idx = op("arange", max_length, { device: lengths.device }) as Tensor;
  const out: Tensor[] = [];
  const n = Math.min(padded_sequences.size(0), lengths.size(0));
  for (let i = 0; i < n; i++) out.push(padded_sequences.index(i).index(idx.lt(lengths.index(i))));
  return out;
}

/** Packs a list of sequences (L_i x *): pad_sequence, then pack_padded_sequence. */
export function pack_sequence(sequences: readonly Tensor[], enforce_sorted?: boolean | { enforce_sorted?: boolean }): PackedSequence;
export function pack_sequence(sequences: readonly Tensor[], ...args: any[]): PackedSequence {
  const [enforce_sorted] = bindArgs("pack_sequence", [["enforce_sorted", true]], args);
  const lengths = tensorFrom(sequences.map((v) => v.size(0)), int64);
  return pack_padded_sequence(pad_sequence(sequences), lengths, { enforce_sorted });
}

/** The list of sequences a PackedSequence holds. */
export function unpack_sequence(packed_sequences: PackedSequence): Tensor[] {
  const [padded_sequences, lengths] = pad_packed_sequence(packed_sequences, { batch_first: true });
  return unpad_sequence(padded_sequences, lengths, { batch_first: true });
}
