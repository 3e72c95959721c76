// Module entry: the handle table, lifetime tracking, errors and argument conversion.
//
// Lifetime (DESIGN.md, "Memory"): JS tensors are plain objects holding a handle.
// TypeScript hands new tensor objects to track() in batches; each gets a weak
// reference, which V8 clears during GC itself (N-API finalizers would only run
// later, in a setImmediate task, never inside a synchronous training loop). Sweeps free the
// slots whose reference is empty. They are cheap because they only look where a
// GC can have cleared something: track() first checks a canary (a garbage object
// under a weak reference) and sweeps only after some GC has run, and then only the
// young list (references that have not yet survived two GCs); the rest is scanned
// when enough have been promoted, or after a full GC. When enough bytes were handed
// out, flags[0] asks TypeScript to force a young-generation GC and sweep.
#include "common.h"
#include "version.h"

#include <ATen/Parallel.h>
#include <v8.h>

#include <cstring>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <algorithm>
#include <unordered_set>

namespace tn {

// One registry per Node environment (the main thread and each Worker), found through a
// thread_local: an environment runs on one thread, and handles, weak references and
// tensors never cross to another. The environment's cleanup hook frees it while V8 is
// still alive (weak references must be reset before their isolate goes).
static thread_local Registry* tls_registry __attribute__((tls_model("initial-exec"))) = nullptr;
Registry& registry() { return *tls_registry; }
napi_env registry_env() { return tls_registry->env; }

// Weak references to the JS tensors, by slot (Registry::weak says which are set).
// V8 phantom handles (Global::SetWeak() without a callback): the GC empties them
// itself, with no callback per dead object, and reading one needs no handle.

int32_t put(at::Tensor t) {
  auto& r = registry();
  int32_t h;
  if (!r.free_list.empty()) {
    h = r.free_list.back();
    r.free_list.pop_back();
    r.slots[h] = std::move(t);
    r.gens[h]++;
  } else {
    h = static_cast<int32_t>(r.slots.size());
    r.slots.push_back(std::move(t));
    r.weak.push_back(0);
    tls_registry->refs.emplace_back();
    r.gens.push_back(0);
  }
  const auto& s = r.slots[h];
  if (s.has_storage()) {
    r.alloc_since_sweep += static_cast<int64_t>(s.numel()) * static_cast<int64_t>(s.element_size());
    if (r.alloc_since_sweep > r.sweep_threshold && r.flags) r.flags[0] = 1;
  }
  r.live_tensors++;
  // Python frees each result as soon as it is dropped, so the next op's allocations
  // come from malloc's per-thread cache. A sweep finds thousands dead at once; freeing
  // them together overflows that cache and every later allocation takes malloc's slow
  // path. Destroying one per new tensor keeps allocation and freeing interleaved.
  if (!r.deferred.empty()) r.deferred.pop_back();
  return h;
}

[[noreturn]] void throw_js(Napi::Env env, const std::string& msg, const char* type) {
  auto err = Napi::Error::New(env, msg);
  if (std::string(type) != "Error") err.Set("name", Napi::String::New(env, type));
  throw err;
}

const at::Tensor& get_handle(Napi::Env env, int32_t h) {
  auto& r = registry();
  if (h < 0 || static_cast<size_t>(h) >= r.slots.size() || !r.slots[h].defined()) {
    throw_js(env, h == -1 ? "Tensor has been disposed" : "Invalid tensor handle " + std::to_string(h));
  }
  return r.slots[h];
}

const at::Tensor& get(const Napi::Value& v) {
  // One N-API call on the hot path: it fails for anything but a number.
  int32_t h;
  if (napi_get_value_int32(v.Env(), v, &h) != napi_ok) throw_js(v.Env(), "expected a Tensor", "TypeError");
  return get_handle(v.Env(), h);
}

// Swept tensors of at most this many bytes, up to this many at a time, wait in `deferred`:
// at most 16 MB held back, and large tensors are freed at once.
constexpr size_t kDeferBytes = 4096, kDeferMax = 4096;

void release(int32_t h, bool swept) {
  auto& r = registry();
  if (h < 0 || static_cast<size_t>(h) >= r.slots.size() || !r.slots[h].defined()) return;
  auto& t = r.slots[h];
  if (swept && r.deferred.size() < kDeferMax && (!t.has_storage() || t.storage().nbytes() <= kDeferBytes))
    r.deferred.push_back(std::move(t));
  t = at::Tensor();
  r.free_list.push_back(h);
  r.live_tensors--;
}

// ---- converters -----------------------------------------------------------------
at::Scalar to_scalar(const Napi::Value& v) {
  double d;
  if (napi_get_value_double(v.Env(), v, &d) == napi_ok) {   // a number: one N-API call
    // An integral JS number is a Python int: int tensors stay int (x.add(2)).
    if (std::isfinite(d) && d == std::floor(d) && std::abs(d) < 9.007199254740992e15)
      return at::Scalar(static_cast<int64_t>(d));
    return at::Scalar(d);
  }
  if (v.IsBoolean()) return at::Scalar(v.As<Napi::Boolean>().Value());
  if (v.IsBigInt()) {
    bool lossless;
    int64_t i = v.As<Napi::BigInt>().Int64Value(&lossless);
    if (lossless) return at::Scalar(i);
#if TN_UINT_DTYPES
    uint64_t u = v.As<Napi::BigInt>().Uint64Value(&lossless);
    if (lossless) return at::Scalar(u);
#endif
    throw_js(v.Env(), "Overflow when unpacking long", "OverflowError");
  }
  if (v.IsObject()) {
    // {f: number} marks a float scalar given explicitly (torch-node's Python float).
    auto o = v.As<Napi::Object>();
    if (o.Has("f")) return at::Scalar(o.Get("f").As<Napi::Number>().DoubleValue());
  }
  throw_js(v.Env(), "expected a number (Scalar)", "TypeError");
}
c10::optional<at::Scalar> to_opt_scalar(const Napi::Value& v) {
  if (is_none(v)) return c10::nullopt;
  return to_scalar(v);
}
int64_t to_int(const Napi::Value& v) {
  if (v.IsNumber()) {
    double d = v.As<Napi::Number>().DoubleValue();
    if (d != std::floor(d)) throw_js(v.Env(), "expected an integer, got " + std::to_string(d), "TypeError");
    if (!(std::abs(d) < 9.2233720368547758e18)) throw_js(v.Env(), "Overflow when unpacking long", "OverflowError");
    return static_cast<int64_t>(d);
  }
  if (v.IsBoolean()) return v.As<Napi::Boolean>().Value() ? 1 : 0;
  if (v.IsBigInt()) {
    bool lossless;
    int64_t i = v.As<Napi::BigInt>().Int64Value(&lossless);
    if (!lossless) throw_js(v.Env(), "Overflow when unpacking long", "OverflowError");
    return i;
  }
  throw_js(v.Env(), "expected an integer", "TypeError");
}
c10::optional<int64_t> to_opt_int(const Napi::Value& v) {
  if (is_none(v)) return c10::nullopt;
  return to_int(v);
}
double to_double(const Napi::Value& v) {
  if (v.IsNumber()) return v.As<Napi::Number>().DoubleValue();
  if (v.IsBoolean()) return v.As<Napi::Boolean>().Value() ? 1.0 : 0.0;
  throw_js(v.Env(), "expected a number", "TypeError");
}
c10::optional<double> to_opt_double(const Napi::Value& v) {
  if (is_none(v)) return c10::nullopt;
  return to_double(v);
}
bool to_bool(const Napi::Value& v) { return v.ToBoolean().Value(); }
c10::optional<bool> to_opt_bool(const Napi::Value& v) {
  if (is_none(v)) return c10::nullopt;
  return to_bool(v);
}
std::vector<int64_t> to_int_vec(const Napi::Value& v) {
  if (v.IsNumber() || v.IsBigInt()) return {to_int(v)};
  if (!v.IsArray()) throw_js(v.Env(), "expected a list of integers", "TypeError");
  auto a = v.As<Napi::Array>();
  uint32_t n = a.Length();
  std::vector<int64_t> out(n);
  for (uint32_t i = 0; i < n; i++) out[i] = to_int(a.Get(i));
  return out;
}
std::vector<double> to_double_vec(const Napi::Value& v) {
  if (v.IsNumber()) return {to_double(v)};
  if (!v.IsArray()) throw_js(v.Env(), "expected a list of numbers", "TypeError");
  auto a = v.As<Napi::Array>();
  std::vector<double> out(a.Length());
  for (uint32_t i = 0; i < a.Length(); i++) out[i] = to_double(a.Get(i));
  return out;
}
std::string to_string(const Napi::Value& v) {
  if (!v.IsString()) throw_js(v.Env(), "expected a string", "TypeError");
  return v.As<Napi::String>().Utf8Value();
}
at::ScalarType to_dtype(const Napi::Value& v) {
  int64_t code = to_int(v);
  if (code < 0 || code >= static_cast<int64_t>(at::ScalarType::NumOptions))
    throw_js(v.Env(), "invalid dtype code " + std::to_string(code), "TypeError");
  return static_cast<at::ScalarType>(code);
}
c10::optional<at::ScalarType> to_opt_dtype(const Napi::Value& v) {
  if (is_none(v)) return c10::nullopt;
  return to_dtype(v);
}
c10::Device to_device(const Napi::Value& v) { return c10::Device(to_string(v)); }
c10::optional<c10::Device> to_opt_device(const Napi::Value& v) {
  if (is_none(v)) return c10::nullopt;
  return to_device(v);
}
c10::optional<at::MemoryFormat> to_opt_memory_format(const Napi::Value& v) {
  if (is_none(v)) return c10::nullopt;
  return static_cast<at::MemoryFormat>(to_int(v));
}
c10::optional<at::Tensor> to_opt_tensor(const Napi::Value& v) {
  if (is_none(v)) return c10::nullopt;
  return get(v);
}
// A list of tensors comes as an Int32Array of handles (lib/_ops.ts handles()), read in
// place: no N-API call per element.
TensorVec to_tensor_vec(const Napi::Value& v) {
  napi_typedarray_type type;
  size_t len;
  void* data;
  if (napi_get_typedarray_info(v.Env(), v, &type, &len, &data, nullptr, nullptr) != napi_ok || type != napi_int32_array)
    throw_js(v.Env(), "expected a list of Tensors", "TypeError");
  const int32_t* hs = static_cast<const int32_t*>(data);
  // A long list (a DataLoader's batch of 256 random rows of 60,000) is that many slots,
  // TensorImpls and autograd metadata scattered in memory, which every op reads: ask for
  // them level by level before any is read, so the cache misses overlap instead of coming
  // one by one (BENCHMARKS.md, "Tutorial 001 side by side").
  if (len >= 16) {
    const auto& slots = registry().slots;
    const auto ok = [&](int32_t h) { return h >= 0 && static_cast<size_t>(h) < slots.size(); };
    for (size_t i = 0; i < len; i++)
      if (ok(hs[i])) __builtin_prefetch(&slots[hs[i]]);
    for (size_t i = 0; i < len; i++) {
      if (!ok(hs[i]) || !slots[hs[i]].defined()) continue;
      const char* p = reinterpret_cast<const char*>(slots[hs[i]].unsafeGetTensorImpl());
      for (size_t o = 0; o < sizeof(c10::TensorImpl); o += 64) __builtin_prefetch(p + o);
    }
    for (size_t i = 0; i < len; i++) {
      if (!ok(hs[i]) || !slots[hs[i]].defined()) continue;
      const char* p = reinterpret_cast<const char*>(slots[hs[i]].unsafeGetTensorImpl()->autograd_meta());
      if (p != nullptr)
        for (size_t o = 0; o < 256; o += 64) __builtin_prefetch(p + o);
    }
  }
  TensorVec out;
  out.reserve(len);
  for (size_t i = 0; i < len; i++)
    out.push_back(c10::MaybeOwnedTraits<at::Tensor>::createBorrow(get_handle(v.Env(), hs[i])));
  return out;
}
c10::List<c10::optional<at::Tensor>> to_opt_tensor_list(const Napi::Value& v) {
  if (!v.IsArray()) throw_js(v.Env(), "expected a list of Tensors", "TypeError");
  auto a = v.As<Napi::Array>();
  c10::List<c10::optional<at::Tensor>> out;
  for (uint32_t i = 0; i < a.Length(); i++) out.push_back(to_opt_tensor(a.Get(i)));
  return out;
}

// ---- results --------------------------------------------------------------------
Napi::Value wrap(Napi::Env env, at::Tensor t) {
  if (!t.defined()) return env.Null();
  return Napi::Number::New(env, put(std::move(t)));
}
Napi::Value wrap_list(Napi::Env env, const std::vector<at::Tensor>& ts) {
  auto a = Napi::Array::New(env, ts.size());
  for (size_t i = 0; i < ts.size(); i++) a.Set(i, wrap(env, ts[i]));
  return a;
}
Napi::Value wrap_scalar(Napi::Env env, const at::Scalar& s) {
  if (s.isBoolean()) return Napi::Boolean::New(env, s.toBool());
  if (s.isIntegral(false)) return Napi::Number::New(env, static_cast<double>(s.toLong()));
  if (s.isComplex()) return Napi::Number::New(env, s.toComplexDouble().real());
  return Napi::Number::New(env, s.toDouble());
}

// ---- lifetime -------------------------------------------------------------------


static void drop_ref(Registry& r, int32_t h) {
  if (r.weak[h]) {
    tls_registry->refs[h].Reset();
    r.weak[h] = 0;
    r.tracked--;
  }
}

// Frees the young slots whose objects are gone; those that survived two sweeps
// leave the list (they are old now and only a full GC can clear them).
static void sweep_young(Registry& r) {
  size_t keep = 0;
  for (size_t i = 0; i < r.young.size(); i++) {
    auto y = r.young[i];
    if (!r.weak[y.h] || r.gens[y.h] != y.gen) continue;   // disposed, maybe reused
    if (tls_registry->refs[y.h].IsEmpty()) {
      drop_ref(r, y.h);
      release(y.h, true);
    } else if (++y.age >= 2) {
      r.promoted++;
      const auto& t = r.slots[y.h];
      r.promoted_bytes += static_cast<int64_t>(t.numel()) * static_cast<int64_t>(t.element_size());
    } else {
      r.young[keep++] = y;
    }
  }
  r.young.resize(keep);
}

// Checks every tracked slot.
static void sweep_all(Registry& r) {
  for (size_t h = 0; h < tls_registry->refs.size(); h++) {
    if (r.weak[h] && tls_registry->refs[h].IsEmpty()) {
      drop_ref(r, static_cast<int32_t>(h));
      release(static_cast<int32_t>(h), true);
    }
  }
  r.promoted = 0;
  r.old_at_scan = r.tracked;
}

// A fresh canary: an unreferenced object under a weak reference, empty after the next GC.
static void renew_canary(v8::Isolate* isolate) {
  v8::HandleScope scope(isolate);
  tls_registry->canary.Reset(isolate, v8::Object::New(isolate));
  tls_registry->canary.SetWeak();
}

// True once after any GC since the canary was made (here or by a forced sweep, so
// a GC already swept is not counted twice: that would age young references early).
static bool gc_ran(v8::Isolate* isolate) {
  if (!tls_registry->canary.IsEmpty()) return false;
  renew_canary(isolate);
  return true;
}

// track(...objects): weak references for a batch of new JS tensors, whose handles
// TypeScript wrote to flags[4..] (-1 for one disposed meanwhile), flags[1] of them.
// Objects come as arguments: one napi_get_cb_info instead of a call per element.
static napi_value Track(napi_env env, napi_callback_info info) {
  auto& r = registry();
  auto* isolate = v8::Isolate::GetCurrent();
  napi_value argv[kTrackBatch];
  size_t argc = kTrackBatch;
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (gc_ran(isolate)) {
    sweep_young(r);
    // Old references cost a full scan: only once as many were promoted as were
    // old at the last scan, so each is checked a bounded number of times.
    if (r.promoted >= std::max<int64_t>(8192, r.old_at_scan)) sweep_all(r);
  }
  size_t n = std::min<size_t>(argc, static_cast<size_t>(std::max(0, r.flags[1])));
  const int32_t* hs = r.flags + 4;
  for (size_t i = 0; i < n; i++) {
    int32_t h = hs[i];
    if (h < 0 || static_cast<size_t>(h) >= r.slots.size() || !r.slots[h].defined()) continue;
    drop_ref(r, h);
    tls_registry->refs[h].Reset(isolate, to_local(argv[i]));
    tls_registry->refs[h].SetWeak();
    r.weak[h] = 1;
    r.tracked++;
    r.young.push_back({h, r.gens[h], 0});
  }
  napi_value res;
  napi_get_undefined(env, &res);
  return res;
}

// sweep(all): after a forced GC, frees every slot whose JS object has been
// collected (all: every tracked slot, else the young list). Returns the bytes of
// the tensors promoted (old now: only a full GC can free them) since the last
// sweep(true), which TypeScript uses to decide on a full GC.
static Napi::Value Sweep(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  auto& r = registry();
  if (info[0].ToBoolean().Value()) {
    sweep_all(r);
    r.promoted_bytes = 0;
    r.deferred.clear();   // a full collection frees everything it found
  } else {
    sweep_young(r);
  }
  renew_canary(v8::Isolate::GetCurrent());
  r.alloc_since_sweep = 0;
  if (r.flags) r.flags[0] = 0;
  return Napi::Number::New(env, static_cast<double>(r.promoted_bytes));
}

// dispose(h): deterministic release.
static Napi::Value Dispose(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  int32_t h = info[0].As<Napi::Number>().Int32Value();
  auto& r = registry();
  if (h < 0 || static_cast<size_t>(h) >= tls_registry->refs.size()) return env.Undefined();
  drop_ref(r, h);
  release(h);
  return env.Undefined();
}

// memoryStats(): [live tensors, live bytes (distinct storages)]
static Napi::Value MemoryStats(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  auto& r = registry();
  std::unordered_set<const void*> seen;
  double bytes = 0;
  for (const auto& t : r.slots) {
    if (!t.defined() || !t.has_storage()) continue;
    const void* key = t.storage().unsafeGetStorageImpl();
    if (seen.insert(key).second) bytes += static_cast<double>(t.storage().nbytes());
  }
  auto out = Napi::Array::New(env, 2);
  out.Set(0u, Napi::Number::New(env, static_cast<double>(r.live_tensors)));
  out.Set(1u, Napi::Number::New(env, bytes));
  return out;
}

// heapInUse(): the bytes malloc has handed out and not had back (tensor storage,
// autograd graphs, everything), or -1 where the C library cannot say. Tensors that
// only a full GC can free may hold memory the registry does not see (a promoted loss
// keeps its graph and the batch saved in it); this is how TypeScript sees it. It
// walks malloc's free lists (0.2-4 ms), so TypeScript asks at most a quarter percent of the time.
static Napi::Value HeapInUse(const Napi::CallbackInfo& info) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
  struct mallinfo2 m = mallinfo2();
  return Napi::Number::New(info.Env(), static_cast<double>(m.uordblks + m.hblkhd));
#else
  return Napi::Number::New(info.Env(), -1);
#endif
}

