// Tutorial 002's CNN (examples/002_mnist_cnn.ts) trained with DistributedDataParallel:
// each process trains on its DistributedSampler share of MNIST, gradients are averaged
// across processes during backward, and rank 0 evaluates and saves the checkpoint.
//
//   npx torchrun-node --nproc-per-node 2 examples/002_mnist_cnn_ddp.ts [--epochs 1] [--max-batches 50]
import fs from "node:fs";
import path from "node:path";
import yargs from "yargs";
import torch, { nn, optim, Tensor } from "torch-node";
import dist from "torch-node/distributed";
import { DistributedDataParallel } from "torch-node/nn/parallel";
import torchvision, { transforms } from "torch-node/torchvision";
import { DataLoader, DistributedSampler } from "torch-node/utils/data";

const args = yargs(process.argv.slice(2))
  .options({
    epochs: { type: "number", default: 1 },
    "batch-size": { type: "number", default: 64, describe: "per process" },
    lr: { type: "number", default: 0.001 },
    data: { type: "string", default: "data/" },
    out: { type: "string", default: "out/" },
    seed: { type: "number", default: 0 },
    "max-batches": { type: "number", describe: "stop each epoch after this many batches (quick runs)" },
  })
  .strict().parseSync();

class SimpleCNN extends nn.Module {
  conv1 = new nn.Conv2d({ in_channels: 1, out_channels: 32, kernel_size: 3, padding: 1 });
  relu1 = new nn.ReLU();
  pool1 = new nn.MaxPool2d({ kernel_size: 2, stride: 2 });
  conv2 = new nn.Conv2d({ in_channels: 32, out_channels: 64, kernel_size: 3, padding: 1 });
  relu2 = new nn.ReLU();
  pool2 = new nn.MaxPool2d({ kernel_size: 2, stride: 2 });
  fc1 = new nn.Linear(64 * 7 * 7, 128);
  relu3 = new nn.ReLU();
  fc2 = new nn.Linear(128, 10);
  forward(x: Tensor) {
    x = this.pool1(this.relu1(this.conv1(x)));
    x = this.pool2(this.relu2(this.conv2(x)));
    x = x.view(x.size(0), -1);
    return this.fc2(this.relu3(this.fc1(x)));
  }
}

dist.init_process_group("gloo"); // RANK, WORLD_SIZE, MASTER_ADDR, MASTER_PORT from torchrun-node
const rank = dist.get_rank(), world_size = dist.get_world_size();
torch.manual_seed(args.seed);
const transform = new transforms.ToTensor();
const train_dataset = new torchvision.datasets.MNIST({ root: args.data, train: true, transform, download: true });
const test_dataset = new torchvision.datasets.MNIST({ root: args.data, train: false, transform, download: true });
const sampler = new DistributedSampler(train_dataset, { shuffle: true, seed: args.seed });
const train_loader = new DataLoader(train_dataset, { batch_size: args["batch-size"], sampler });
const test_loader = new DataLoader(test_dataset, { batch_size: 1000, shuffle: false });

const model = new DistributedDataParallel(new SimpleCNN());
const criterion = new nn.CrossEntropyLoss();
const optimizer = new optim.Adam(model.parameters(), { lr: args.lr });
const max_batches = args["max-batches"] ?? Infinity;

for (let epoch = 0; epoch < args.epochs; epoch++) {
  sampler.set_epoch(epoch); // a new shuffle each epoch, the same on every rank
  model.train();
  const t0 = Date.now();
  let seen = 0, running = 0, i = 0;
  for (const [images, labels] of train_loader) {
    if (i++ >= max_batches) break;
    const loss = criterion(model(images), labels);
    optimizer.zero_grad();
    loss.backward(); // gradients are all-reduced here, bucket by bucket
    optimizer.step();
    running += (loss.item() as number) * images.size(0);
    seen += images.size(0);
  }
  const s = (Date.now() - t0) / 1000;
  // the mean loss over every process's samples
  const stats = torch.tensor([running, seen], { dtype: torch.float64 });
  dist.all_reduce(stats);
  const [total, n] = stats.tolist() as number[];
  if (rank === 0)
    console.log(`Epoch [${epoch + 1}/${args.epochs}], Loss: ${(total / n).toFixed(4)}, ${n} samples on ${world_size} processes in ${s.toFixed(1)} s (${(n / s).toFixed(0)} samples/s)`);
}

if (rank === 0) {
  model.eval();
  let correct = 0, total = 0;
  torch.no_grad(() => {
    for (const [images, labels] of test_loader) {
      const predicted = model.module(images).argmax(1);
      correct += predicted.eq(labels).sum().item() as number;
      total += labels.size(0);
    }
  });
  console.log(`Test accuracy: ${(correct / total).toFixed(4)}`);
  fs.mkdirSync(args.out, { recursive: true });
  // keys start with "module." as in Python; model.module.state_dict() has the bare ones
  torch.save(model.module.state_dict(), path.join(args.out, "mnist_cnn_ddp.pt"));
}
dist.destroy_process_group();
