// Shared by every native file: the tensor handle table, the error guard and the
// argument converters that the generated op glue (ops.gen.cpp) calls.
#pragma once

#include <napi.h>
#include <v8.h>
#include <ATen/core/Tensor.h>
#include <ATen/core/Generator.h>
#include <ATen/core/List.h>
#include <c10/core/Scalar.h>
#include <c10/core/ScalarType.h>
#include <c10/core/Device.h>
#include <c10/core/MemoryFormat.h>
#include <c10/util/Exception.h>
#include <c10/util/OptionalArrayRef.h>
#include <c10/util/MaybeOwned.h>

#include <cstring>
#include <string>
#include <vector>
#include <memory>

namespace tn {

// ---- handle table ---------------------------------------------------------
// JavaScript tensors hold an int32 handle into this table. A slot is freed by
// dispose(), or by a sweep once the weak reference to its JS object is empty.
constexpr int32_t kTrackBatch = 512;   // tensors handed to track() per call
constexpr int32_t kIndexItems = 32;   // items of an index spec passed in the shared buffer
struct Registry {
  std::vector<at::Tensor> slots;
  std::vector<uint8_t> weak;         // 1: the slot has a weak reference to its JS wrapper
  std::vector<uint32_t> gens;        // bumped when a slot gets a new tensor
  std::vector<int32_t> free_list;
  // Weak references not yet seen to survive two GCs: the only ones a young-generation
  // GC can have cleared. The others are checked by a full scan (old_scan).
  struct Young { int32_t h; uint32_t gen; uint32_t age; };
  std::vector<Young> young;
  int64_t live_tensors = 0;
  int64_t tracked = 0;               // slots with a weak reference
  int64_t promoted = 0;              // left the young list since the last full scan
  int64_t promoted_bytes = 0;        // their own bytes, since the last forced full GC
  int64_t old_at_scan = 0;           // tracked after the last full scan
  int64_t alloc_since_sweep = 0;     // bytes handed to JS since the last forced sweep
  int64_t sweep_threshold = 64ll << 20;
  // Shared with JS: [0] = 1 asks for a collection, [1] = batch size, [4..] handles.
  int32_t* flags = nullptr;
  // Small dead tensors found by a sweep, destroyed one per new tensor (see put()).
  std::vector<at::Tensor> deferred;
  // Weak references to the JS tensors by slot, and the GC canary (native/addon.cpp).
  std::vector<v8::Global<v8::Value>> refs;
  v8::Global<v8::Value> canary;
  Napi::Reference<Napi::ArrayBuffer> flags_ref;
  // Index specs written by TypeScript, read in place by native/tensor.cpp (kIndexItems items).
  double* index_buf = nullptr;
  Napi::Reference<Napi::ArrayBuffer> index_ref;
  std::vector<at::Generator> generators;   // torch.Generator objects (native/tensor.cpp)
  // Autograd graph nodes JS holds (grad_fn, next_functions): native/tensor.cpp's NodeTable.
  std::shared_ptr<void> graph_nodes;
  napi_env env = nullptr;             // the environment's napi_env, for the ops' V8 entries
};
Registry& registry();

int32_t put(at::Tensor t);                        // store, return handle
const at::Tensor& get(const Napi::Value& v);      // throws on a bad or disposed handle
const at::Tensor& get_handle(Napi::Env env, int32_t h);
void release(int32_t h, bool swept = false);    // swept: small tensors are destroyed later

// ---- errors -----------------------------------------------------------------
// Every native entry point runs inside TN_GUARD: a c10::Error becomes a JS Error
// with libtorch's message and no C++ backtrace.
[[noreturn]] void throw_js(Napi::Env env, const std::string& msg, const char* type = "Error");

#define TN_TRY try {
#define TN_CATCH(env)                                                             \
  }                                                                               \
  catch (const Napi::Error&) { throw; }                                           \
  catch (const c10::IndexError& e) { tn::throw_js(env, e.what_without_backtrace(), "IndexError"); } \
  catch (const c10::ValueError& e) { tn::throw_js(env, e.what_without_backtrace(), "ValueError"); } \
  catch (const c10::TypeError& e) { tn::throw_js(env, e.what_without_backtrace(), "TypeError"); }   \
  catch (const c10::NotImplementedError& e) { tn::throw_js(env, e.what_without_backtrace(), "NotImplementedError"); } \
  catch (const c10::Error& e) { tn::throw_js(env, e.what_without_backtrace()); } \
  catch (const std::exception& e) { tn::throw_js(env, e.what()); }

