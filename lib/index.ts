// import torch from "torch-node": every namespace, as Python's `import torch` gives.
import { torch as core, type Torch } from "./torch";
export { Tensor, Size } from "./tensor";
export { Generator } from "./random";
export { dtype } from "./dtype";

const torch = core as Torch;
export default torch;
export { torch };
