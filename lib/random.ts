// torch.Generator, manual_seed and friends. The CPU generator is libtorch's, the
// one Python uses, so the same seed gives the same streams.
import { N } from "./native";
import { setGeneratorClass } from "./_ops";
import { wrap, type Tensor } from "./tensor";
import { device, type DeviceLike } from "./dtype";

export class Generator {
  /** Index in the addon's generator table. */
  readonly _g: number;
  readonly device: device;
  constructor(dev: DeviceLike | { device?: DeviceLike } = "cpu") {
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
}
setGeneratorClass(Generator);

function checkSeed(seed: number | bigint): number | bigint {
  if (typeof seed === "number" && !Number.isInteger(seed)) throw new TypeError(`manual_seed expected an integer, got ${seed}`);
  if (typeof seed === "bigint" ? seed < -(2n ** 63n) || seed >= 2n ** 64n : seed < -(2 ** 63) || seed >= 2 ** 64)
    throw new RangeError("Overflow when unpacking long");
  return seed;
}

const cudaSeedHooks: ((seed: number | bigint) => void)[] = [];
/** Called by torch.cuda to also seed CUDA generators from torch.manual_seed. */
export function onManualSeed(fn: (seed: number | bigint) => void) { cudaSeedHooks.push(fn); }

/** The default CPU generator (torch.default_generator). */
export const default_generator = {
  manual_seed(seed: number | bigint) { N.manualSeed(null, checkSeed(seed)); return this; },
  seed: () => N.seed(null),
  initial_seed: () => N.initialSeed(null),
  get_state: () => wrap(N.getRngState(null)),
  set_state(state: Tensor) { N.setRngState(null, state._h); return this; },
};

export function manual_seed(seed: number | bigint) {
  N.manualSeed(null, checkSeed(seed));
  for (const f of cudaSeedHooks) f(seed);
  return default_generator;
}
export function seed(): bigint { return N.seed(null); }
export function initial_seed(): bigint { return N.initialSeed(null); }
export function get_rng_state(): Tensor { return wrap(N.getRngState(null)); }
export function set_rng_state(state: Tensor): void { N.setRngState(null, state._h); }
