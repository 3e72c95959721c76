// torch.optim: Optimizer, every optimizer of the linked release, lr_scheduler, swa_utils.
export { Optimizer, required, type ParamGroup, type OptimizerStateDict } from "./optimizer";
export { Adafactor } from "./_adafactor";
export { Muon } from "./_muon";
export { Adadelta } from "./adadelta";
export { Adagrad } from "./adagrad";
export { Adam } from "./adam";
export { AdamW } from "./adamw";
export { Adamax } from "./adamax";
export { ASGD } from "./asgd";
export { LBFGS } from "./lbfgs";
export { NAdam } from "./nadam";
export { RAdam } from "./radam";
export { RMSprop } from "./rmsprop";
export { Rprop } from "./rprop";
export { SGD } from "./sgd";
export { SparseAdam } from "./sparse_adam";
export * as lr_scheduler from "./lr_scheduler";
export * as swa_utils from "./swa_utils";

// Python's module path of each optimizer class (torch.optim.<file>, as our files are named; the
// private files' classes say torch.optim), for torch.typename and reprs.
import * as optimizer from "./optimizer";
import * as _adafactor from "./_adafactor";
import * as _muon from "./_muon";
import * as adadelta from "./adadelta";
import * as adagrad from "./adagrad";
import * as adam from "./adam";
import * as adamw from "./adamw";
import * as adamax from "./adamax";
import * as asgd from "./asgd";
import * as lbfgs from "./lbfgs";
import * as nadam from "./nadam";
import * as radam from "./radam";
import * as rmsprop from "./rmsprop";
import * as rprop from "./rprop";
import * as sgd from "./sgd";
import * as sparse_adam from "./sparse_adam";
const files = { optimizer, _adafactor, _muon, adadelta, adagrad, adam, adamw, adamax, asgd, lbfgs, nadam, radam, rmsprop, rprop, sgd, sparse_adam };
for (const [file, ns] of Object.entries(files))
  for (const c of Object.values(ns) as unknown[])
    if (typeof c === "function" && (c === optimizer.Optimizer || c.prototype instanceof optimizer.Optimizer) && !Object.hasOwn(c, "__module__"))
      Object.defineProperty(c, "__module__", { value: file.startsWith("_") ? "torch.optim" : `torch.optim.${file}` });
