// torch/nn/modules/rnn.py: RNNBase, RNN, LSTM, GRU and the cells RNNCell, LSTMCell, GRUCell.
// The recurrences are ATen's fused kernels (lstm, gru, rnn_tanh, rnn_relu, *_cell), given the
// flat weight list in Python's order, as Python's forward calls them through _VF.
import type { FactoryOptions } from "./linear";
import { Tensor, pyError } from "../tensor";
import { Module } from "./module";
import { Parameter } from "./parameter";
import { empty, zeros, op } from "./_ops";
import { bindArgs, pyFloat, pyStr, typename, valueError, warn } from "./_utils";
import * as init from "./init";
import { PackedSequence } from "./utils/rnn";
import { isOptions } from "../_ops";
import { V } from "../version";
import { no_grad } from "../autograd";
import { backends } from "../backends";

export interface RNNOptions extends FactoryOptions {
  input_size?: number; hidden_size?: number; num_layers?: number; bias?: boolean; batch_first?: boolean;
  dropout?: number; bidirectional?: boolean;
}
type Size3 = [number, number, number];

const runtimeError = (msg: string) => pyError("RuntimeError", msg);
const tuple = (s: readonly number[]) => `(${s.join(", ")})`;
const sameSize = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Python's float(x) of a number, bool or numeric string, with its errors. */
function pyFloatOf(x: unknown): number {
  if (typeof x === "number") return x;
  if (typeof x === "boolean") return Number(x);
  if (typeof x === "string") {
    const v = Number(x.trim());
    if (x.trim() === "" || Number.isNaN(v)) throw valueError(`could not convert string to float: '${x}'`);
    return v;
  }
  throw new TypeError(`float() argument must be a string or a real number, not '${typename(x)}'`);
}

/** Zeros of `size` in the input's dtype and on its device: the default hidden state. */
function zerosLike(input: Tensor, size: number[]): Tensor {
  return zeros(size, { dtype: input.dtype, device: input.device });
}

const RNN_SIG = [["self"], ["mode"], ["input_size"], ["hidden_size"], ["num_layers", 1], ["bias", true], ["batch_first", false],
  ["dropout", 0.0], ["bidirectional", false], ["proj_size", 0], ["device", null], ["dtype", null]] as const;

/** Base of RNN, LSTM and GRU: the per-layer, per-direction weights and the argument checks. */
// cudnnRNNMode_t of each mode (torch.backends.cudnn.rnn.get_cudnn_mode).
const CUDNN_MODE: Record<string, number> = { RNN_RELU: 0, RNN_TANH: 1, LSTM: 2, GRU: 3 };
/** torch.backends.cudnn.is_acceptable: cuDNN enabled and built, a CUDA tensor of half, float or double. */
function cudnnAcceptable(t: Tensor): boolean {
  return Boolean(backends.cudnn.enabled) && t.device.type === "cuda" && ["float16", "float32", "float64"].includes(t.dtype.name) && backends.cudnn.is_available();
}

export class RNNBase extends Module {
  declare mode: string;
  declare input_size: number;
  declare hidden_size: number;
  declare num_layers: number;
  declare bias: boolean;
  declare batch_first: boolean;
  declare dropout: number;
  declare bidirectional: boolean;
  declare proj_size: number;
  /** The parameter names in the order the fused kernels take them. */
  declare _flat_weights_names: string[];
  /** The parameter names of each layer and direction. */
  declare _all_weights: string[][];

