// torch/nn/modules/flatten.py: Flatten, Unflatten.
import type { Tensor } from "../tensor";
import { Module } from "./module";
import { bindArgs, pyStr } from "./_utils";

/** Flattens dims start_dim..end_dim (default: all but the batch dim). */
export class Flatten extends Module {
  start_dim!: number;
  end_dim!: number;
  constructor(start_dim?: number | { start_dim?: number; end_dim?: number }, end_dim?: number);
  constructor(...args: any[]) {
    super();
    [this.start_dim, this.end_dim] = bindArgs("__init__", [["start_dim", 1], ["end_dim", -1]], args);
  }
  forward(input: Tensor): Tensor { return input.flatten(this.start_dim, this.end_dim); }
  extra_repr(): string { return `start_dim=${this.start_dim}, end_dim=${this.end_dim}`; }
}

/** Expands dim into unflattened_size. */
export class Unflatten extends Module {
  dim!: number;
  unflattened_size!: number[];
  constructor(dim: number | { dim: number; unflattened_size: number[] }, unflattened_size?: number[]);
  constructor(...args: any[]) {
    super();
    const [dim, size] = bindArgs("__init__", [["dim"], ["unflattened_size"]], args);
    if (typeof dim !== "number") throw new TypeError("invalid argument type for dim parameter");
    if (!Array.isArray(size) || !size.every((s) => Number.isInteger(s)))
      throw new TypeError("unflattened_size must be tuple of ints, but found type " + (Array.isArray(size) ? "list" : typeof size));
    this.dim = dim;
    this.unflattened_size = size;
  }
  forward(input: Tensor): Tensor { return input.unflatten(this.dim, this.unflattened_size); }
  extra_repr(): string { return `dim=${this.dim}, unflattened_size=${pyStr(this.unflattened_size)}`; }
}
