// torch.cuda's natives. No CUDA header is included, so this builds against a
// CPU-only libtorch too: queries go through interfaces every libtorch has (the
// CUDA hooks, the device guard registry, the device allocator), which
// libtorch_cuda fills in when it is loaded, and through the CUDA driver API
// opened at run time for what only the driver knows (device names).
#include "common.h"

#include <ATen/Context.h>
#include <ATen/core/Generator.h>
#include <ATen/detail/CUDAHooksInterface.h>
#include <c10/core/impl/DeviceGuardImplInterface.h>
#include "version.h"

#include <dlfcn.h>
#include <mutex>

// c10::DeviceAllocator (memory stats and empty_cache for any device type) is
// recent (2.9+); where this libtorch lacks it, the forward declaration below
// stays incomplete and the code that needs it is discarded at compile time.
#if __has_include(<c10/core/CachingDeviceAllocator.h>)
#include <c10/core/CachingDeviceAllocator.h>
#endif
#include <c10/core/Allocator.h>
#include <type_traits>

namespace c10 { struct DeviceAllocator; }

namespace tn {

#define NATIVE(name) static Napi::Value name(const Napi::CallbackInfo& info)
#define BEGIN auto env = info.Env(); TN_TRY
#define END TN_CATCH(env) return env.Undefined();

static const c10::impl::DeviceGuardImplInterface* cuda_guard() {
  return c10::impl::getDeviceGuardImpl(c10::DeviceType::CUDA);
}

// ---- the driver API, opened on first use ----------------------------------------
struct Driver {
  using CUresult = int;
  CUresult (*cuInit)(unsigned) = nullptr;
  CUresult (*cuDeviceGet)(int*, int) = nullptr;
  CUresult (*cuDeviceGetName)(char*, int, int) = nullptr;
  CUresult (*cuDeviceGetAttribute)(int*, int, int) = nullptr;
  bool ok = false;
};
static const Driver& driver() {
  static Driver d = [] {
    Driver r;
    void* h = dlopen("libcuda.so.1", RTLD_NOW | RTLD_GLOBAL);
    if (!h) return r;
    r.cuInit = reinterpret_cast<decltype(r.cuInit)>(dlsym(h, "cuInit"));
    r.cuDeviceGet = reinterpret_cast<decltype(r.cuDeviceGet)>(dlsym(h, "cuDeviceGet"));
    r.cuDeviceGetName = reinterpret_cast<decltype(r.cuDeviceGetName)>(dlsym(h, "cuDeviceGetName"));
    r.cuDeviceGetAttribute = reinterpret_cast<decltype(r.cuDeviceGetAttribute)>(dlsym(h, "cuDeviceGetAttribute"));
    r.ok = r.cuInit && r.cuDeviceGet && r.cuDeviceGetName && r.cuDeviceGetAttribute && r.cuInit(0) == 0;
    return r;
  }();
  return d;
}
static int driver_device(int index) {
  const Driver& d = driver();
  TORCH_CHECK(d.ok, "CUDA driver (libcuda.so.1) could not be loaded or initialized");
  int dev = 0;
  TORCH_CHECK(d.cuDeviceGet(&dev, index) == 0, "Invalid device id");
  return dev;
}

// deviceParse(string): [type, index or null], parsed by c10::Device as Python's
// torch.device does, so the errors are libtorch's own.
NATIVE(DeviceParse) {
  BEGIN
  c10::Device d(to_string(info[0]));
  auto out = Napi::Array::New(env, 2);
  out.Set(0u, Napi::String::New(env, c10::DeviceTypeName(d.type(), /*lower_case=*/true)));
  out.Set(1u, d.has_index() ? Napi::Value(Napi::Number::New(env, d.index())) : env.Null());
  return out;
  END
}

// cudaIsCompiled(): libtorch_cuda is loaded (Python: hasattr(torch._C, '_cuda_getDeviceCount')).
NATIVE(CudaIsCompiled) { return Napi::Boolean::New(info.Env(), c10::impl::hasDeviceGuardImpl(c10::DeviceType::CUDA)); }

NATIVE(CudaInit) {
  BEGIN
  TN_LAZY_INIT_CUDA();
  END
}

NATIVE(CudaCurrentDevice) {
  BEGIN
  return Napi::Number::New(env, cuda_guard()->getDevice().index());
  END
}

NATIVE(CudaSetDevice) {
  BEGIN
  cuda_guard()->setDevice(c10::Device(c10::DeviceType::CUDA, static_cast<c10::DeviceIndex>(to_int(info[0]))));
  END
}

// cudaSynchronize(index): cudaDeviceSynchronize on that device.
NATIVE(CudaSynchronize) {
  BEGIN
  at::detail::getCUDAHooks().deviceSynchronize(static_cast<c10::DeviceIndex>(to_int(info[0])));
  END
}

// cudaManualSeed(index, seed): seeds that device's default generator (seed as
// torch.Generator.manual_seed takes it: a uint64, negatives wrapped).
NATIVE(CudaManualSeed) {
  BEGIN
  auto index = static_cast<c10::DeviceIndex>(to_int(info[0]));
  uint64_t seed;
  if (info[1].IsBigInt()) {
    bool lossless;
    seed = info[1].As<Napi::BigInt>().Uint64Value(&lossless);
  } else {
    double d = to_double(info[1]);
    seed = d < 0 ? static_cast<uint64_t>(static_cast<int64_t>(d)) : static_cast<uint64_t>(d);
  }
  at::Generator g = at::globalContext().defaultGenerator(c10::Device(c10::DeviceType::CUDA, index));
  std::lock_guard<std::mutex> lock(g.mutex());
  g.set_current_seed(seed);
  END
}

NATIVE(CudaGetDeviceName) {
  BEGIN
  int dev = driver_device(static_cast<int>(to_int(info[0])));
  char name[256] = {0};
  TORCH_CHECK(driver().cuDeviceGetName(name, sizeof(name) - 1, dev) == 0, "cuDeviceGetName failed");
  return Napi::String::New(env, name);
  END
}

// cudaGetDeviceCapability(index): [major, minor].
NATIVE(CudaGetDeviceCapability) {
  BEGIN
  int dev = driver_device(static_cast<int>(to_int(info[0])));
  int major = 0, minor = 0;
  // CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR / _MINOR
  TORCH_CHECK(driver().cuDeviceGetAttribute(&major, 75, dev) == 0 && driver().cuDeviceGetAttribute(&minor, 76, dev) == 0,
              "cuDeviceGetAttribute failed");
  auto out = Napi::Array::New(env, 2);
  out.Set(0u, Napi::Number::New(env, major));
  out.Set(1u, Napi::Number::New(env, minor));
  return out;
  END
}

template <typename T, typename = void> struct is_complete : std::false_type {};
template <typename T> struct is_complete<T, std::void_t<decltype(sizeof(T))>> : std::true_type {};

// CUDA's caching allocator seen as a c10::DeviceAllocator, as
// c10::getDeviceAllocator does; nullptr where this libtorch has no such interface.
template <typename A = c10::DeviceAllocator>
static A* cuda_allocator() {
  if constexpr (is_complete<A>::value) return dynamic_cast<A*>(c10::GetAllocator(c10::DeviceType::CUDA));
  else return nullptr;
}

// cudaMemoryStats(index): [allocated, peak allocated, reserved, peak reserved]
// bytes, all pools; null when the caching allocator has not started (Python
// then reports an empty dict); a JS Error on a libtorch without DeviceAllocator.
template <typename A = c10::DeviceAllocator>
static Napi::Value memory_stats(Napi::Env env, c10::DeviceIndex index) {
  A* a = cuda_allocator<A>();
  TORCH_CHECK(a != nullptr, "torch.cuda memory statistics need a libtorch with c10::DeviceAllocator (2.9 or later)");
  if constexpr (is_complete<A>::value) {
    if (!a->initialized()) return env.Null();
    auto s = a->getDeviceStats(index);
    constexpr size_t all = 0;  // StatType::AGGREGATE
    auto out = Napi::Array::New(env, 4);
    out.Set(0u, Napi::Number::New(env, static_cast<double>(s.allocated_bytes[all].current)));
    out.Set(1u, Napi::Number::New(env, static_cast<double>(s.allocated_bytes[all].peak)));
    out.Set(2u, Napi::Number::New(env, static_cast<double>(s.reserved_bytes[all].current)));
    out.Set(3u, Napi::Number::New(env, static_cast<double>(s.reserved_bytes[all].peak)));
    return out;
  }
  return env.Null();
}
NATIVE(CudaMemoryStats) {
  BEGIN
  return memory_stats(env, static_cast<c10::DeviceIndex>(to_int(info[0])));
  END
}

// cudaEmptyCache(): releases the caching allocator's unused blocks. Without
// c10::DeviceAllocator there is no interface outside c10_cuda's headers: nothing
// is released (it is a cache: results are unaffected).
template <typename A = c10::DeviceAllocator>
static void empty_cache() {
  if constexpr (is_complete<A>::value) {
    if (A* a = cuda_allocator<A>(); a != nullptr && a->initialized()) a->emptyCache();
  }
}
NATIVE(CudaEmptyCache) {
  BEGIN
  empty_cache();
  END
}

void register_cuda(Napi::Env env, Napi::Object exports) {
#define REG(js, fn) exports.Set(js, Napi::Function::New(env, fn, js))
  REG("cudaIsCompiled", CudaIsCompiled);
  REG("cudaInit", CudaInit);
  REG("cudaCurrentDevice", CudaCurrentDevice);
  REG("cudaSetDevice", CudaSetDevice);
  REG("cudaSynchronize", CudaSynchronize);
  REG("cudaManualSeed", CudaManualSeed);
  REG("cudaGetDeviceName", CudaGetDeviceName);
  REG("cudaGetDeviceCapability", CudaGetDeviceCapability);
  REG("cudaMemoryStats", CudaMemoryStats);
  REG("cudaEmptyCache", CudaEmptyCache);
  REG("deviceParse", DeviceParse);
#undef REG
}

}  // namespace tn
