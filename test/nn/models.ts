// The tutorials' models (000, 002, 003, 004), as their ports declare them; shared by the
// nn and optim tests, which compare them with the same models built in Python.
import { nn, Tensor } from "../../lib/index";
import F from "../../lib/nn/functional";

export class MnistModel extends nn.Module {
  linear = new nn.Linear(784, 10);
  forward(xb: Tensor) { return this.linear(xb.reshape(-1, 784)); }
}
export class SimpleMLP extends nn.Module {
  flatten = new nn.Flatten();
  fc1 = new nn.Linear(28 * 28, 256);
  relu1 = new nn.ReLU();
  fc2 = new nn.Linear(256, 128);
  relu2 = new nn.ReLU();
  fc3 = new nn.Linear(128, 10);
  forward(x: Tensor) { return this.fc3(this.relu2(this.fc2(this.relu1(this.fc1(this.flatten(x)))))); }
}
export class SimpleCNN extends nn.Module {
  conv1 = new nn.Conv2d({ in_channels: 1, out_channels: 32, kernel_size: 3, padding: 1 });
  relu1 = new nn.ReLU();
  pool1 = new nn.MaxPool2d({ kernel_size: 2, stride: 2 });
  conv2 = new nn.Conv2d({ in_channels: 32, out_channels: 64, kernel_size: 3, padding: 1 });
  relu2 = new nn.ReLU();
  pool2 = new nn.MaxPool2d({ kernel_size: 2, stride: 2 });
  fc1 = new nn.Linear(64 * 7 * 7, 128);
  relu3 = new nn.ReLU();
  fc2 = new nn.Linear(128, 10);
}
export class Model003 extends nn.Module {
  conv1 = new nn.Conv2d({ in_channels: 1, out_channels: 32, kernel_size: 5 });
  conv2 = new nn.Conv2d(32, 16, 3);
  fc1 = new nn.Linear(400, 100);
  fc2 = new nn.Linear(100, 10);
  forward(x: Tensor) {
    x = F.relu(F.max_pool2d(this.conv1(x), 2));
    x = F.relu(F.max_pool2d(this.conv2(x), 2));
    x = x.view(-1, 400);
    x = F.relu(this.fc1(x));
    x = F.dropout(x, { training: this.training });
    x = this.fc2(x);
    return F.log_softmax(x, { dim: 1 });
  }
}
export class NeuralNet004 extends nn.Module {
  input_size: number;
  l1: nn.Linear; relu: nn.ReLU; l2: nn.Linear; l3: nn.Linear;
  constructor(input_size: number, hidden1: number, hidden2: number, num_classes: number) {
    super();
    this.input_size = input_size;
    this.l1 = new nn.Linear(input_size, hidden1);
    this.relu = new nn.ReLU();
    this.l2 = new nn.Linear(hidden1, hidden2);
    this.l3 = new nn.Linear(hidden2, num_classes);
  }
}