  constructor(mode: string, input_size: number, hidden_size: number, num_layers?: number | RNNOptions, bias?: boolean | RNNOptions, batch_first?: boolean | RNNOptions, dropout?: number | RNNOptions, bidirectional?: boolean | RNNOptions, proj_size?: number | RNNOptions, options?: FactoryOptions);
  constructor(mode: string, options: RNNOptions & { input_size: number; hidden_size: number; proj_size?: number });
  constructor(mode: string, ...args: any[]) {
    super();
    // self and mode count in Python's messages ("takes from 4 to 12 positional arguments").
    const [, , input_size, hidden_size, num_layers, bias, batch_first, dropout, bidirectional, proj_size, device, dt] = bindArgs("__init__", RNN_SIG, [this, mode, ...args]);
    const factory = { device, dtype: dt };
    this.mode = mode;
    this.input_size = input_size;
    this.hidden_size = hidden_size;
    this.num_layers = num_layers;
    this.bias = bias;
    this.batch_first = batch_first;
    this.dropout = pyFloatOf(dropout);
    this.bidirectional = bidirectional;
    this.proj_size = proj_size;
    const num_directions = bidirectional ? 2 : 1;
    if (typeof dropout !== "number" || !(dropout >= 0 && dropout <= 1))
      throw valueError("dropout should be a number in range [0, 1] representing the probability of an element being zeroed");
    if (dropout > 0 && num_layers === 1)
      warn("dropout option adds dropout after all but last recurrent layer, so non-zero dropout expects "
        + `num_layers greater than 1, but got dropout=${pyStr(dropout)} and num_layers=${pyStr(num_layers)}`);
    const isInt = (v: unknown) => Number.isInteger(v) || typeof v === "boolean";
    if (V.rnn_arg_types) {
      if (typeof bias !== "boolean") throw new TypeError(`bias should be of type bool, got: ${typename(bias)}`);
      if (typeof batch_first !== "boolean") throw new TypeError(`batch_first should be of type bool, got: ${typename(batch_first)}`);
      if (!isInt(input_size)) throw new TypeError(`input_size should be of type int, got: ${typename(input_size)}`);
      if (input_size <= 0) throw valueError("input_size must be greater than zero");
    }
    if (V.rnn_input_checks) {
      if (!isInt(hidden_size)) throw new TypeError(`hidden_size should be of type int, got: ${typename(hidden_size)}`);
      if (hidden_size <= 0) throw valueError("hidden_size must be greater than zero");
    }
    if (V.rnn_num_layers_check && num_layers <= 0) throw valueError("num_layers must be greater than zero");
    if (proj_size < 0) throw valueError("proj_size should be a positive integer or zero to disable projections");
    if (proj_size >= hidden_size) throw valueError("proj_size has to be smaller than hidden_size");
    const gates: Record<string, number> = { LSTM: 4, GRU: 3, RNN_TANH: 1, RNN_RELU: 1 };
    if (!(mode in gates)) throw valueError("Unrecognized RNN mode: " + mode);
    const gate_size = gates[mode] * hidden_size;

    this._flat_weights_names = [];
    this._all_weights = [];
    const real_hidden_size = proj_size > 0 ? proj_size : hidden_size;
    for (let layer = 0; layer < num_layers; layer++) {
      for (let direction = 0; direction < num_directions; direction++) {
        const layer_input_size = layer === 0 ? input_size : real_hidden_size * num_directions;
        const w_ih = new Parameter(empty([gate_size, layer_input_size], factory));
        const w_hh = new Parameter(empty([gate_size, real_hidden_size], factory));
        const b_ih = new Parameter(empty([gate_size], factory));
        // A second bias, as cuDNN has; the standard recurrence needs one.
        const b_hh = new Parameter(empty([gate_size], factory));
        const layer_params = bias ? [w_ih, w_hh, b_ih, b_hh] : [w_ih, w_hh];
        const param_names = bias ? ["weight_ih_l", "weight_hh_l", "bias_ih_l", "bias_hh_l"] : ["weight_ih_l", "weight_hh_l"];
        if (proj_size > 0) {
          layer_params.push(new Parameter(empty([proj_size, hidden_size], factory)));
          param_names.push("weight_hr_l");
        }
        const suffix = direction === 1 ? "_reverse" : "";
        const names = param_names.map((x) => `${x}${layer}${suffix}`);
        names.forEach((name, i) => { (this as any)[name] = layer_params[i]; });
        this._flat_weights_names.push(...names);
        this._all_weights.push(names);
      }
    }
    this.flatten_parameters();
    this.reset_parameters();
  }

  /**
   * The weights in the fused kernels' order, read at each call, so that a parameter replaced
   * by assignment is the one used (Python keeps this list up to date in __setattr__).
   */
  get _flat_weights(): (Tensor | null)[] {
    return this._flat_weights_names.map((wn) => ((this as any)[wn] instanceof Tensor ? (this as any)[wn] : null));
  }

