// Debian's libtorch-dev 1.13 leaves out the distributed autograd headers that c10d's
// reducer.hpp includes; the Reducer names only these two types (a pointer and a callback
// type), so they are declared here. Searched after libtorch's own headers: where libtorch
// ships the real one, that one is used.
#pragma once
#include <ATen/core/Tensor.h>
#include <functional>
#include <memory>

namespace torch { namespace distributed { namespace autograd {
class DistAutogradContext {
 public:
  using GradCallback = std::function<bool(at::Tensor&)>;
};
using ContextPtr = std::shared_ptr<DistAutogradContext>;
}}}  // namespace torch::distributed::autograd
