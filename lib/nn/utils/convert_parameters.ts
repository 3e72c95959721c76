// torch.nn.utils.convert_parameters: parameters_to_vector, vector_to_parameters.
import { Tensor } from "../../tensor";
import { op } from "../_ops";

export function parameters_to_vector(parameters: Iterable<Tensor>): Tensor {
  const vec: Tensor[] = [];
  for (const p of parameters) vec.push(p.view(-1));
  return op("cat", vec);
}

export function vector_to_parameters(vec: Tensor, parameters: Iterable<Tensor>): void {
  if (!(vec instanceof Tensor)) throw new TypeError(`expected torch.Tensor, but got: ${typeof vec}`);
  let pointer = 0;
  for (const p of parameters) {
    const n = p.numel();
    // Python rebinds param.data to a view of vec.
    p.data = vec.index(`${pointer}:${pointer + n}`).view_as(p).data;
    pointer += n;
  }
}