  /**
   * Packs the weights into one cuDNN buffer (the weights become views of it), so that the CUDA
   * kernels need not copy them at each call; a no-op unless every weight is on CUDA with one
   * dtype cuDNN takes and cuDNN is enabled, as Python's.
   */
  flatten_parameters(): void {
    const fw = this._flat_weights as Tensor[];
    if (fw.some((w) => w === null)) return;
    // Python reads the first weight's dtype before anything else (an IndexError without layers).
    if (fw.length === 0) throw pyError("IndexError", "list index out of range");
    const dtype = fw[0].dtype;
    for (const w of fw) if (w.dtype !== dtype || !w.is_cuda || !cudnnAcceptable(w)) return;
    // (Python also returns when two weights share a data pointer, which the addon does not expose.)
    const num_weights = (this.bias ? 4 : 2) + (this.proj_size > 0 ? 1 : 0);
    no_grad(() => op("_cudnn_rnn_flatten_weight", fw, num_weights, this.input_size, CUDNN_MODE[this.mode],
      this.hidden_size, this.proj_size, this.num_layers, this.batch_first, Boolean(this.bidirectional)));
  }
  /** Python's RNNBase._apply: the weights moved (e.g. by .cuda()) are flattened again. */
  _apply(fn: (t: Tensor) => Tensor): this {
    const ret = super._apply(fn);
    this.flatten_parameters();
    return ret;
  }

  reset_parameters(): void {
    const stdv = this.hidden_size > 0 ? 1.0 / Math.sqrt(this.hidden_size) : 0;
    for (const weight of this.parameters()) init.uniform_(weight, -stdv, stdv);
  }

  check_input(input: Tensor, batch_sizes: Tensor | null): void {
    const w = this._flat_weights[0];
    if (V.rnn_input_checks && w !== null && input.dtype !== w.dtype) {
      throw valueError(V.rnn_arg_types
        ? `RNN input dtype (${input.dtype}) does not match weight dtype (${w.dtype}). Convert input: input.to(${w.dtype}), or convert model: model.to(${input.dtype})`
        : `input must have the type ${w.dtype}, got type ${input.dtype}`);
    }
    const expected_input_dim = batch_sizes !== null ? 2 : 3;
    if (input.dim() !== expected_input_dim) throw runtimeError(`input must have ${expected_input_dim} dimensions, got ${input.dim()}`);
    if (this.input_size !== input.size(-1))
      throw runtimeError(`input.size(-1) must be equal to input_size. Expected ${this.input_size}, got ${input.size(-1)}`);
  }

  protected _mini_batch(input: Tensor, batch_sizes: Tensor | null): number {
    if (batch_sizes !== null) return Number(batch_sizes.index(0).item());
    return this.batch_first ? input.size(0) : input.size(1);
  }

  get_expected_hidden_size(input: Tensor, batch_sizes: Tensor | null): Size3 {
    const num_directions = this.bidirectional ? 2 : 1;
    return [this.num_layers * num_directions, this._mini_batch(input, batch_sizes), this.proj_size > 0 ? this.proj_size : this.hidden_size];
  }

  check_hidden_size(hx: Tensor, expected_hidden_size: Size3, msg = "Expected hidden size {}, got {}"): void {
    if (!sameSize(hx.shape, expected_hidden_size)) {
      const parts = msg.split("{}");
      throw runtimeError(parts[0] + tuple(expected_hidden_size) + parts[1] + `[${hx.shape.join(", ")}]` + parts[2]);
    }
  }

  check_forward_args(input: Tensor, hidden: any, batch_sizes: Tensor | null): void {
    this.check_input(input, batch_sizes);
    this.check_hidden_size(hidden, this.get_expected_hidden_size(input, batch_sizes));
  }

  permute_hidden(hx: any, permutation: Tensor | null): any {
    if (permutation === null) return hx;
    return (hx as Tensor).index_select(1, permutation);
  }

