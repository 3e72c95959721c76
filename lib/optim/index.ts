// torch.optim: Optimizer, SGD, Adam, AdamW, lr_scheduler.
export { Optimizer, required, type ParamGroup, type OptimizerStateDict } from "./optimizer";
export { SGD } from "./sgd";
export { Adam } from "./adam";
export { AdamW } from "./adamw";
export { RMSprop } from "./rmsprop";
export * as lr_scheduler from "./lr_scheduler";
