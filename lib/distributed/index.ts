// torch.distributed: `import dist from "torch-node/distributed"` (also torch.distributed).
export * from "./distributed_c10d";
import * as dist from "./distributed_c10d";
export default dist;
