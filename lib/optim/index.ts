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