  extra_repr(): string {
    let s = `${this.input_size}, ${this.hidden_size}`;
    if (this.proj_size !== 0) s += `, proj_size=${this.proj_size}`;
    if (this.num_layers !== 1) s += `, num_layers=${this.num_layers}`;
    if (this.bias !== true) s += `, bias=${pyStr(this.bias)}`;
    if (this.batch_first !== false) s += `, batch_first=${pyStr(this.batch_first)}`;
    if (this.dropout !== 0) s += `, dropout=${pyFloat(this.dropout)}`;
    if (this.bidirectional !== false) s += `, bidirectional=${pyStr(this.bidirectional)}`;
    return s;
  }

  /** The parameters of each layer and direction. */
  get all_weights(): Parameter[][] {
    return this._all_weights.map((names) => names.map((n) => (this as any)[n]));
  }

  /**
   * RNN and GRU: a tensor hidden state, zeros by default, through the ATen kernel `kernel`.
   * `tensorWord`: RNN's dim error says "got 4D tensor instead", GRU's "got 4D instead".
   */
  protected _forward_single_state(kernel: string, name: string, tensorWord: string, input: Tensor | PackedSequence, hx: Tensor | null): [any, Tensor] {
    const num_directions = this.bidirectional ? 2 : 1;
    let batch_sizes: Tensor | null = null, sorted_indices: Tensor | null = null, unsorted_indices: Tensor | null = null;
    let x: Tensor, is_batched = true, batch_dim = 0, max_batch_size: number;
    if (input instanceof PackedSequence) {
      [x, batch_sizes, sorted_indices, unsorted_indices] = input;
      max_batch_size = Number(batch_sizes!.index(0).item());
    } else {
      x = input;
      if (V.rnn_input_checks && x.dim() !== 2 && x.dim() !== 3)
        throw valueError(`${name}: Expected input to be 2D or 3D, got ${x.dim()}D ${tensorWord}instead`);
      is_batched = x.dim() === 3;
      batch_dim = this.batch_first ? 0 : 1;
      if (!is_batched) {
        x = x.unsqueeze(batch_dim);
        if (hx !== null) {
          if (hx.dim() !== 2) throw runtimeError(`For unbatched 2-D input, hx should also be 2-D but got ${hx.dim()}-D tensor`);
          hx = hx.unsqueeze(1);
        }
      } else if (hx !== null && hx.dim() !== 3) {
        throw runtimeError(`For batched 3-D input, hx should also be 3-D but got ${hx.dim()}-D tensor`);
      }
      max_batch_size = this.batch_first ? x.size(0) : x.size(1);
    }
    if (hx === null) hx = zerosLike(x, [this.num_layers * num_directions, max_batch_size, this.hidden_size]);
    else hx = this.permute_hidden(hx, sorted_indices);
    this.check_forward_args(x, hx, batch_sizes);
    const w = this._flat_weights;
    const result = batch_sizes === null
      ? op(kernel, x, hx, w, this.bias, this.num_layers, this.dropout, this.training, this.bidirectional, this.batch_first)
      : op(kernel, x, batch_sizes, hx, w, this.bias, this.num_layers, this.dropout, this.training, this.bidirectional);
    let [output, hidden] = result as [Tensor, Tensor];
    if (input instanceof PackedSequence)
      return [new PackedSequence(output, batch_sizes, sorted_indices, unsorted_indices), this.permute_hidden(hidden, unsorted_indices)];
    if (!is_batched) {
      output = output.squeeze(batch_dim);
      hidden = hidden.squeeze(1);
    }
    return [output, this.permute_hidden(hidden, unsorted_indices)];
  }
}

/** forward(input, hx=None) of the recurrent layers, from positional or keyword arguments. */
function forwardArgs(args: unknown[]): [any, any] {
  return bindArgs("forward", [["input"], ["hx", null]], args) as [any, any];
}

/**
 * Elman RNN: h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh) (or relu). Input (L, N, H_in),
 * (N, L, H_in) with batch_first, (L, H_in) unbatched, or a PackedSequence; returns [output, h_n].
 */
