// Tutorial 003, "Tutorial on recognizing digits in PyTorch": hyperparameters, manual_seed,
// MNIST with Compose(ToTensor, Normalize), a 3x3 grid of examples, the conv size formula, a
// CNN with F.max_pool2d/F.relu/F.dropout/log_softmax, nll_loss, SGD with momentum, loss and
// accuracy plots, a 4x4 grid of predictions. Ported line by line from the notebook in the
// tutorial's text; "port:" marks what a script needs that a notebook does not.
//
//   npx tsx examples/003_cnn_sgd.ts [--epochs 3] [--batch-size 64] [--lr 0.01] [--seed 1] ...
import fs from "node:fs";
import yargs from "yargs";
// CUSTOMARY IMPORTS
import torch, { nn, optim, Tensor } from "torch-node";
import torchvision from "torch-node/torchvision";
import plt from "torch-node/pyplot";
import F from "torch-node/nn/functional";

export function parse_args(argv: string[]) {
  return yargs(argv)
    .scriptName("003_cnn_sgd")
    .usage("$0: tutorial 003, a small CNN on normalized MNIST with SGD and momentum")
    .options({
      epochs: { type: "number", default: 3, describe: "n_epochs" },
      "batch-size": { type: "number", default: 64, describe: "batch_size_train" },
      "test-batch-size": { type: "number", default: 1000, describe: "batch_size_test" },
      lr: { type: "number", default: 0.01, describe: "learning_rate (SGD, momentum 0.5)" },
      "log-frequency": { type: "number", default: 100, describe: "log_frequency (batches)" },
      device: { type: "string", describe: "cpu, cuda:0, ... (default: cuda:0 if available, else cpu)" },
      data: { type: "string", default: "data/", describe: "MNIST root (the tutorial uses ./files/)" },
      out: { type: "string", default: "out/", describe: "where the plots go" },
      seed: { type: "number", default: 1, describe: "random_seed" },
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
  plt.rcParams["savefig.directory"] = args.out; // port: plt.show() writes PNG files here
  fs.mkdirSync(args.out, { recursive: true }); // port

  // TRAINING HYPERPARAMETERS:
  const n_epochs = args.epochs;                     // How many passes through the training data
  const batch_size_train = args["batch-size"];      // Training batch size usually in [1,256]
  const batch_size_test = args["test-batch-size"];  // Test batch size (choose anything)
  const learning_rate = args.lr;                    // Learning rate for optimizer like SGD usually in [0.001, 0.1]
  const log_frequency = args["log-frequency"];
  const random_seed = args.seed;
  torch.manual_seed(random_seed);
  const device = torch.device(args.device ?? (torch.cuda.is_available() ? "cuda:0" : "cpu"));

  const train_loader = new torch.utils.data.DataLoader(
    new torchvision.datasets.MNIST(args.data, { train: true, download: true,
      transform: new torchvision.transforms.Compose([
        new torchvision.transforms.ToTensor(),
        new torchvision.transforms.Normalize(
          [0.1307], [0.3081]),
      ]) }),
    { batch_size: batch_size_train, shuffle: true });

  const test_loader = new torch.utils.data.DataLoader(
    new torchvision.datasets.MNIST(args.data, { train: false, download: true,
      transform: new torchvision.transforms.Compose([
        new torchvision.transforms.ToTensor(),
        new torchvision.transforms.Normalize(
          [0.1307], [0.3081]),
      ]) }),
    { batch_size: batch_size_test, shuffle: true });

  // The enumerate() method adds a counter to an iterable and returns an enumerate object
  const examples = test_loader[Symbol.iterator]();
  const [example_X, example_y] = examples.next().value as [Tensor, Tensor];

  // VISUALIZE SOME EXAMPLES
  let fig = plt.figure("003_examples", { figsize: [10, 8], dpi: 60 });
  for (let i = 0; i < 9; i++) {
    plt.subplot(3, 3, i + 1);
    plt.tight_layout();
    plt.imshow(example_X.index(i, 0), { cmap: "gray" });
    plt.title(`Ground Truth: ${example_y.index(i).item()}`);
    plt.xticks([]);
    plt.yticks([]);
  }
  plt.show(); // port: the notebook shows the figure inline

  function get_conv_size(in_dim: number, kernel_size: number, stride = 1, padding = 0, dilation = 1) {
    return (Math.floor((in_dim + 2 * padding - dilation * (kernel_size - 1) - 1) / stride) + 1);
  }

  const input_size = 28;    // MNIST has 28 x 28 input images
  const C1_kernel_size = 5; // Customary to use odd and square kernel/filter size fxf
  const num_filters_conv1 = 32;
  const num_filters_conv2 = 16;
  const C2_kernel_size = 3; // Customary to use odd and square kernel/filter size fxf
  const mp2d_size = 2;      // MaxPooling2d window size (= stride)
  const fc1_out_size = 100;
  const fc2_out_size = 10;

  const C1 = get_conv_size(input_size, C1_kernel_size);                   // C1: size after conv1
  const MP1 = get_conv_size(C1, mp2d_size, mp2d_size); // MP1: size after max_pool2d
  const C2 = get_conv_size(MP1, C2_kernel_size);                          // C2: size after conv2
  const MP2 = get_conv_size(C2, mp2d_size, mp2d_size); // MP2: size after max_pool2d
  const fc1_in_size = MP2 * MP2 * num_filters_conv2;                        // pixels * num_filters

  console.log(`C1:${C1} MP1:${MP1}   C2:${C2} MP2:${MP2}    FC1_in:${fc1_in_size}`);

  class model extends nn.Module {
    conv1 = new nn.Conv2d({ in_channels: 1, out_channels: num_filters_conv1, kernel_size: C1_kernel_size });
    conv2 = new nn.Conv2d(num_filters_conv1, num_filters_conv2, C2_kernel_size);
    fc1 = new nn.Linear(fc1_in_size, fc1_out_size);
    fc2 = new nn.Linear(fc1_out_size, fc2_out_size);           // number of classes/digits = 10

    forward(x: Tensor) {
      x = F.relu(F.max_pool2d(this.conv1(x), mp2d_size));
      x = F.relu(F.max_pool2d(this.conv2(x), mp2d_size));
      x = x.view(-1, fc1_in_size);    // reshape
      x = F.relu(this.fc1(x));
      x = F.dropout(x, { training: this.training });  // Apply dropout only during training
      x = this.fc2(x);
      return F.log_softmax(x, { dim: 1 });
    }
  }

  const nnModel = new model().to(device);       // Instantiate our model and move model to GPU if available

  console.log("nnModel parameters:\n{}", nnModel._modules);

  // Define objective function
  const lossFn = F.nll_loss;  // When we combine nll_loss and log_softmax we get a cross entropy loss

  // Define optimization
  const optimizer = new optim.SGD(nnModel.parameters(), { lr: learning_rate, momentum: 0.5 });
  // const optimizer = new optim.Adam(nnModel.parameters(), { lr: 0.003 });

  const train_losses: number[] = [];
  const TrainLen = len(train_loader.dataset);
  let epoch_now = 0; // port: --print-loss labels
  function train(model: nn.Module, lossFn: typeof F.nll_loss, optimizer: optim.Optimizer, train_loader: any) {
    model.train();
    let batch_idx = 0;
    for (let [X_train, y_train] of train_loader) {
      // Move to device
      [X_train, y_train] = [X_train.to(device), y_train.to(device)];
      // Initialize gradients
      optimizer.zero_grad();
      // Predict on current batch of data
      const y_hat = model(X_train);
      // Calculate Average Loss
      const loss = lossFn(y_hat, y_train);
      // Calculate Gradients
      loss.backward();
      // Update model parameters using SGC
      optimizer.step();
      if (args["print-loss"]) console.log(`loss[${epoch_now},${batch_idx}] = ${loss.item()}`); // port
      if (batch_idx % log_frequency === 0) {
        console.log(`Train  ${batch_idx * X_train.size(0)}/${TrainLen} Loss:${loss.item()}\n`);
        train_losses.push(loss.item());
      }
      if (++batch_idx >= max_batches) break; // port
    }
  }

  const test_losses: number[] = [];
  function test(model: nn.Module, lossFn: typeof F.nll_loss, test_loader: any): Tensor {
    model.eval();
    let test_loss = 0;
    let correct = 0 as Tensor | number;
    let seen = 0; // port: --max-batches
    torch.no_grad(() => {
      for (let [X_test, y_test] of test_loader) {
        [X_test, y_test] = [X_test.to(device), y_test.to(device)];
        const y_hat = model(X_test);
        test_loss += lossFn(y_hat, y_test).item();
        const pred = y_hat.data.max(1, { keepdim: true })[1];
        correct = pred.eq(y_test.data.view_as(pred)).sum().add(correct);
        if (++seen >= max_batches) break;
      }
    });
    test_loss /= len(test_loader.dataset);
    test_losses.push(test_loss);
    const accuracy = torch.mul(correct as Tensor, 100.0).div(len(test_loader.dataset));
    console.log(`\nTest set: Avg. loss: ${test_loss.toFixed(4)}, Accuracy: ${accuracy.item()} %\n`);
    return (accuracy);
  }

  const test_accuracy: Tensor[] = [];
  test_accuracy.push(test(nnModel, lossFn, test_loader));
  for (let epoch = 1; epoch < n_epochs + 1; epoch++) {
    epoch_now = epoch;
    const start = performance.now(); // port: timings
    train(nnModel, lossFn, optimizer, train_loader);
    console.log(`(epoch ${epoch}: train ${((performance.now() - start) / 1000).toFixed(2)} s, RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB)`); // port
    test_accuracy.push(test(nnModel, lossFn, test_loader));
  }

  // Train and Accuracy Plots
  fig = plt.figure("003_losses", { figsize: [10, 8], dpi: 60 });
  let x = range(0, log_frequency * train_losses.length * batch_size_train, log_frequency * batch_size_train);
  plt.plot(x, train_losses, { color: "blue" });
  x = range(0, TrainLen * test_losses.length, TrainLen);
  plt.plot(x, test_losses, "r*");
  plt.plot(x, test_accuracy.map((a) => a.item() / 100.0), "g*-");
  plt.legend(["Train Loss", "Test Loss", "Accuracy Probability"], { loc: "upper right" });
  plt.xlabel("number of training examples seen");
  plt.ylabel("negative log likelihood loss");
  plt.show(); // port

  // Sample Test Predictions
  let output!: Tensor;
  torch.no_grad(() => {
    output = nnModel(example_X.to(device));
  });

  fig = plt.figure("003_predictions", { figsize: [10, 8], dpi: 60 });
  for (let i = 0; i < 16; i++) {
    plt.subplot(4, 4, i + 1);
    plt.tight_layout();
    plt.imshow(example_X.index(i, 0), { cmap: "gray" });
    plt.title(`Prediction: ${
      output.data.max(1, { keepdim: true })[1].index(i).item()}`);
    plt.xticks([]);
    plt.yticks([]);
  }
  void fig;
  plt.show(); // port
  return test_accuracy.map((a) => a.item());
}

/** Python's len(). */
function len(x: unknown): number { return (x as { length: number }).length; }

/** Python's range(start, stop, step) as an array. */
function range(start: number, stop: number, step: number): number[] {
  const out: number[] = [];
  for (let v = start; step > 0 ? v < stop : v > stop; v += step) out.push(v);
  return out;
}

if (require.main === module) main();