// ---- argument converters ----------------------------------------------------
inline bool is_none(const Napi::Value& v) { return v.IsNull() || v.IsUndefined(); }

at::Scalar to_scalar(const Napi::Value& v);
c10::optional<at::Scalar> to_opt_scalar(const Napi::Value& v);
int64_t to_int(const Napi::Value& v);
c10::optional<int64_t> to_opt_int(const Napi::Value& v);
double to_double(const Napi::Value& v);
c10::optional<double> to_opt_double(const Napi::Value& v);
bool to_bool(const Napi::Value& v);
c10::optional<bool> to_opt_bool(const Napi::Value& v);
std::vector<int64_t> to_int_vec(const Napi::Value& v);
std::vector<double> to_double_vec(const Napi::Value& v);
std::string to_string(const Napi::Value& v);
at::ScalarType to_dtype(const Napi::Value& v);
c10::optional<at::ScalarType> to_opt_dtype(const Napi::Value& v);
c10::Device to_device(const Napi::Value& v);
c10::optional<c10::Device> to_opt_device(const Napi::Value& v);
c10::optional<at::MemoryFormat> to_opt_memory_format(const Napi::Value& v);
c10::optional<at::Tensor> to_opt_tensor(const Napi::Value& v);
// The tensors of a list argument, borrowed from the handle table for one call: no
// reference count is touched (Python's parser copies each, an atomic increment and
// decrement on memory often out of cache). libtorch copies any it keeps. Keep it as
// a TensorVec (`auto`): moved into a plain vector, the borrows would be released.
struct TensorVec : std::vector<at::Tensor> {
  TensorVec() = default;
  TensorVec(const TensorVec&) = delete;
  TensorVec(TensorVec&&) = default;
  TensorVec& operator=(const TensorVec&) = delete;
  TensorVec& operator=(TensorVec&&) = delete;
  ~TensorVec() {
    for (auto& t : *this) c10::MaybeOwnedTraits<at::Tensor>::destroyBorrow(t);
  }
};
TensorVec to_tensor_vec(const Napi::Value& v);

// torch.stack with a fast path for rows of one storage (native/stack.cpp).
at::Tensor stack(at::TensorList ts, int64_t dim);
c10::List<c10::optional<at::Tensor>> to_opt_tensor_list(const Napi::Value& v);
c10::optional<at::Generator> to_opt_generator(const Napi::Value& v);

template <size_t N>
std::array<bool, N> to_bool_array(const Napi::Value& v) {
  std::array<bool, N> out{};
  auto a = v.As<Napi::Array>();
  for (size_t i = 0; i < N && i < a.Length(); i++) out[i] = a.Get(i).ToBoolean();
  return out;
}

// Owns the storage of an optional int list for the duration of a call.
struct OptIntList {
  std::vector<int64_t> data;
  bool has = false;
  explicit OptIntList(const Napi::Value& v) {
    if (!is_none(v)) { data = to_int_vec(v); has = true; }
  }
  at::OptionalIntArrayRef ref() const {
    return has ? at::OptionalIntArrayRef(data) : at::OptionalIntArrayRef();
  }
};
struct OptDoubleList {
  std::vector<double> data;
  bool has = false;
  explicit OptDoubleList(const Napi::Value& v) {
    if (!is_none(v)) { data = to_double_vec(v); has = true; }
  }
  c10::optional<at::ArrayRef<double>> ref() const {
    return has ? c10::optional<at::ArrayRef<double>>(data) : c10::nullopt;
  }
};
struct OptString {
  std::string data;
  bool has = false;
  explicit OptString(const Napi::Value& v) {
    if (!is_none(v)) { data = to_string(v); has = true; }
  }
  c10::optional<c10::string_view> ref() const {
    return has ? c10::optional<c10::string_view>(c10::string_view(data)) : c10::nullopt;
  }
};

