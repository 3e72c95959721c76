// What the addon sees of CUDA: run by scripts/gpu/run.sh right after the build.
import torch from "../../lib/index";
import { N } from "../../lib/native";

const info: Record<string, unknown> = {
  libtorch: N.version(), cuda_built: N.cudaIsCompiled(), is_available: torch.cuda.is_available(), device_count: torch.cuda.device_count(),
};
if (torch.cuda.is_available()) {
  info.name = torch.cuda.get_device_name();
  info.capability = torch.cuda.get_device_capability();
  const x = torch.arange(6, { dtype: torch.float32 }).cuda();
  info.roundtrip = x.mul(2).cpu().tolist();
  info.memory_allocated = torch.cuda.memory_allocated();
}
console.log(JSON.stringify(info));
if (N.cudaIsCompiled() !== torch.cuda.is_available()) process.exitCode = 1;