export class RNN extends RNNBase {
  declare nonlinearity: string;
  constructor(input_size: number, hidden_size: number, num_layers?: number | (RNNOptions & { nonlinearity?: string }), nonlinearity?: string | (RNNOptions & { nonlinearity?: string }), bias?: boolean | RNNOptions, batch_first?: boolean | RNNOptions, dropout?: number | RNNOptions, bidirectional?: boolean | RNNOptions, options?: FactoryOptions);
  constructor(options: RNNOptions & { input_size: number; hidden_size: number; nonlinearity?: string });
  constructor(...args: any[]) {
    const n = args.length > 0 && isOptions(args[args.length - 1]) ? args.length - 1 : args.length;
    let pos = args.slice(0, n);
    const kw = n < args.length ? { ...args[n] } : null;
    if (kw !== null && "proj_size" in kw) throw valueError("proj_size argument is only supported for LSTM, not RNN or GRU");
    let nonlinearity: unknown;
    // 2.3: the 4th positional argument is nonlinearity, as the signature says (1.13: bias).
    if (V.rnn_nonlinearity_arg && pos.length > 3) {
      nonlinearity = pos[3];
      pos = [...pos.slice(0, 3), ...pos.slice(4)];
    } else {
      nonlinearity = kw?.nonlinearity ?? "tanh";
      if (kw !== null) delete kw.nonlinearity;
    }
    let mode: string;
    if (nonlinearity === "tanh") mode = "RNN_TANH";
    else if (nonlinearity === "relu") mode = "RNN_RELU";
    else throw valueError(`Unknown nonlinearity '${nonlinearity}'${V.rnn_nonlinearity_arg ? ". Select from 'tanh' or 'relu'." : ""}`);
    super(mode, ...(pos.concat(kw !== null ? [kw] : []) as [number, number]));
    this.nonlinearity = nonlinearity as string;
  }
  forward(input: Tensor | PackedSequence, hx?: Tensor | null): [Tensor | PackedSequence, Tensor];
  forward(...args: any[]): [Tensor | PackedSequence, Tensor] {
    const [input, hx] = forwardArgs(args);
    return this._forward_single_state(this.mode === "RNN_TANH" ? "rnn_tanh" : "rnn_relu", "RNN", "tensor ", input, hx);
  }
}

/**
 * Long short-term memory, optionally with projections (proj_size). Returns
 * [output, [h_n, c_n]]; hx is [h_0, c_0] (zeros by default).
 */
export class LSTM extends RNNBase {
  constructor(input_size: number, hidden_size: number, num_layers?: number | (RNNOptions & { proj_size?: number }), bias?: boolean | (RNNOptions & { proj_size?: number }), batch_first?: boolean | RNNOptions, dropout?: number | RNNOptions, bidirectional?: boolean | RNNOptions, proj_size?: number | RNNOptions, options?: FactoryOptions);
  constructor(options: RNNOptions & { input_size: number; hidden_size: number; proj_size?: number });
  constructor(...args: any[]) {
    super("LSTM", ...(args as [number, number]));
  }

  get_expected_cell_size(input: Tensor, batch_sizes: Tensor | null): Size3 {
    const num_directions = this.bidirectional ? 2 : 1;
    return [this.num_layers * num_directions, this._mini_batch(input, batch_sizes), this.hidden_size];
  }
  check_forward_args(input: Tensor, hidden: [Tensor, Tensor], batch_sizes: Tensor | null): void {
    this.check_input(input, batch_sizes);
    this.check_hidden_size(hidden[0], this.get_expected_hidden_size(input, batch_sizes), "Expected hidden[0] size {}, got {}");
    this.check_hidden_size(hidden[1], this.get_expected_cell_size(input, batch_sizes), "Expected hidden[1] size {}, got {}");
  }
  permute_hidden(hx: [Tensor, Tensor], permutation: Tensor | null): [Tensor, Tensor] {
    if (permutation === null) return hx;
    return [hx[0].index_select(1, permutation), hx[1].index_select(1, permutation)];
  }

