// torch.Generator, manual_seed and friends. The CPU generator is libtorch's, the
// one Python uses, so the same seed gives the same streams.
import { inspect } from "node:util";
import { N } from "./native";
import { setGeneratorClass } from "./_ops";
import { wrap, type Tensor } from "./tensor";
import { device, type DeviceLike } from "./dtype";
import { pseudoAddress } from "./_object_repr";
import { V } from "./version";

/** Makes the default CPU generator: the addon's null generator is libtorch's default one. */
const DEFAULT = Symbol("default CPU generator");

export class Generator {
  /** Index in the addon's generator table (null: libtorch's default CPU generator). */
  readonly _g: number | null;
  readonly device: device;
  constructor(dev: DeviceLike | { device?: DeviceLike } = "cpu") {
    if ((dev as unknown) === DEFAULT) {
      this.device = new device("cpu");
      this._g = null;
      return;
    }
    const d = typeof dev === "object" && !(dev instanceof device) ? dev.device ?? "cpu" : dev;
    this.device = d instanceof device ? d : new device(d);
    this._g = N.generatorNew(String(this.device));
  }
  manual_seed(seed: number | bigint): this {
    N.manualSeed(this._g, checkSeed(seed));
    return this;
  }
  seed(): bigint { return N.seed(this._g); }
  initial_seed(): bigint { return N.initialSeed(this._g); }
  get_state(): Tensor { return wrap(N.getRngState(this._g)); }
  set_state(state: Tensor): this { N.setRngState(this._g, state._h); return this; }
  /** Python's repr: `<torch._C.Generator object at 0x...>`. */
  toString(): string { return `<torch._C.Generator object at ${pseudoAddress(this)}>`; }
  [inspect.custom](): string { return this.toString(); }
}
setGeneratorClass(Generator);
// What torch.typename (error messages) names it by: 1.13's Generator objects have no __module__.
if (V.generator_module) Object.defineProperty(Generator, "__module__", { value: "torch._C" });

function checkSeed(seed: number | bigint): number | bigint {
  if (typeof seed === "number" && !Number.isInteger(seed)) throw new TypeError(`manual_seed expected an integer, got ${seed}`);
  if (typeof seed === "bigint" ? seed < -(2n ** 63n) || seed >= 2n ** 64n : seed < -(2 ** 63) || seed >= 2 ** 64)
    throw new RangeError("Overflow when unpacking long");
  return seed;
}

const cudaSeedHooks: ((seed: number | bigint) => void)[] = [];
/** Called by torch.cuda to also seed CUDA generators from torch.manual_seed. */
export function onManualSeed(fn: (seed: number | bigint) => void) { cudaSeedHooks.push(fn); }

/** The default CPU generator (torch.default_generator), a torch.Generator as in Python. */
export const default_generator = new Generator(DEFAULT as unknown as DeviceLike);

export function manual_seed(seed: number | bigint) {
  N.manualSeed(null, checkSeed(seed));
  for (const f of cudaSeedHooks) f(seed);
  return default_generator;
}
export function seed(): bigint { return N.seed(null); }
export function initial_seed(): bigint { return N.initialSeed(null); }
export function get_rng_state(): Tensor { return wrap(N.getRngState(null)); }
export function set_rng_state(state: Tensor): void { N.setRngState(null, state._h); }
