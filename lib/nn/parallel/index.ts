// torch.nn.parallel: `import { DistributedDataParallel } from "torch-node/nn/parallel"`.
export { DistributedDataParallel, type DDPOptions } from "./distributed";