// trimHeap(): gives malloc's free pages back to the system (glibc's malloc_trim), after a
// full GC freed far more than is still in use. glibc trims only the top of its heap by
// itself, so the pages of many small blocks freed at once (70,000 decoded images) stay
// resident. Returns whether anything was released.
static Napi::Value TrimHeap(const Napi::CallbackInfo& info) {
#if defined(__GLIBC__)
  return Napi::Boolean::New(info.Env(), malloc_trim(0) != 0);
#else
  return Napi::Boolean::New(info.Env(), false);
#endif
}

static Napi::Value SetSweepThreshold(const Napi::CallbackInfo& info) {
  registry().sweep_threshold = static_cast<int64_t>(info[0].As<Napi::Number>().DoubleValue());
  return info.Env().Undefined();
}

static Napi::Value SetNumThreads(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  TN_TRY
  int64_t n = to_int(info[0]);
  if (n <= 0) throw_js(env, "set_num_threads expects a positive integer");
  at::set_num_threads(static_cast<int>(n));
  TN_CATCH(env)
  return env.Undefined();
}
static Napi::Value GetNumThreads(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), at::get_num_threads());
}

// The environment is going (its thread ends, or the process exits): free its tensors.
static void CleanupEnv(void* arg) {
  auto* r = static_cast<Registry*>(arg);
  for (auto& g : r->refs) g.Reset();
  r->canary.Reset();
  r->flags_ref.Reset();
  r->index_ref.Reset();
  if (tls_registry == r) tls_registry = nullptr;
  delete r;
}

