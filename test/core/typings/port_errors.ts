// Misuse that the typings must reject: each @ts-expect-error below must meet an error,
// or the compiler reports the directive as unused (typings.test.ts and tsc both check).
import torch from "../../../lib/index";

const x = torch.zeros(2, 3);
// @ts-expect-error unknown keyword
x.sum({ dimm: 1 });
// @ts-expect-error item() is a number
const s: string = x.sum().item();
// @ts-expect-error dim is a number
torch.softmax(x, "1");
// @ts-expect-error values missing
x.index_put_(0);
// @ts-expect-error no_grad takes a function
torch.no_grad(5);
// @ts-expect-error sizes are numbers
x.view("a");
// @ts-expect-error indices is a Tensor
const t: number = torch.max(x, 1).indices;
// @ts-expect-error out= is a function's keyword: Python's methods refuse it
x.add(x, { out: x });
// @ts-expect-error max(dim) has two outputs: out is a list of tensors
torch.max(x, 1, { out: x });
// @ts-expect-error dropout has no out= form
torch.dropout(x, 0.5, true, { out: x });
void [s, t];
