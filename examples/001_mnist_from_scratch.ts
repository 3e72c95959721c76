// Tutorial 001, "Implementing an MNIST Classifier From Scratch": the mnist_png folders of PNG
// files, stacked into tensors and divided by 255, labels from the folder names, DataLoaders,
// softmax / log likelihood / cross entropy worked by hand, a BasicOptim (p.data -= p.grad.data
// * lr), a train/validate loop, then an MNISTLearner class with a per-epoch table and timings,
// and a deeper network. Ported line by line from the notebook in the tutorial's text; fastai's
// few helpers it uses (untar_data, Path.ls, tensor, first, DataLoaders, show_image) are
// written out below in a few lines each. "port:" marks what a script needs that a notebook
// does not.
//
//   npx tsx examples/001_mnist_from_scratch.ts [--epochs 40] [--lr 0.001] [--lr-deep 0.005] ...
import fs from "node:fs";
import path from "node:path";
import yargs from "yargs";
import torch, { nn, Tensor } from "torch-node";
import F from "torch-node/nn/functional";
import { DataLoader } from "torch-node/utils/data";
import { Image } from "torch-node/torchvision";
import { MNIST } from "torch-node/torchvision/datasets";
import plt from "torch-node/pyplot";

export function parse_args(argv: string[]) {
  return yargs(argv)
    .scriptName("001_mnist_from_scratch")
    .usage("$0: tutorial 001, an MNIST classifier from scratch on folders of PNG files")
    .options({
      epochs: { type: "number", default: 40, describe: "epochs of each training run" },
      "batch-size": { type: "number", default: 256, describe: "DataLoader batch_size" },
      lr: { type: "number", default: 0.001, describe: "learning rate of the 784-30-10 runs" },
      "lr-deep": { type: "number", default: 0.005, describe: "learning rate of the 784-392-30-10 run" },
      device: { type: "string", default: "cpu", describe: "the tutorial trains on the CPU" },
      data: { type: "string", default: "data/", describe: "where mnist_png/ is (made once from MNIST if missing)" },
      out: { type: "string", default: "out/", describe: "where the plots go" },
      seed: { type: "number", default: 0, describe: "torch.manual_seed (the tutorial sets none)" },
      "max-batches": { type: "number", describe: "stop each pass after this many batches (quick runs)" },
      "print-loss": { type: "boolean", default: false, describe: "print every training batch's loss" },
    })
    .strict()
    .help()
    .parseSync();
}

// ---- fastai's helpers, as the notebook uses them ------------------------------------------
/** untar_data(URLs.MNIST): the mnist_png folders. Made once from the MNIST files (offline). */
function untar_data(root: string): string {
  const dest = path.join(root, "mnist_png");
  if (fs.existsSync(path.join(dest, "testing", "9"))) return dest;
  console.log(`writing ${dest}/{training,testing}/<digit>/<index>.png from MNIST (once)`);
  for (const [split, train] of [["training", true], ["testing", false]] as const) {
    const ds = new MNIST({ root, train, download: true });
    const pixels = ds.data.numpy().data as Uint8Array;
    const labels = ds.targets.tolist() as number[];
    for (let d = 0; d < 10; d++) fs.mkdirSync(path.join(dest + ".partial", split, String(d)), { recursive: true });
    labels.forEach((label, i) => {
      const img = new Image("L", [28, 28], pixels.slice(i * 784, (i + 1) * 784));
      img.save(path.join(dest + ".partial", split, String(label), `${i}.png`));
    });
  }
  fs.renameSync(dest + ".partial", dest);
  return dest;
}
/** Path.ls(): the entries of a folder, in the order the file system lists them. */
const ls = (p: string) => fs.readdirSync(p).map((f) => path.join(p, f));
const sorted = (a: string[]) => [...a].sort();
/** fastai's tensor(): an image's pixels, or a list of numbers (or 0-d tensors). */
function tensor(x: Image | (number | Tensor)[]): Tensor {
  if (x instanceof Image) return x.tensor();
  return torch.tensor(x.map((v) => (v instanceof Tensor ? (v.item() as number) : v)));
}
/** first(dl): the first batch. */
function first<T>(it: Iterable<T>): T { for (const x of it) return x; throw new Error("empty"); }
class DataLoaders {
  constructor(public train: DataLoader, public valid: DataLoader) {}
  one_batch() { return first(this.train); }
}
/** Python's len() and list indexing (negative indices count from the end). */
const len = (x: unknown): number => (x as { length: number }).length;
const at = (list: unknown, i: number): any => (list as any[]).at(i);
const zip = <A, B>(a: A[], b: B[]): [A, B][] => a.map((x, i) => [x, b[i]]);
/** Python's round(x, n) printed as Python prints floats. */
const round = (x: number, n: number) => Number(x.toFixed(n));
const pystr = (x: number) => (Number.isInteger(x) ? x.toFixed(1) : String(x));