static Napi::Object Init(Napi::Env env, Napi::Object exports) {
  if (tls_registry != nullptr) throw_js(env, "torch-node is already loaded in this thread's environment");
  tls_registry = new Registry();
  tls_registry->env = env;
  napi_add_env_cleanup_hook(env, CleanupEnv, tls_registry);
  auto flags = Napi::ArrayBuffer::New(env, (4 + kTrackBatch) * sizeof(int32_t));
  registry().flags = static_cast<int32_t*>(flags.Data());
  // Keep the buffer alive for the life of the environment.
  registry().flags_ref = Napi::Persistent(flags);
  exports.Set("flags", flags);
  exports.Set("trackBatch", Napi::Number::New(env, kTrackBatch));
  napi_value track;
  napi_create_function(env, "track", NAPI_AUTO_LENGTH, Track, nullptr, &track);
  exports.Set("track", track);
  exports.Set("sweep", Napi::Function::New(env, Sweep));
  exports.Set("dispose", Napi::Function::New(env, Dispose));
  exports.Set("memoryStats", Napi::Function::New(env, MemoryStats));
  exports.Set("setSweepThreshold", Napi::Function::New(env, SetSweepThreshold));
  exports.Set("heapInUse", Napi::Function::New(env, HeapInUse));
  exports.Set("trimHeap", Napi::Function::New(env, TrimHeap));
  exports.Set("set_num_threads", Napi::Function::New(env, SetNumThreads));
  exports.Set("get_num_threads", Napi::Function::New(env, GetNumThreads));
  register_tensor(env, exports);
  register_ops(env, exports);
  register_cuda(env, exports);
  register_backends(env, exports);
  register_distributed(env, exports);
  register_jit(env, exports);
  return exports;
}

}  // namespace tn

static Napi::Object InitModule(Napi::Env env, Napi::Object exports) { return tn::Init(env, exports); }
NODE_API_MODULE(torch_node, InitModule)