// napi_value is a v8::Local<v8::Value> in Node (as node_api.cc converts it).
inline v8::Local<v8::Value> to_local(napi_value v) {
  v8::Local<v8::Value> local;
  static_assert(sizeof(local) == sizeof(v), "napi_value is a v8::Local");
  std::memcpy(static_cast<void*>(&local), &v, sizeof(v));
  return local;
}

inline napi_value from_local(v8::Local<v8::Value> v) {
  napi_value out;
  std::memcpy(static_cast<void*>(&out), &v, sizeof(out));
  return out;
}

// Python binds a number given for a Tensor parameter of add, mul, div ... as a wrapped-number
// tensor (python_arg_parser's should_allow_numbers_as_tensors). The Scalar overloads compute the
// same values; only autograd's node differs, so they take the Tensor overload when it records one.
at::Tensor wrapped_number(const at::Scalar& s);
bool records_grad(const at::Tensor& t);

// ---- the generated ops' entry ---------------------------------------------------
// The generated ops are V8 functions called without N-API's layers around each call
// (node-addon-api's CallbackData wrapper, Node's FunctionCallbackWrapper with its scope
// and checks: about 1,000 instructions, a fifth of a small op). Their bodies keep
// node-addon-api's types: Args reads the arguments as Napi::CallbackInfo does.
class Args {
 public:
  Args(napi_env env, const v8::FunctionCallbackInfo<v8::Value>& a) : env_(env), a_(a) {}
  Napi::Value operator[](size_t i) const { return Napi::Value(env_, from_local(a_[static_cast<int>(i)])); }
  Napi::Env Env() const { return Napi::Env(env_); }
  size_t Length() const { return static_cast<size_t>(a_.Length()); }

 private:
  napi_env env_;
  const v8::FunctionCallbackInfo<v8::Value>& a_;
};
napi_env registry_env();
template <Napi::Value (*F)(const Args&)>
void v8_entry(const v8::FunctionCallbackInfo<v8::Value>& a) {
  Args args(registry_env(), a);
  try {
    Napi::Value r = F(args);
    if (!r.IsEmpty()) a.GetReturnValue().Set(to_local(r));
  } catch (const Napi::Error& e) {
    a.GetIsolate()->ThrowException(to_local(e.Value()));
  } catch (...) {
    a.GetIsolate()->ThrowException(v8::Exception::Error(
        v8::String::NewFromUtf8Literal(a.GetIsolate(), "unexpected native exception")));
  }
}
// exports[name] = a V8 function calling F through v8_entry.
template <Napi::Value (*F)(const Args&)>
void export_v8(Napi::Env env, Napi::Object exports, const char* name) {
  auto* isolate = v8::Isolate::GetCurrent();
  auto fn = v8::Function::New(isolate->GetCurrentContext(), v8_entry<F>).ToLocalChecked();
  exports.Set(name, Napi::Value(env, from_local(fn)));
}

// ---- results ----------------------------------------------------------------
Napi::Value wrap(Napi::Env env, at::Tensor t);
Napi::Value wrap_list(Napi::Env env, const std::vector<at::Tensor>& ts);
Napi::Value wrap_scalar(Napi::Env env, const at::Scalar& s);

// ---- registration -------------------------------------------------------------
void register_tensor(Napi::Env env, Napi::Object exports);   // tensor.cpp
void register_ops(Napi::Env env, Napi::Object exports);      // ops.gen.cpp
void register_cuda(Napi::Env env, Napi::Object exports);     // cuda.cpp
void register_backends(Napi::Env env, Napi::Object exports); // backends.cpp
void register_distributed(Napi::Env env, Napi::Object exports);  // distributed.cpp
void register_jit(Napi::Env env, Napi::Object exports);      // jit.cpp

}  // namespace tn