export function main(argv: string[] = process.argv.slice(2)) {
  const args = parse_args(argv);
  const max_batches = args["max-batches"] ?? Infinity; // port: quick runs
  torch.manual_seed(args.seed); // port: the tutorial runs unseeded
  plt.rcParams["savefig.directory"] = args.out; // port: plt.show() writes PNG files here
  fs.mkdirSync(args.out, { recursive: true }); // port
  let shown = 0; // port: file names of the shown images
  /** fastai's show_image: one small figure per image, axis off ('Greys': dark ink on white). */
  function show_image(im: Tensor) {
    if (im.dim() === 3 && im.shape[0] < 5) im = im.permute(1, 2, 0);
    if (im.shape[im.dim() - 1] === 1) im = im.index("...", 0);
    const [, ax] = plt.subplots({ figsize: [1, 1], num: `001_image_${++shown}` });
    ax.imshow(im, { cmap: "Greys" });
    ax.axis("off");
    plt.show(); // port
  }

  // Load and Prep Data
  const mnist = untar_data(args.data);
  console.log(ls(mnist));

  // Independent Variable: Images
  console.log(ls(path.join(mnist, "training")));
  let training_files_nested = sorted(ls(path.join(mnist, "training"))).map((p) => ls(p));
  console.log(training_files_nested[0].slice(0, 5));
  console.log(training_files_nested[1].slice(0, 5));
  console.log(training_files_nested[9].slice(0, 5));
  console.log(training_files_nested.length);
  let validation_files_nested = sorted(ls(path.join(mnist, "testing"))).map((p) => ls(p));
  console.log(validation_files_nested[0].slice(0, 5));
  console.log(validation_files_nested[9].slice(0, 5));
  console.log(validation_files_nested.length);

  const training_files = training_files_nested.flat();
  const validation_files = validation_files_nested.flat();
  training_files_nested = validation_files_nested = [];
  console.log(training_files.length, validation_files.length);

  // this should be an image of a handwritten zero
  show_image(tensor(Image.open(training_files[0])));
  // this should be an image of a handwritten nine
  show_image(tensor(Image.open(training_files.at(-1)!)));
  // this should be an image of a handwritten zero
  show_image(tensor(Image.open(validation_files[0])));
  // this should be an image of a handwritten nine
  show_image(tensor(Image.open(validation_files.at(-1)!)));

  let start = performance.now(); // port: timings
  let train_x = torch.stack(training_files.map((o) => tensor(Image.open(o)))).float().div(255);
  console.log(train_x.shape);
  let valid_x = torch.stack(validation_files.map((o) => tensor(Image.open(o)))).float().div(255);
  console.log(valid_x.shape);
  console.log(`(read ${training_files.length + validation_files.length} PNG files in ${((performance.now() - start) / 1000).toFixed(1)} s)`); // port

  // this should be a zero
  show_image(train_x.index(0));
  // this should be a nine
  show_image(train_x.index(-1));
  // this should be a zero
  show_image(valid_x.index(0));
  // this should be a nine
  show_image(valid_x.index(-1));

  train_x = train_x.view(-1, 28 * 28);
  console.log(train_x.shape);
  valid_x = valid_x.view(-1, 28 * 28);
  console.log(valid_x.shape);

  // Dependent Variable: Labels
  const training_labels = training_files.map((p) => Number(p.split(path.sep).at(-2)));
  console.log(training_labels[0], training_labels.at(-1));
  const validation_labels = validation_files.map((p) => Number(p.split(path.sep).at(-2)));
  console.log(validation_labels[0], validation_labels.at(-1));
  const train_y = tensor(training_labels).unsqueeze(1);
  console.log(train_y.shape);
  const valid_y = tensor(validation_labels).unsqueeze(1);
  console.log(valid_y.shape);

  const dset = zip(train_x.unbind(), train_y.unbind());
  let [x, y] = dset[0];
  console.log(x.shape, y);
  const valid_dset = zip(valid_x.unbind(), valid_y.unbind());
  [x, y] = valid_dset[0];
  console.log(x.shape, y);
  let dl = new DataLoader(dset, { batch_size: args["batch-size"] });
  let [xb, yb] = first(dl);
  console.log(xb.shape, yb.shape);
  let valid_dl = new DataLoader(valid_dset, { batch_size: args["batch-size"] });
  const [valid_xb, valid_yb] = first(valid_dl);
  console.log(valid_xb.shape, valid_yb.shape);
  let dls = new DataLoaders(dl, valid_dl);
  console.log(len(dls.train.dataset), len(dls.valid.dataset));

  // Cross-Entropy Loss
  [x, y] = dls.one_batch();
  console.log(y.index(":10"));
  dl = new DataLoader(dset, { batch_size: args["batch-size"], shuffle: true });
  [xb, yb] = first(dl);
  console.log(yb.index(":10"));
  valid_dl = new DataLoader(valid_dset, { batch_size: args["batch-size"], shuffle: true });
  console.log(first(valid_dl)[1].index(":10"));
  dls = new DataLoaders(dl, valid_dl);
  console.log(len(dls.train.dataset), len(dls.valid.dataset));
  [x, y] = dls.one_batch();
  console.log(y.index(":10"));

  // Softmax
  torch.manual_seed(42);
  let acts = torch.randn([6, 2]).mul(2);
  console.log(acts);
  console.log(acts.sigmoid());
  console.log(acts.index(":", 0).sub(acts.index(":", 1)).sigmoid());
  function softmax(x: Tensor) { return torch.exp(x).div(torch.exp(x).sum({ dim: 1, keepdim: true })); }
  let sm_acts = softmax(acts);
  console.log(sm_acts);

  // Log Likelihood
  let targ = tensor([0, 1, 0, 1, 1, 0]);
  const idx = [0, 1, 2, 3, 4, 5]; // range(6)
  console.log(sm_acts.index(idx, targ));
  console.log(sm_acts.index(idx, targ).neg());
  console.log(F.nll_loss(sm_acts, targ, { reduction: "none" }));

  // Taking the log
  function plot_function(f: (x: Tensor) => Tensor, title: string | null = null, min = -2.1, max = 2.1, color = "r", ylim: number[] | null = null) {
    plt.figure("001_log"); // port: names the file
    const x = torch.linspace(min, max, 100).index(":", null);
    if (ylim) plt.ylim(ylim);
    plt.plot(x, f(x), color);
    if (title !== null) plt.title(title);
    plt.show(); // port
  }
  plot_function(torch.log, null, 0, 4);
  console.log(targ);
  console.log(sm_acts);
  console.log(sm_acts.index(idx, targ));
  console.log(torch.log(sm_acts.index(idx, targ)).neg());
  console.log(F.cross_entropy(acts, targ, { reduction: "none" }));
  console.log(new nn.CrossEntropyLoss({ reduction: "none" })(acts, targ));

  // Accuracy for 10 digits
  torch.manual_seed(42);
  acts = torch.randn([6, 10]).mul(2);
  console.log(acts);
  targ = tensor([1, 6, 4, 5, 8, 0]);
  sm_acts = torch.softmax(acts, { dim: 1 });
  console.log(sm_acts);
  console.log(sm_acts.sum({ dim: 1 }));
  console.log(sm_acts.max({ dim: 1 }).indices);
  console.log(sm_acts.max({ dim: 1 }).indices.eq(targ));
  console.log(sm_acts.max({ dim: 1 }).indices.eq(targ).float().mean().item());

  // MNIST Training Loop
  console.log(len(dls.train.dataset), len(dls.valid.dataset));
  [x, y] = first(dls.train);
  console.log(x.shape, y.shape);
  [x, y] = first(dls.valid);
  console.log(x.shape, y.shape);
  // check that the digits are shuffled
  console.log(y.index(":5"));

  // Create Our Model
  let simple_net: nn.Module = new nn.Sequential(
    new nn.Linear(28 * 28, 30),
    new nn.ReLU(),
    new nn.Linear(30, 10),
  );

  // Create a Loss Function
  const mnist_loss = new nn.CrossEntropyLoss();

  let epoch_now = 0, batch_now = 0; // port: --print-loss labels
  function calc_grad(xb: Tensor, yb: Tensor, model: nn.Module) {
    const preds = model(xb);
    // yb has to be a 0- or 1-D tensor
    const loss = mnist_loss(preds, yb.squeeze());
    loss.backward();
    if (args["print-loss"]) console.log(`loss[${epoch_now},${batch_now}] = ${loss.item()}`); // port
  }

  // Create an Optimizer
  class BasicOptim {
    params: Tensor[];
    lr: number;
    constructor(params: Iterable<Tensor>, lr: number) { [this.params, this.lr] = [[...params], lr]; }

    step() {
      for (const p of this.params) p.data.sub_(p.grad!.data.mul(this.lr));
    }

    zero_grad() {
      for (const p of this.params) p.grad = null;
    }
  }
  let lr = 0.1;
  let opt = new BasicOptim(simple_net.parameters(), lr);

  // Create a Function to Train One Epoch
  function train_epoch(model: nn.Module) {
    batch_now = 0; // port
    for (const [xb, yb] of dls.train) {
      calc_grad(xb, yb, model);
      opt.step();
      opt.zero_grad();
      if (++batch_now >= max_batches) break; // port
    }
    epoch_now++; // port
  }

  function batch_accuracy(xb: Tensor, yb: Tensor): number {
    let preds = torch.softmax(xb, { dim: 1 });
    preds = preds.max({ dim: 1 }).indices;
    // squeeze yb so it's the same shape as preds
    return preds.eq(yb.squeeze()).float().mean().item() as number;
  }

  function validate_epoch(model: nn.Module): number {
    const accs: number[] = [];
    for (const [xb, yb] of dls.valid) {
      accs.push(batch_accuracy(model(xb), yb));
      if (accs.length >= max_batches) break; // port
    }
    return round(torch.tensor(accs).mean().item() as number, 4);
  }

  // Train the Model for One Epoch
  // create a fresh model
  simple_net = new nn.Sequential(
    new nn.Linear(28 * 28, 30),
    new nn.ReLU(),
    new nn.Linear(30, 10),
  );
  // create a fresh optimizer
  opt = new BasicOptim(simple_net.parameters(), 0.01);
  // get one batch of the training data
  [xb, yb] = first(dls.train);
  // calculate predictions
  let preds = simple_net(xb);
  console.log(preds.shape);
  // calculate loss
  const loss = mnist_loss(preds, yb.squeeze());
  console.log(loss);
  // calculate gradients
  loss.backward();
  // step the weights
  opt.step();
  opt.zero_grad();
  // calculate accuracy using validation set
  console.log(validate_epoch(simple_net));

  // Create a Function for the Training Loop
  function train_model(model: nn.Module, epochs: number) {
    for (let i = 0; i < epochs; i++) {
      train_epoch(model);
      process.stdout.write(pystr(validate_epoch(model)) + " ");
    }
    process.stdout.write("\n"); // port: the notebook's cell ends the line
  }
  // create a fresh model
  simple_net = new nn.Sequential(
    new nn.Linear(28 * 28, 30),
    new nn.ReLU(),
    new nn.Linear(30, 10),
  );
  // create a fresh optimizer
  opt = new BasicOptim(simple_net.parameters(), args.lr);
  train_model(simple_net, args.epochs);

  for (const [i, want] of [[1, 0], [-1, 9], [5000, 4]]) {
    const test_x: Tensor = at(dls.valid.dataset, i)[0];
    show_image(test_x.view(-1, 28, 28));
    preds = simple_net(test_x);
    preds = torch.softmax(preds, { dim: 0 });
    // this should be `want`
    console.log(`this should be ${want}:`, preds.argmax().item());
  }

  // MNISTLearner Class
  class MNISTLearner {
    dls: DataLoaders;
    model: nn.Module;
    opt_func: any;
    loss_func: nn.Module;
    metric: (xb: Tensor, yb: Tensor) => number;
    loss!: Tensor;
    opt: any;
    lr!: number;
    epochs!: number;
    constructor({ dls, model, opt_func, loss_func, metric }: { dls: DataLoaders; model: nn.Module; opt_func: any; loss_func: nn.Module; metric: (xb: Tensor, yb: Tensor) => number }) {
      this.dls = dls;
      this.model = model;
      this.opt_func = opt_func;
      this.loss_func = loss_func;
      this.metric = metric;
    }

    calc_grad(xb: Tensor, yb: Tensor, model: nn.Module) {
      // calculates loss and gradients
      const preds = this.model(xb);
      const loss = this.loss_func(preds, yb.squeeze());
      // store the loss of each batch
      // later to be averaged across the epoch
      this.loss = torch.cat([this.loss, tensor([loss])]);
      loss.backward();
      void model;
      if (args["print-loss"]) console.log(`loss[${epoch_now},${batch_now}] = ${loss.item()}`); // port
    }

    train_epoch() {
      batch_now = 0; // port
      for (const [xb, yb] of this.dls.train) {
        this.calc_grad(xb, yb, this.model);
        // steps the weights
        this.opt.step();
        // resets gradient to zero
        this.opt.zero_grad();
        if (++batch_now >= max_batches) break; // port
      }
      epoch_now++; // port
    }

    validate_epoch(): number {
      const accs: number[] = [];
      for (const [xb, yb] of this.dls.valid) {
        accs.push(this.metric(this.model(xb), yb));
        if (accs.length >= max_batches) break; // port
      }
      // calculates mean accuracy across validation set
      return round(torch.tensor(accs).mean().item() as number, 4);
    }

    train_model(model: nn.Module, epochs: number) {
      void model; void epochs;
      console.log(`${"Epoch".padEnd(8)}${"Train Loss".padEnd(14)}${this.metric.name.padEnd(16)}${"Time (s)"}`);
      for (let i = 0; i < this.epochs; i++) {
        const start_time = performance.now();
        this.loss = tensor([]);
        this.train_epoch();
        const end_time = round((performance.now() - start_time) / 1000, 4);
        const mean_loss = round(this.loss.mean().item() as number, 4);
        const mean_metric = this.validate_epoch();
        console.log(`${String(i).padEnd(8)}${pystr(mean_loss).padEnd(14)}${pystr(mean_metric).padEnd(16)}${pystr(end_time)}`);
        console.log(`        (RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB)`); // port
      }
    }

    fit(epochs: number, lr: number) {
      this.lr = lr;
      this.epochs = epochs;
      // instantiate optimizer
      this.opt = new this.opt_func(this.model.parameters(), this.lr);
      // run training loop
      this.train_model(this.model, this.epochs);
    }

    predict(x: Tensor): [Tensor, number] {
      let prediction = this.model(x);
      // predictions should add up to 1.
      prediction = torch.softmax(prediction, { dim: 0 });
      // return probability and label
      return [prediction.max(), prediction.argmax().item() as number];
    }
  }
  const tuple = ([p, label]: [Tensor, number]) => `(${p}, ${label})`; // how Python prints the pair

  // create a fresh model
  simple_net = new nn.Sequential(
    new nn.Linear(28 * 28, 30),
    new nn.ReLU(),
    new nn.Linear(30, 10),
  );
  // instantiate MNISTLearner
  let learner = new MNISTLearner({
    dls: dls,
    model: simple_net,
    opt_func: BasicOptim,
    loss_func: new nn.CrossEntropyLoss(),
    metric: batch_accuracy,
  });
  // run training loop for 40 epochs
  learner.fit(args.epochs, args.lr);

  const positions = [0, 1000, 2600, 3600, 4600, 5600, 6600, 7100, 8500, -1];
  positions.forEach((val, digit) => {
    const test_x: Tensor = at(dls.valid.dataset, val)[0];
    show_image(test_x.view(-1, 28, 28));
    // this should be `digit`
    console.log(`this should be ${digit}:`, tuple(learner.predict(test_x)));
  });

  // Improving the Model
  // create a fresh model
  simple_net = new nn.Sequential(
    new nn.Linear(28 * 28, 392),
    new nn.ReLU(),
    new nn.Linear(392, 30),
    new nn.ReLU(),
    new nn.Linear(30, 10),
  );
  // instantiate MNISTLearner
  learner = new MNISTLearner({
    dls: dls,
    model: simple_net,
    opt_func: BasicOptim,
    loss_func: new nn.CrossEntropyLoss(),
    metric: batch_accuracy,
  });
  // run training loop for 40 epochs
  learner.fit(args.epochs, args["lr-deep"]);

  const actuals = [...Array(10).keys()];
  let correct = 0; // port: the summary below
  positions.forEach((val, idx) => {
    const test_x: Tensor = at(dls.valid.dataset, val)[0];
    const p = learner.predict(test_x);
    if (p[1] === actuals[idx]) correct++;
    console.log(`${"Actual:".padEnd(8)}${String(actuals[idx]).padEnd(4)} ${"Prediction: ".padEnd(12)}${tuple(p)}`);
  });
  return { final_accuracy: learner.validate_epoch(), manual_correct: correct };
}

if (require.main === module) main();
