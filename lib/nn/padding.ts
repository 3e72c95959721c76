// torch/nn/modules/padding.py: constant, zero, reflection, replication and circular padding.
import type { Tensor } from "../tensor";
import { Module } from "./module";
import { bindArgs, ntuple, pyStr, valueError } from "./_utils";
import { pad } from "./_functional/vision";
import { V } from "../version";

type Padding = number | number[];

/** The padding modules' common part: `padding` as a (2 * dims)-tuple, F.pad in `mode`. */
export class _PadNd extends Module {
  padding!: number[];
  /** Binds Python's `__init__(self, padding)`; ConstantPad binds its own arguments. */
  constructor(padding?: Padding | { padding: Padding });
  constructor(...args: any[]) {
    super();
    if (args.length) this._set(bindArgs("__init__", [["padding"]], args)[0]);
  }
  _dims(): number { return 0; }
  _mode(): string { return "constant"; }
  _set(padding: Padding): void { this.padding = ntuple(2 * this._dims(), padding); }
  forward(input: Tensor): Tensor { return pad(input, this.padding, this._mode()); }
  extra_repr(): string { return pyStr(this.padding); }
}
/** Python's AttributeError for a torch.nn class the linked version lacks. */
function since21(name: string): void {
  if (!V.circular_pad) throw Object.assign(new Error(`module 'torch.nn' has no attribute '${name}'`), { name: "AttributeError" });
}

export class _CircularPadNd extends _PadNd {
  _mode(): string { return "circular"; }
  constructor(padding: Padding | { padding: Padding });
  constructor(...args: any[]) {
    super(...(args as [Padding]));
    since21(this._get_name());
  }
  _check_input_dim(input: Tensor): void {
    const d = this._dims(), n = input.dim();
    if (n !== d + 1 && n !== d + 2) throw valueError(`expected ${d + 1}D or ${d + 2}D input (got ${n}D input)`);
  }
  forward(input: Tensor): Tensor {
    this._check_input_dim(input);
    return super.forward(input);
  }
}
/** Pads (C, W) or (N, C, W) by wrapping around (2.1+). */
export class CircularPad1d extends _CircularPadNd { _dims(): number { return 1; } }
export class CircularPad2d extends _CircularPadNd { _dims(): number { return 2; } }
export class CircularPad3d extends _CircularPadNd { _dims(): number { return 3; } }

export class _ConstantPadNd extends _PadNd {
  value!: number;
  constructor(padding: Padding | { padding: Padding; value: number }, value?: number);
  constructor(...args: any[]) {
    super();
    const [padding, value] = bindArgs("__init__", [["padding"], ["value"]], args);
    this.value = value;
    this._set(padding);
  }
  forward(input: Tensor): Tensor { return pad(input, this.padding, "constant", this.value); }
  extra_repr(): string { return `padding=${pyStr(this.padding)}, value=${pyStr(this.value)}`; }
}
/** Pads with a constant value. */
export class ConstantPad1d extends _ConstantPadNd { _dims(): number { return 1; } }
export class ConstantPad2d extends _ConstantPadNd { _dims(): number { return 2; } }
export class ConstantPad3d extends _ConstantPadNd { _dims(): number { return 3; } }

/** ZeroPad{1,2,3}d: ConstantPad with 0.0 that prints only its padding. */
function zeroPad<T extends typeof ConstantPad1d>(base: T, since: boolean) {
  return class extends (base as typeof _ConstantPadNd) {
    constructor(...args: any[]) {
      const [padding] = bindArgs("__init__", [["padding"]], args);
      if (!since) since21(new.target.name);
      super(padding, 0.0);
    }
    extra_repr(): string { return pyStr(this.padding); }
  } as unknown as { new (padding: Padding | { padding: Padding }): InstanceType<T> };
}
export class ZeroPad1d extends zeroPad(ConstantPad1d, V.circular_pad) {}
export class ZeroPad2d extends zeroPad(ConstantPad2d, true) {}
export class ZeroPad3d extends zeroPad(ConstantPad3d, V.circular_pad) {}

export class _ReflectionPadNd extends _PadNd {
  _mode(): string { return "reflect"; }
}
/** Pads by reflecting the input at its borders. */
export class ReflectionPad1d extends _ReflectionPadNd { _dims(): number { return 1; } }
export class ReflectionPad2d extends _ReflectionPadNd { _dims(): number { return 2; } }
export class ReflectionPad3d extends _ReflectionPadNd { _dims(): number { return 3; } }

export class _ReplicationPadNd extends _PadNd {
  _mode(): string { return "replicate"; }
}
/** Pads by repeating the input's border values. */
export class ReplicationPad1d extends _ReplicationPadNd { _dims(): number { return 1; } }
export class ReplicationPad2d extends _ReplicationPadNd { _dims(): number { return 2; } }
export class ReplicationPad3d extends _ReplicationPadNd { _dims(): number { return 3; } }
