// torch/nn/modules/activation.py: ReLU, LeakyReLU, GELU, Sigmoid, Tanh, Softmax, LogSoftmax.
import type { Tensor } from "../tensor";
import { Module } from "./module";
import { bindArgs, pyStr, typename } from "./_utils";
import { V } from "../version";

/** 2.14: Softmax's and LogSoftmax's dim must be an int or None. */
function checkDim(dim: unknown): void {
  if (V.softmax_dim_check && dim !== null && !(typeof dim === "number" && Number.isInteger(dim)))
    throw new TypeError(`dim must be an int or None, got <class '${typename(dim)}'>`);
}
import * as F from "./functional";

export class ReLU extends Module {
  inplace!: boolean;
  constructor(inplace?: boolean | { inplace?: boolean });
  constructor(...args: any[]) {
    super();
    [this.inplace] = bindArgs("__init__", [["inplace", false]], args);
  }
  forward(input: Tensor): Tensor { return F.relu(input, this.inplace); }
  extra_repr(): string { return this.inplace ? "inplace=True" : ""; }
}

export class LeakyReLU extends Module {
  negative_slope!: number;
  inplace!: boolean;
  constructor(negative_slope?: number | { negative_slope?: number; inplace?: boolean }, inplace?: boolean);
  constructor(...args: any[]) {
    super();
    [this.negative_slope, this.inplace] = bindArgs("__init__", [["negative_slope", 0.01], ["inplace", false]], args);
  }
  forward(input: Tensor): Tensor { return F.leaky_relu(input, this.negative_slope, this.inplace); }
  extra_repr(): string { return `negative_slope=${pyStr(this.negative_slope, true)}${this.inplace ? ", inplace=True" : ""}`; }
}

export class GELU extends Module {
  approximate!: string;
  constructor(approximate?: string | { approximate?: string });
  constructor(...args: any[]) {
    super();
    [this.approximate] = bindArgs("__init__", [["approximate", "none"]], args);
  }
  forward(input: Tensor): Tensor { return F.gelu(input, { approximate: this.approximate }); }
  extra_repr(): string { return `approximate='${this.approximate}'`; }
}

export class Sigmoid extends Module {
  forward(input: Tensor): Tensor { return input.sigmoid(); }
}
export class Tanh extends Module {
  forward(input: Tensor): Tensor { return input.tanh(); }
}

export class Softmax extends Module {
  dim!: number | null;
  constructor(dim?: number | null | { dim?: number | null });
  constructor(...args: any[]) {
    super();
    [this.dim] = bindArgs("__init__", [["dim", null]], args);
    checkDim(this.dim);
  }
  forward(input: Tensor): Tensor { return F.softmax(input, this.dim); }
  extra_repr(): string { return `dim=${pyStr(this.dim)}`; }
}

export class LogSoftmax extends Module {
  dim!: number | null;
  constructor(dim?: number | null | { dim?: number | null });
  constructor(...args: any[]) {
    super();
    [this.dim] = bindArgs("__init__", [["dim", null]], args);
    checkDim(this.dim);
  }
  forward(input: Tensor): Tensor { return F.log_softmax(input, this.dim); }
  extra_repr(): string { return `dim=${pyStr(this.dim)}`; }
}