  forward(input: Tensor | PackedSequence, hx?: [Tensor, Tensor] | null): [Tensor | PackedSequence, [Tensor, Tensor]];
  forward(...args: any[]): [Tensor | PackedSequence, [Tensor, Tensor]] {
    let [input, hx] = forwardArgs(args) as [Tensor | PackedSequence, [Tensor, Tensor] | null];
    const num_directions = this.bidirectional ? 2 : 1;
    const real_hidden_size = this.proj_size > 0 ? this.proj_size : this.hidden_size;
    let batch_sizes: Tensor | null = null, sorted_indices: Tensor | null = null, unsorted_indices: Tensor | null = null;
    let x: Tensor, is_batched = true, batch_dim = 0, max_batch_size: number;
    const packed = input instanceof PackedSequence;
    if (input instanceof PackedSequence) {
      [x, batch_sizes, sorted_indices, unsorted_indices] = input;
      max_batch_size = Number(batch_sizes!.index(0).item());
    } else {
      x = input;
      if (V.rnn_input_checks && x.dim() !== 2 && x.dim() !== 3) throw valueError(`LSTM: Expected input to be 2D or 3D, got ${x.dim()}D instead`);
      is_batched = x.dim() === 3;
      batch_dim = this.batch_first ? 0 : 1;
      if (!is_batched) x = x.unsqueeze(batch_dim);
      max_batch_size = this.batch_first ? x.size(0) : x.size(1);
    }
    // Which calls check the sizes: every call (1.13); only those with hx (2.1); unpacked
    // input, with or without hx (2.3).
    const check = !V.rnn_input_checks ? "always" : !V.rnn_nonlinearity_arg ? "with_hx" : packed ? "never" : "always";
    if (hx === null) {
      hx = [zerosLike(x, [this.num_layers * num_directions, max_batch_size, real_hidden_size]),
        zerosLike(x, [this.num_layers * num_directions, max_batch_size, this.hidden_size])];
      if (check === "always") this.check_forward_args(x, hx, batch_sizes);
    } else {
      if (!packed) {
        if (is_batched) {
          if (hx[0].dim() !== 3 || hx[1].dim() !== 3)
            throw runtimeError(`For batched 3-D input, hx and cx should also be 3-D but got (${hx[0].dim()}-D, ${hx[1].dim()}-D) tensors`);
        } else {
          if (hx[0].dim() !== 2 || hx[1].dim() !== 2)
            throw runtimeError(`For unbatched 2-D input, hx and cx should also be 2-D but got (${hx[0].dim()}-D, ${hx[1].dim()}-D) tensors`);
          hx = [hx[0].unsqueeze(1), hx[1].unsqueeze(1)];
        }
      }
      if (V.rnn_input_checks && check !== "never") this.check_forward_args(x, hx, batch_sizes);
      hx = this.permute_hidden(hx, sorted_indices);
      if (!V.rnn_input_checks) this.check_forward_args(x, hx, batch_sizes);
    }
    const w = this._flat_weights;
    const result = batch_sizes === null
      ? op("lstm", x, hx, w, this.bias, this.num_layers, this.dropout, this.training, this.bidirectional, this.batch_first)
      : op("lstm", x, batch_sizes, hx, w, this.bias, this.num_layers, this.dropout, this.training, this.bidirectional);
    let output = result[0] as Tensor;
    let hidden: [Tensor, Tensor] = [result[1], result[2]];
    if (packed) return [new PackedSequence(output, batch_sizes, sorted_indices, unsorted_indices), this.permute_hidden(hidden, unsorted_indices)];
    if (!is_batched) {
      output = output.squeeze(batch_dim);
      hidden = [hidden[0].squeeze(1), hidden[1].squeeze(1)];
    }
    return [output, this.permute_hidden(hidden, unsorted_indices)];
  }
}

/** Gated recurrent unit. Returns [output, h_n]. */
export class GRU extends RNNBase {
  constructor(input_size: number, hidden_size: number, num_layers?: number | RNNOptions, bias?: boolean | RNNOptions, batch_first?: boolean | RNNOptions, dropout?: number | RNNOptions, bidirectional?: boolean | RNNOptions, options?: FactoryOptions);
  constructor(options: RNNOptions & { input_size: number; hidden_size: number });
  constructor(...args: any[]) {
    const kw = args.length > 0 && isOptions(args[args.length - 1]) ? args[args.length - 1] : null;
    if (kw !== null && "proj_size" in kw) throw valueError("proj_size argument is only supported for LSTM, not RNN or GRU");
    super("GRU", ...(args as [number, number]));
  }
  forward(input: Tensor | PackedSequence, hx?: Tensor | null): [Tensor | PackedSequence, Tensor];
  forward(...args: any[]): [Tensor | PackedSequence, Tensor] {
    const [input, hx] = forwardArgs(args);
    return this._forward_single_state("gru", "GRU", "", input, hx);
  }
}

