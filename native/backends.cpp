// torch.backends: libtorch's global switches (cuDNN, TF32, oneDNN, determinism) and what
// the build has (OpenMP, MKL, LAPACK, oneDNN). backendsGet(name) / backendsSet(name, value).
#include "common.h"

#include <ATen/Context.h>
#include <ATen/detail/CUDAHooksInterface.h>

namespace tn {

static Napi::Value BackendsGet(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  TN_TRY
  auto& c = at::globalContext();
  const std::string n = to_string(info[0]);
  auto b = [&](bool v) { return Napi::Boolean::New(env, v); };
  if (n == "cudnn_enabled") return b(c.userEnabledCuDNN());
  if (n == "cudnn_benchmark") return b(c.benchmarkCuDNN());
  if (n == "cudnn_deterministic") return b(c.deterministicCuDNN());
  if (n == "cudnn_allow_tf32") return b(c.allowTF32CuDNN());
  if (n == "matmul_allow_tf32") return b(c.allowTF32CuBLAS());
  if (n == "mkldnn_enabled") return b(c.userEnabledMkldnn());
  if (n == "deterministic_algorithms") return b(c.deterministicAlgorithms());
  if (n == "deterministic_warn_only") return b(c.deterministicAlgorithmsWarnOnly());
  if (n == "has_openmp") return b(at::hasOpenMP());
  if (n == "has_mkl") return b(at::hasMKL());
  if (n == "has_lapack") return b(at::hasLAPACK());
  if (n == "has_mkldnn") return b(at::hasMKLDNN());
  if (n == "cudnn_version") {
    // 0 where libtorch has no CUDA (or no cuDNN): Python's cudnn.version() is then None.
    auto& hooks = at::detail::getCUDAHooks();
    if (!hooks.hasCUDA() || !hooks.hasCuDNN()) return Napi::Number::New(env, 0);
    return Napi::Number::New(env, static_cast<double>(hooks.versionCuDNN()));
  }
  if (n == "float32_matmul_precision") {
    switch (c.float32MatmulPrecision()) {
      case at::Float32MatmulPrecision::HIGHEST: return Napi::String::New(env, "highest");
      case at::Float32MatmulPrecision::HIGH: return Napi::String::New(env, "high");
      case at::Float32MatmulPrecision::MEDIUM: return Napi::String::New(env, "medium");
    }
  }
  throw_js(env, "unknown backend flag " + n);
  TN_CATCH(env)
}

static Napi::Value BackendsSet(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  TN_TRY
  auto& c = at::globalContext();
  const std::string n = to_string(info[0]);
  if (n == "cudnn_version") {
    // 0 where libtorch has no CUDA (or no cuDNN): Python's cudnn.version() is then None.
    auto& hooks = at::detail::getCUDAHooks();
    if (!hooks.hasCUDA() || !hooks.hasCuDNN()) return Napi::Number::New(env, 0);
    return Napi::Number::New(env, static_cast<double>(hooks.versionCuDNN()));
  }
  if (n == "float32_matmul_precision") {
    c.setFloat32MatmulPrecision(to_string(info[1]));
    return env.Undefined();
  }
  bool v = to_bool(info[1]);
  if (n == "cudnn_enabled") c.setUserEnabledCuDNN(v);
  else if (n == "cudnn_benchmark") c.setBenchmarkCuDNN(v);
  else if (n == "cudnn_deterministic") c.setDeterministicCuDNN(v);
  else if (n == "cudnn_allow_tf32") c.setAllowTF32CuDNN(v);
  else if (n == "matmul_allow_tf32") c.setAllowTF32CuBLAS(v);
  else if (n == "mkldnn_enabled") c.setUserEnabledMkldnn(v);
  else if (n == "deterministic_algorithms") c.setDeterministicAlgorithms(v, info.Length() > 2 && to_bool(info[2]));
  else throw_js(env, "unknown backend flag " + n);
  TN_CATCH(env)
  return env.Undefined();
}

void register_backends(Napi::Env env, Napi::Object exports) {
  exports.Set("backendsGet", Napi::Function::New(env, BackendsGet));
  exports.Set("backendsSet", Napi::Function::New(env, BackendsSet));
}

}  // namespace tn
