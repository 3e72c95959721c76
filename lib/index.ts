// import torch from "torch-node": every namespace, as Python's `import torch` gives.
// CommonJS `require("torch-node")` returns the same torch object.
import { torch as core, type Torch } from "./torch";
import { Tensor, Size } from "./tensor";
import { Generator } from "./random";
import { dtype } from "./dtype";
import * as nn from "./nn";
import * as optim from "./optim";
import * as data from "./utils/data";
import { save, load, serialization } from "./serialization";
import { cuda } from "./cuda";
import { backends } from "./backends";
import { accelerator } from "./accelerator";
import { multiprocessing } from "./multiprocessing";
import { V } from "./version";
import distributed from "./distributed";
import * as jit from "./jit";
import * as _inductor from "./_inductor";

const torch = Object.assign(core, {
  nn, optim, utils: { data }, save, load, serialization, cuda, backends, multiprocessing, distributed, jit, _inductor,
  // torch.accelerator only where the linked release has it.
  ...(V.accelerator ? { accelerator } : {}),
}) as Torch & {
  backends: typeof backends; multiprocessing: typeof multiprocessing; accelerator?: typeof accelerator;
  nn: typeof nn; optim: typeof optim; utils: { data: typeof data }; save: typeof save; load: typeof load;
  serialization: typeof serialization; cuda: typeof cuda; distributed: typeof distributed; jit: typeof jit; _inductor: typeof _inductor;
};

export default torch;
export { torch, Tensor, Size, Generator, dtype, nn, optim, cuda, jit };

// CommonJS: `const torch = require("torch-node")` is the torch object itself
// (it also carries `default` and the named exports, so `import` forms agree).
declare const module: { exports: unknown } | undefined;
if (typeof module !== "undefined" && module && typeof (module as any).exports === "object" && (module as any).exports.default === torch) {
  Object.assign(torch, { default: torch, torch, Tensor, Size, Generator, dtype });
  Object.defineProperty(torch, "__esModule", { value: true });
  // vitest's module runner exposes an ESM namespace here, which refuses the swap
  // (its importers already get the ESM exports).
  try { module.exports = torch; } catch { /* not a CommonJS loader */ }
}