/** Base of the cells: weight_ih, weight_hh and the two biases of one time step. */
export class RNNCellBase extends Module {
  declare input_size: number;
  declare hidden_size: number;
  declare bias: boolean;
  declare weight_ih: Parameter;
  declare weight_hh: Parameter;
  declare bias_ih: Parameter | null;
  declare bias_hh: Parameter | null;

  constructor(input_size: number, hidden_size: number, bias: boolean, num_chunks: number, options?: FactoryOptions);
  constructor(...args: any[]) {
    super();
    const [input_size, hidden_size, bias, num_chunks, device, dt] = bindArgs("__init__",
      [["input_size"], ["hidden_size"], ["bias"], ["num_chunks"], ["device", null], ["dtype", null]], args);
    const factory = { device, dtype: dt };
    this.input_size = input_size;
    this.hidden_size = hidden_size;
    this.bias = bias;
    this.weight_ih = new Parameter(empty([num_chunks * hidden_size, input_size], factory));
    this.weight_hh = new Parameter(empty([num_chunks * hidden_size, hidden_size], factory));
    if (bias) {
      this.bias_ih = new Parameter(empty([num_chunks * hidden_size], factory));
      this.bias_hh = new Parameter(empty([num_chunks * hidden_size], factory));
    } else {
      this.register_parameter("bias_ih", null);
      this.register_parameter("bias_hh", null);
    }
    this.reset_parameters();
  }
  extra_repr(): string {
    let s = `${this.input_size}, ${this.hidden_size}`;
    if (this.bias !== undefined && this.bias !== true) s += `, bias=${pyStr(this.bias)}`;
    const nl = (this as any).nonlinearity;
    if (nl !== undefined && nl !== "tanh") s += `, nonlinearity=${nl}`;
    return s;
  }
  reset_parameters(): void {
    const stdv = this.hidden_size > 0 ? 1.0 / Math.sqrt(this.hidden_size) : 0;
    for (const weight of this.parameters()) init.uniform_(weight, -stdv, stdv);
  }

  /** The input's dim check: a ValueError (2.1) or 1.13's assertion. */
  protected _check_cell_input(name: string, input: Tensor): void {
    if (input.dim() === 1 || input.dim() === 2) return;
    if (V.rnn_input_checks) throw valueError(`${name}: Expected input to be 1D or 2D, got ${input.dim()}D instead`);
    throw pyError("AssertionError", `${name}: Expected input to be 1-D or 2-D but received ${input.dim()}-D tensor`);
  }
  protected _check_cell_hidden(name: string, what: string, hx: Tensor): void {
    if (V.rnn_input_checks && hx.dim() !== 1 && hx.dim() !== 2)
      throw valueError(`${name}: Expected ${what} to be 1D or 2D, got ${hx.dim()}D instead`);
  }
  /** One step of a cell with a tensor state (RNNCell, GRUCell) through the ATen kernel. */
  protected _single_state_step(name: string, kernel: string, input: Tensor, hx: Tensor | null): Tensor {
    this._check_cell_input(name, input);
    if (hx !== null) this._check_cell_hidden(name, "hidden", hx);
    const is_batched = input.dim() === 2;
    if (!is_batched) input = input.unsqueeze(0);
    if (hx === null) hx = zerosLike(input, [input.size(0), this.hidden_size]);
    else hx = is_batched ? hx : hx.unsqueeze(0);
    if (kernel === "") throw runtimeError(`Unknown nonlinearity: ${(this as any).nonlinearity}`);
    const ret = op(kernel, input, hx, this.weight_ih, this.weight_hh, this.bias_ih, this.bias_hh) as Tensor;
    return is_batched ? ret : ret.squeeze(0);
  }
}

