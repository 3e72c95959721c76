// One epoch of tutorial 002's SimpleCNN (Adam, batch 64) on MNIST-shaped data,
// timed; scripts/gpu/epoch.py is the same program in Python. The data, the
// initial weights and the shuffle order come from torch.manual_seed(0), so
// both print the same first losses (on the GPU, up to cuDNN's rounding).
//   node --import tsx scripts/gpu/epoch.ts [--device cuda] [--n 60000] [--batch-size 64] [--warmup 20]
import torch, { nn, optim, type Tensor } from "../../lib/index";
import { DataLoader, TensorDataset } from "../../lib/utils/data";

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return dflt;
  const v = process.argv[i + 1];
  if (v === undefined || v.startsWith("--")) throw new Error(`--${name} needs a value`);
  return v;
}
const device = torch.device(arg("device", torch.cuda.is_available() ? "cuda" : "cpu"));
const n = Number(arg("n", "60000"));
const batch_size = Number(arg("batch-size", "64"));
const warmup = Number(arg("warmup", "20"));
if (![n, batch_size, warmup].every((v) => Number.isInteger(v) && v >= 0) || n === 0 || batch_size === 0)
  throw new Error("--n, --batch-size and --warmup take positive integers");

class SimpleCNN extends nn.Module {
  conv1 = new nn.Conv2d(1, 32, 3, { padding: 1 });
  relu1 = new nn.ReLU();
  pool1 = new nn.MaxPool2d({ kernel_size: 2, stride: 2 });
  conv2 = new nn.Conv2d(32, 64, 3, { padding: 1 });
  relu2 = new nn.ReLU();
  pool2 = new nn.MaxPool2d({ kernel_size: 2, stride: 2 });
  fc1 = new nn.Linear(64 * 7 * 7, 128);
  relu3 = new nn.ReLU();
  fc2 = new nn.Linear(128, 10);
  forward(x: Tensor): Tensor {
    x = this.pool1(this.relu1(this.conv1(x)));
    x = this.pool2(this.relu2(this.conv2(x)));
    x = x.view(x.size(0), -1);
    return this.fc2(this.relu3(this.fc1(x)));
  }
}

torch.manual_seed(0);
// ToTensor's output for uint8 images: values k/255.
const images = torch.randint(0, 256, [n, 1, 28, 28], { dtype: torch.uint8 }).float().div(255);
const labels = torch.randint(0, 10, [n]);
const loader = new DataLoader(new TensorDataset(images, labels), { batch_size, shuffle: true });
const model = new SimpleCNN().to(device);
const criterion = new nn.CrossEntropyLoss();
const optimizer = new optim.Adam(model.parameters(), { lr: 1e-3 });
const sync = () => { if (device.type === "cuda") torch.cuda.synchronize(); };

function step(x: Tensor, y: Tensor): Tensor {
  x = x.to(device); y = y.to(device);
  optimizer.zero_grad();
  const loss = criterion(model(x), y);
  loss.backward();
  optimizer.step();
  return loss;
}

model.train();
// Warm-up batches (CUDA context, cuDNN plans, allocator), not timed.
let k = 0;
for (const [x, y] of loader) { if (k++ >= warmup) break; step(x, y); }
sync();

const first: number[] = [];
let total = 0, batches = 0;
const t0 = performance.now();
for (const [x, y] of loader) {
  const loss = step(x, y);
  if (first.length < 3) first.push(loss.item() as number);
  total += loss.item() as number;
  batches++;
}
sync();
const seconds = (performance.now() - t0) / 1000;
console.log(JSON.stringify({
  impl: "torch-node", device: String(device), n, batch_size, batches, epoch_s: Number(seconds.toFixed(3)),
  first_losses: first.map((v) => Number(v.toFixed(6))), mean_loss: Number((total / batches).toFixed(6)),
}));
