// C++ side of scripts/bench/instructions.ts: the same ops straight on ATen, the floor the
// Node and Python counts are measured against. Built by instructions.ts against the libtorch
// the reference Python ships.
//   instructions <n1> <n2> <warm> <op>...
// For each op: warm calls, getppid(), n1 calls, getppid(), n2 calls, getppid(). callgrind
// --dump-before=getppid cuts a dump at each marker, so the windows of n1 and n2 calls are
// counted apart and their difference is free of the loop's fixed cost.
#include <ATen/ATen.h>
#include <ATen/TensorIndexing.h>
#include <ATen/Parallel.h>
#include <unistd.h>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <string>

int main(int argc, char** argv) {
  if (argc < 5) { std::fprintf(stderr, "usage: %s n1 n2 warm op...\n", argv[0]); return 2; }
  const long n1 = std::atol(argv[1]), n2 = std::atol(argv[2]), warm = std::atol(argv[3]);
  at::set_num_threads(1);
  at::Tensor a = at::rand({4}), b = at::rand({4}), c = at::rand({4}), s = at::rand({1});
  at::Tensor m = at::rand({4, 4}), w = at::rand({4, 4}), bias = at::rand({4});
  // The module's parameters require grad, as nn.Linear's do: autograd records the call.
  at::Tensor pw = at::rand({4, 4}).set_requires_grad(true), pb = at::rand({4}).set_requires_grad(true);
  // Results are dropped, as in the Node and Python loops; volatile keeps item() from going.
  volatile double sink = 0;
  using at::indexing::Slice;
  std::map<std::string, std::function<void()>> ops = {
    {"add", [&] { a.add(b); }},
    {"add_", [&] { c.add_(b); }},
    {"mul_scalar", [&] { a.mul(2); }},
    {"sum", [&] { a.sum(); }},
    {"item", [&] { sink = sink + s.item<double>(); }},
    {"relu", [&] { a.relu(); }},
    {"matmul", [&] { m.matmul(m); }},
    {"index_slice", [&] { a.index({Slice(1, 3)}); }},
    // A module call is the same ATen call here: C++ has no module layer on this path.
    {"linear", [&] { at::linear(a, w, bias); }},
    {"module", [&] { at::linear(a, w, bias); }},
  };
  for (int i = 4; i < argc; i++) {
    auto it = ops.find(argv[i]);
    if (it == ops.end()) { std::fprintf(stderr, "unknown op %s\n", argv[i]); return 2; }
    auto& f = it->second;
    for (long k = 0; k < warm; k++) f();
    c.zero_();
    getppid();
    for (long k = 0; k < n1; k++) f();
    getppid();
    for (long k = 0; k < n2; k++) f();
    getppid();
  }
  std::printf("%g\n", (double)sink);
  return 0;
}