const CELL_SIG = [["input_size"], ["hidden_size"], ["bias", true], ["device", null], ["dtype", null]] as const;

/** One step of an Elman RNN: h' = tanh(W_ih x + b_ih + W_hh h + b_hh) (or relu). */
export class RNNCell extends RNNCellBase {
  declare nonlinearity: string;
  constructor(input_size: number, hidden_size: number, bias?: boolean | ({ bias?: boolean; nonlinearity?: string } & FactoryOptions), nonlinearity?: string | ({ nonlinearity?: string } & FactoryOptions), options?: FactoryOptions);
  constructor(options: { input_size: number; hidden_size: number; bias?: boolean; nonlinearity?: string } & FactoryOptions);
  constructor(...args: any[]) {
    const [input_size, hidden_size, bias, nonlinearity, device, dt] = bindArgs("__init__",
      [["input_size"], ["hidden_size"], ["bias", true], ["nonlinearity", "tanh"], ["device", null], ["dtype", null]], args);
    super(input_size, hidden_size, bias, 1, { device, dtype: dt });
    this.nonlinearity = nonlinearity;
  }
  forward(input: Tensor, hx?: Tensor | null): Tensor;
  forward(...args: any[]): Tensor {
    const [input, hx] = forwardArgs(args);
    const kernel = this.nonlinearity === "tanh" ? "rnn_tanh_cell" : this.nonlinearity === "relu" ? "rnn_relu_cell" : "";
    return this._single_state_step("RNNCell", kernel, input, hx);
  }
}

/** One LSTM step: returns [h', c']; hx is [h, c] (zeros by default). */
export class LSTMCell extends RNNCellBase {
  constructor(input_size: number, hidden_size: number, bias?: boolean | ({ bias?: boolean } & FactoryOptions), options?: FactoryOptions);
  constructor(options: { input_size: number; hidden_size: number; bias?: boolean } & FactoryOptions);
  constructor(...args: any[]) {
    const [input_size, hidden_size, bias, device, dt] = bindArgs("__init__", CELL_SIG, args);
    super(input_size, hidden_size, bias, 4, { device, dtype: dt });
  }
  forward(input: Tensor, hx?: [Tensor, Tensor] | null): [Tensor, Tensor];
  forward(...args: any[]): [Tensor, Tensor] {
    let [input, hx] = forwardArgs(args) as [Tensor, [Tensor, Tensor] | null];
    this._check_cell_input("LSTMCell", input);
    if (hx !== null) hx.forEach((value, idx) => this._check_cell_hidden("LSTMCell", `hx[${idx}]`, value));
    const is_batched = input.dim() === 2;
    if (!is_batched) input = input.unsqueeze(0);
    if (hx === null) {
      const z = zerosLike(input, [input.size(0), this.hidden_size]);
      hx = [z, z];
    } else if (!is_batched) hx = [hx[0].unsqueeze(0), hx[1].unsqueeze(0)];
    const ret = op("lstm_cell", input, hx, this.weight_ih, this.weight_hh, this.bias_ih, this.bias_hh) as [Tensor, Tensor];
    return is_batched ? [ret[0], ret[1]] : [ret[0].squeeze(0), ret[1].squeeze(0)];
  }
}

/** One GRU step. */
export class GRUCell extends RNNCellBase {
  constructor(input_size: number, hidden_size: number, bias?: boolean | ({ bias?: boolean } & FactoryOptions), options?: FactoryOptions);
  constructor(options: { input_size: number; hidden_size: number; bias?: boolean } & FactoryOptions);
  constructor(...args: any[]) {
    const [input_size, hidden_size, bias, device, dt] = bindArgs("__init__", CELL_SIG, args);
    super(input_size, hidden_size, bias, 3, { device, dtype: dt });
  }
  forward(input: Tensor, hx?: Tensor | null): Tensor;
  forward(...args: any[]): Tensor {
    const [input, hx] = forwardArgs(args);
    return this._single_state_step("GRUCell", "gru_cell", input, hx);
  }
}
