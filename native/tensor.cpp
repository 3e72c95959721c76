// Tensor natives that are not plain ATen ops: data in and out, metadata,
// autograd accessors, generators and seeds, Python-style indexing, devices.
#include "common.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <ATen/ScalarOps.h>
#include <ATen/TensorIndexing.h>
#include <ATen/detail/CUDAHooksInterface.h>
#include <c10/core/GradMode.h>
#include <torch/csrc/autograd/function.h>
#include <torch/csrc/autograd/functions/accumulate_grad.h>
#include <torch/csrc/autograd/variable.h>
#include <torch/csrc/autograd/autograd.h>
#include "version.h"

#include <cerrno>
#include <cmath>
#include <cstring>
#include <memory>
#include <mutex>
#include <unordered_map>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace tn {

#define NATIVE(name) static Napi::Value name(const Args& info)
#define BEGIN auto env = info.Env(); TN_TRY
#define END TN_CATCH(env) return env.Undefined();

static int32_t hval(const Napi::Value& v) { return v.As<Napi::Number>().Int32Value(); }

// ---- data in --------------------------------------------------------------------
// fromBuffer(typedArray, shape, dtypeCode): copy the typed array's bytes.
NATIVE(FromBuffer) {
  BEGIN
  auto ta = info[0].As<Napi::TypedArray>();
  auto shape = to_int_vec(info[1]);
  auto dtype = to_dtype(info[2]);
  auto ab = ta.ArrayBuffer();
  const uint8_t* src = static_cast<const uint8_t*>(ab.Data()) + ta.ByteOffset();
  auto t = at::empty(shape, at::TensorOptions().dtype(dtype));
  size_t nbytes = static_cast<size_t>(t.numel()) * t.element_size();
  if (nbytes != ta.ByteLength())
    throw_js(env, "buffer of " + std::to_string(ta.ByteLength()) + " bytes does not match shape " +
                      c10::str(t.sizes()) + " of " + std::string(c10::toString(dtype)), "ValueError");
  if (nbytes) std::memcpy(t.data_ptr(), src, nbytes);
  return wrap(env, std::move(t));
  END
}

// fromBufferShared(typedArray, shape, dtypeCode): a tensor over the typed array's own memory
// (torch.from_numpy shares memory with the array, as numpy's does). The tensor holds the
// ArrayBuffer's backing store, which V8 lets any thread release, so it outlives the array
// object and even a transfer of the buffer to another Worker.
NATIVE(FromBufferShared) {
  BEGIN
  auto ta = info[0].As<Napi::TypedArray>();
  auto shape = to_int_vec(info[1]);
  auto dtype = to_dtype(info[2]);
  int64_t numel = 1;
  for (auto d : shape) numel *= d;
  size_t nbytes = static_cast<size_t>(numel) * c10::elementSize(dtype);
  if (nbytes != ta.ByteLength())
    throw_js(env, "buffer of " + std::to_string(ta.ByteLength()) + " bytes does not match shape " +
                      c10::str(shape) + " of " + std::string(c10::toString(dtype)), "ValueError");
  if (nbytes == 0) return wrap(env, at::empty(shape, at::TensorOptions().dtype(dtype)));
  napi_value buf;
  napi_get_typedarray_info(env, ta, nullptr, nullptr, nullptr, &buf, nullptr);
  auto local = to_local(buf);
  std::shared_ptr<v8::BackingStore> store = local->IsSharedArrayBuffer()
      ? local.As<v8::SharedArrayBuffer>()->GetBackingStore()
      : local.As<v8::ArrayBuffer>()->GetBackingStore();
  char* data = static_cast<char*>(store->Data()) + ta.ByteOffset();
  auto t = at::from_blob(data, shape, [store](void*) mutable { store.reset(); }, at::TensorOptions().dtype(dtype));
  return wrap(env, std::move(t));
  END
}

// ---- data out -------------------------------------------------------------------
// The largest ArrayBuffer V8 makes (4 GiB on 64-bit Node 20). A larger external buffer is
// refused after its finalizer already ran, which node-addon-api then frees again.
constexpr size_t kMaxBufferBytes = v8::TypedArray::kMaxLength;

// toBuffer(h, copy?, byteOffset?, byteLength?): an ArrayBuffer over the tensor's elements,
// C-contiguous (bytes [byteOffset, byteOffset + byteLength) of them when given: readers and
// writers of storages over 4 GiB go through windows). Zero-copy for a contiguous CPU tensor:
// the buffer keeps the tensor's storage alive (not the tensor, whose storage `.data = `
// can replace while the buffer is still in use).
NATIVE(ToBuffer) {
  BEGIN
  at::Tensor t = get(info[0]);
  if (t.is_conj()) t = t.resolve_conj();
  if (t.is_neg()) t = t.resolve_neg();
  if (!t.device().is_cpu()) t = t.to(at::kCPU);
  t = t.contiguous();
  size_t nbytes = static_cast<size_t>(t.numel()) * t.element_size();
  size_t off = 0, len = nbytes;
  if (info.Length() > 2 && !is_none(info[2])) {
    int64_t o = to_int(info[2]), l = to_int(info[3]);
    if (o < 0 || l < 0 || static_cast<size_t>(o) > nbytes || static_cast<size_t>(l) > nbytes - static_cast<size_t>(o))
      throw_js(env, "bytes " + std::to_string(o) + " to " + std::to_string(o + l) + " are outside the tensor's " +
                        std::to_string(nbytes) + " bytes", "IndexError");
    off = static_cast<size_t>(o);
    len = static_cast<size_t>(l);
  }
  if (len > kMaxBufferBytes)
    throw_js(env, "a tensor of " + std::to_string(len) + " bytes does not fit in one JavaScript ArrayBuffer (at most " +
                      std::to_string(kMaxBufferBytes) + " bytes): read it in parts, e.g. t.flatten().split(n)", "RangeError");
  if (len == 0) return Napi::ArrayBuffer::New(env, 0);
  char* data = static_cast<char*>(t.data_ptr()) + off;
  // toBuffer(h, true): a JS-owned copy, freed by V8 like any buffer. Readers of values
  // (tolist, printing) use it: an external buffer's finalizer runs only after the current
  // task, so a synchronous loop would hold every tensor it ever read.
  if (info.Length() > 1 && info[1].ToBoolean().Value()) {
    auto ab = Napi::ArrayBuffer::New(env, len);
    std::memcpy(ab.Data(), data, len);
    return ab;
  }
  auto* keep = new c10::Storage(t.storage());
  return Napi::ArrayBuffer::New(env, data, len, [](Napi::Env, void*, c10::Storage* k) { delete k; }, keep);
  END
}

// wrappedScalar(value): a number as Python passes it where a Tensor is expected
// (add, sub, mul, div): a 0-dim tensor flagged as a wrapped number, so it
// promotes like a scalar.
at::Tensor wrapped_number(const at::Scalar& s) {
  auto t = at::scalar_to_tensor(s);
  t.unsafeGetTensorImpl()->set_wrapped_number(true);
  return t;
}
bool records_grad(const at::Tensor& t) { return t.requires_grad() && at::GradMode::is_enabled(); }
NATIVE(WrappedScalar) {
  BEGIN
  return wrap(env, wrapped_number(to_scalar(info[0])));
  END
}

// ---- metadata -------------------------------------------------------------------
NATIVE(Shape) {
  BEGIN
  const auto& t = get(info[0]);
  auto a = Napi::Array::New(env, t.dim());
  for (int64_t i = 0; i < t.dim(); i++) a.Set(static_cast<uint32_t>(i), Napi::Number::New(env, static_cast<double>(t.size(i))));
  return a;
  END
}
NATIVE(Stride) {
  BEGIN
  const auto& t = get(info[0]);
  auto a = Napi::Array::New(env, t.dim());
  for (int64_t i = 0; i < t.dim(); i++) a.Set(static_cast<uint32_t>(i), Napi::Number::New(env, static_cast<double>(t.stride(i))));
  return a;
  END
}
NATIVE(Dtype) { BEGIN return Napi::Number::New(env, static_cast<int>(get(info[0]).scalar_type())); END }
NATIVE(Device) { BEGIN return Napi::String::New(env, get(info[0]).device().str()); END }
NATIVE(Dim) { BEGIN return Napi::Number::New(env, static_cast<double>(get(info[0]).dim())); END }
NATIVE(Numel) { BEGIN return Napi::Number::New(env, static_cast<double>(get(info[0]).numel())); END }
NATIVE(StorageOffset) { BEGIN return Napi::Number::New(env, static_cast<double>(get(info[0]).storage_offset())); END }
NATIVE(IsContiguous) { BEGIN return Napi::Boolean::New(env, get(info[0]).is_contiguous()); END }
NATIVE(ElementSize) { BEGIN return Napi::Number::New(env, static_cast<double>(get(info[0]).element_size())); END }
// Identity of the underlying storage, to keep shared storages shared in checkpoints.
NATIVE(StorageId) {
  BEGIN
  const auto& t = get(info[0]);
  if (!t.has_storage()) return env.Null();
  return Napi::Number::New(env, static_cast<double>(reinterpret_cast<uintptr_t>(t.storage().unsafeGetStorageImpl())));
  END
}
NATIVE(StorageNumel) {
  BEGIN
  const auto& t = get(info[0]);
  return Napi::Number::New(env, static_cast<double>(t.storage().nbytes() / t.element_size()));
  END
}
// storageTensor(h): a flat 1-D tensor over the whole storage of h.
NATIVE(StorageTensor) {
  BEGIN
  const auto& t = get(info[0]);
  int64_t n = static_cast<int64_t>(t.storage().nbytes() / t.element_size());
  return wrap(env, t.as_strided({n}, {1}, 0));
  END
}
NATIVE(SameTensor) {
  BEGIN
  return Napi::Boolean::New(env, get(info[0]).is_same(get(info[1])));
  END
}

NATIVE(Item) {
  BEGIN
  const auto& t = get(info[0]);
  if (t.numel() != 1)
    throw_js(env, "a Tensor with " + std::to_string(t.numel()) + " elements cannot be converted to Scalar", "RuntimeError");
#if TN_UINT_DTYPES
  // Values past 2**63 - 1 are unsigned scalars, which toLong() refuses.
  if (t.scalar_type() == at::kUInt64) return Napi::Number::New(env, static_cast<double>(t.item().toUInt64()));
#endif
  return wrap_scalar(env, t.item());
  END
}

// ---- autograd -------------------------------------------------------------------
NATIVE(RequiresGrad) { BEGIN return Napi::Boolean::New(env, get(info[0]).requires_grad()); END }
NATIVE(SetRequiresGrad) {
  BEGIN
  get(info[0]).requires_grad_(to_bool(info[1]));
  END
}
NATIVE(IsLeaf) { BEGIN return Napi::Boolean::New(env, get(info[0]).is_leaf()); END }
// grad(h, cached): null, -2 when the grad is the tensor of handle `cached` (the JS
// wrapper it returned before: `p.grad === p.grad`, as `is` in Python), else a new handle.
NATIVE(Grad) {
  BEGIN
  const auto& g = get(info[0]).grad();
  if (!g.defined()) return env.Null();
  int32_t cached = info[1].IsNumber() ? info[1].As<Napi::Number>().Int32Value() : -1;
  auto& r = registry();
  if (cached >= 0 && static_cast<size_t>(cached) < r.slots.size() &&
      r.slots[cached].unsafeGetTensorImpl() == g.unsafeGetTensorImpl())
    return Napi::Number::New(env, -2);
  return wrap(env, g);
  END
}
NATIVE(SetGrad) {
  BEGIN
  const auto& t = get(info[0]);
  if (is_none(info[1])) {
    t.mutable_grad() = at::Tensor();
  } else {
    const auto& g = get(info[1]);
    TORCH_CHECK(g.sizes() == t.sizes(), "assigned grad has data of a different size");
    TORCH_CHECK(g.scalar_type() == t.scalar_type(), "assigned grad has data of a different type");
    TORCH_CHECK(g.device() == t.device(), "assigned grad has data located on a different device");
    t.mutable_grad() = g;
  }
  END
}
NATIVE(GradFnName) {
  BEGIN
  const auto& fn = get(info[0]).grad_fn();
  if (!fn) return env.Null();
  return Napi::String::New(env, fn->name());
  END
}
// ---- autograd graph nodes -------------------------------------------------------
// grad_fn and next_functions as node ids into a per-environment table that holds each
// node (as Python's grad_fn object holds its node); one id per node while JS holds it.
// (A shared_ptr on libtorch 1.13, an intrusive_ptr on newer releases: the type grad_fn() returns.)
using NodePtr = std::decay_t<decltype(std::declval<at::Tensor>().grad_fn())>;
struct NodeTable {
  std::vector<NodePtr> nodes;
  std::vector<int32_t> free;
  std::unordered_map<const void*, int32_t> ids;
};
static NodeTable& node_table() {
  auto& r = registry();
  if (!r.graph_nodes) r.graph_nodes = std::make_shared<NodeTable>();
  return *static_cast<NodeTable*>(r.graph_nodes.get());
}
static int32_t node_id(NodePtr n) {
  auto& r = node_table();
  auto it = r.ids.find(n.get());
  if (it != r.ids.end()) return it->second;
  int32_t id;
  if (!r.free.empty()) {
    id = r.free.back();
    r.free.pop_back();
  } else {
    id = static_cast<int32_t>(r.nodes.size());
    r.nodes.emplace_back();
  }
  r.ids.emplace(n.get(), id);
  r.nodes[id] = std::move(n);
  return id;
}
static torch::autograd::Node& node_at(const Napi::Value& v) {
  auto& r = node_table();
  int32_t id = v.As<Napi::Number>().Int32Value();
  if (id < 0 || static_cast<size_t>(id) >= r.nodes.size() || !r.nodes[id]) throw_js(v.Env(), "invalid autograd node");
  return *r.nodes[id];
}
// gradFnNode(h): the id of the tensor's grad_fn, or null.
NATIVE(GradFnNode) {
  BEGIN
  auto fn = get(info[0]).grad_fn();
  if (!fn) return env.Null();
  return Napi::Number::New(env, node_id(std::move(fn)));
  END
}
NATIVE(NodeName) { BEGIN return Napi::String::New(env, node_at(info[0]).name()); END }
// nodeNext(id): [[id | null, input_nr], ...], Python's next_functions.
NATIVE(NodeNext) {
  BEGIN
  const auto& edges = node_at(info[0]).next_edges();
  auto out = Napi::Array::New(env, edges.size());
  for (size_t i = 0; i < edges.size(); i++) {
    auto pair = Napi::Array::New(env, 2);
    const auto& e = edges[i];
    pair.Set(0u, e.function ? Napi::Value(Napi::Number::New(env, node_id(e.function))) : env.Null());
    pair.Set(1u, Napi::Number::New(env, e.input_nr));
    out.Set(static_cast<uint32_t>(i), pair);
  }
  return out;
  END
}
// nodeVariable(id): an AccumulateGrad's leaf: its JS tensor where one is tracked (Python gives the
// same object), else a new handle; null for other nodes.
NATIVE(NodeVariable) {
  BEGIN
  auto* acc = dynamic_cast<torch::autograd::AccumulateGrad*>(&node_at(info[0]));
  if (acc == nullptr) return env.Null();
  auto& r = registry();
  const auto* impl = acc->variable.unsafeGetTensorImpl();
  for (size_t h = 0; h < r.slots.size(); h++) {
    if (!r.weak[h] || r.slots[h].unsafeGetTensorImpl() != impl || r.refs[h].IsEmpty()) continue;
    return Napi::Value(env, from_local(v8::Local<v8::Value>::New(v8::Isolate::GetCurrent(), r.refs[h])));
  }
  return wrap(env, acc->variable);
  END
}
// nodeRelease(id): the JS node is gone.
NATIVE(NodeRelease) {
  BEGIN
  auto& r = node_table();
  int32_t id = info[0].As<Napi::Number>().Int32Value();
  if (id < 0 || static_cast<size_t>(id) >= r.nodes.size() || !r.nodes[id]) return env.Undefined();
  r.ids.erase(r.nodes[id].get());
  r.nodes[id].reset();
  r.free.push_back(id);
  END
}
NATIVE(RetainGrad) { BEGIN get(info[0]).retain_grad(); END }
// backward(h, gradient|null, retain_graph|null, create_graph)
NATIVE(Backward) {
  BEGIN
  const auto& t = get(info[0]);
  auto grad = to_opt_tensor(info[1]);
  auto retain = to_opt_bool(info[2]);
  bool create = to_bool(info[3]);
  t.backward(grad.has_value() ? *grad : at::Tensor(), retain, create);
  END
}
// autogradGrad(outputs[], inputs[], grad_outputs[]|null, retain_graph|null, create_graph, allow_unused)
NATIVE(AutogradGrad) {
  BEGIN
  auto outputs = to_tensor_vec(info[0]);
  auto inputs = to_tensor_vec(info[1]);
  auto grad_outputs = is_none(info[2]) ? TensorVec() : to_tensor_vec(info[2]);
  auto res = torch::autograd::grad(outputs, inputs, grad_outputs, to_opt_bool(info[3]), to_bool(info[4]),
                                   to_bool(info[5]));
  return wrap_list(env, res);
  END
}
// data(h): the tensor's data as a new tensor that does not require grad (Python's .data).
NATIVE(Data) { BEGIN return wrap(env, get(info[0]).variable_data()); END }
NATIVE(SetData) {
  BEGIN
  get(info[0]).set_data(get(info[1]));
  END
}
NATIVE(IsGradEnabled) { return Napi::Boolean::New(info.Env(), c10::GradMode::is_enabled()); }
NATIVE(SetGradEnabled) {
  c10::GradMode::set_enabled(info[0].ToBoolean().Value());
  return info.Env().Undefined();
}

// ---- randomness -----------------------------------------------------------------
static std::vector<at::Generator>& generators() { return registry().generators; }
c10::optional<at::Generator> to_opt_generator(const Napi::Value& v) {
  if (is_none(v)) return c10::nullopt;
  int64_t i = to_int(v);
  auto& g = generators();
  if (i < 0 || static_cast<size_t>(i) >= g.size()) throw_js(v.Env(), "invalid generator", "TypeError");
  return g[i];
}
static at::Generator gen_at(const Napi::Value& v) {
  if (is_none(v)) return at::detail::getDefaultCPUGenerator();
  return *to_opt_generator(v);
}
// generatorNew(device): index of a new generator with PyTorch's default seed.
NATIVE(GeneratorNew) {
  BEGIN
  std::string dev = info[0].IsString() ? to_string(info[0]) : "cpu";
  c10::Device d(dev);
  at::Generator g;
  if (d.is_cpu()) g = at::detail::createCPUGenerator();
  else g = at::globalContext().defaultGenerator(c10::Device(d.type(), d.has_index() ? d.index() : 0)).clone();
  generators().push_back(g);
  return Napi::Number::New(env, static_cast<double>(generators().size() - 1));
  END
}
// manualSeed(gen|null, seed): null is the default CPU generator (torch.manual_seed
// also seeds CUDA's, done in TypeScript when CUDA is available).
NATIVE(ManualSeed) {
  BEGIN
  auto g = gen_at(info[0]);
  uint64_t seed;
  if (info[1].IsBigInt()) {
    bool lossless;
    seed = info[1].As<Napi::BigInt>().Uint64Value(&lossless);
  } else {
    double d = info[1].As<Napi::Number>().DoubleValue();
    seed = d < 0 ? static_cast<uint64_t>(static_cast<int64_t>(d)) : static_cast<uint64_t>(d);
  }
  std::lock_guard<std::mutex> lock(g.mutex());
  g.set_current_seed(seed);
  END
}
NATIVE(Seed) {
  BEGIN
  auto g = gen_at(info[0]);
  std::lock_guard<std::mutex> lock(g.mutex());
  return Napi::BigInt::New(env, static_cast<uint64_t>(g.seed()));
  END
}
NATIVE(InitialSeed) {
  BEGIN
  auto g = gen_at(info[0]);
  return Napi::BigInt::New(env, static_cast<uint64_t>(g.current_seed()));
  END
}
NATIVE(GetRngState) {
  BEGIN
  auto g = gen_at(info[0]);
  std::lock_guard<std::mutex> lock(g.mutex());
  return wrap(env, g.get_state());
  END
}
NATIVE(SetRngState) {
  BEGIN
  auto g = gen_at(info[0]);
  std::lock_guard<std::mutex> lock(g.mutex());
  g.set_state(get(info[1]));
  END
}

// ---- indexing -------------------------------------------------------------------
// A spec comes in a shared buffer: [0] = item count, then 4 doubles per item,
// [code, a, b, c] (lib/tensor.ts writes them): 0 int a, 1 None, 2 Ellipsis, 3 bool a,
// 4 slice a:b:c (NaN: omitted), 5 tensor handle a. No N-API getter per item.
static std::vector<at::indexing::TensorIndex> read_indices(Napi::Env env) {
  using namespace at::indexing;
  const double* b = registry().index_buf;
  int n = static_cast<int>(b[0]);
  if (n < 0 || n > kIndexItems) throw_js(env, "bad index spec", "TypeError");
  std::vector<TensorIndex> out;
  out.reserve(n);
  auto opt = [](double x) { return std::isnan(x) ? c10::optional<int64_t>() : c10::optional<int64_t>(static_cast<int64_t>(x)); };
  for (int i = 0; i < n; i++) {
    const double* e = b + 4 + 4 * i;
    switch (static_cast<int>(e[0])) {
      case 0: out.emplace_back(static_cast<int64_t>(e[1])); break;
      case 1: out.emplace_back(None); break;
      case 2: out.emplace_back(Ellipsis); break;
      case 3: out.emplace_back(e[1] != 0); break;
      case 4: {
        auto start = opt(e[1]), stop = opt(e[2]), step = opt(e[3]);
        if (step.has_value() && *step == 0) throw_js(env, "slice step cannot be zero", "ValueError");
#if TN_SYMINT_SLICE
        auto sym = [](c10::optional<int64_t> x) {
          return x.has_value() ? c10::optional<c10::SymInt>(c10::SymInt(*x)) : c10::optional<c10::SymInt>();
        };
        out.emplace_back(Slice(sym(start), sym(stop), sym(step)));
#else
        out.emplace_back(Slice(start, stop, step));
#endif
        break;
      }
      case 5: out.emplace_back(get_handle(env, static_cast<int32_t>(e[1]))); break;
      default: throw_js(env, "bad index spec", "TypeError");
    }
  }
  return out;
}
// indexFast(h): t[spec] with the spec in the shared buffer.
NATIVE(IndexFast) {
  BEGIN
  const auto& t = get(info[0]);
  return wrap(env, t.index(read_indices(env)));
  END
}
// indexPutFast(h, value: handle | {s: number}), the spec in the shared buffer.
NATIVE(IndexPutFast) {
  BEGIN
  auto t = get(info[0]);
  auto idx = read_indices(env);
  if (info[1].IsNumber()) t.index_put_(idx, get(info[1]));
  else t.index_put_(idx, to_scalar(info[1].As<Napi::Object>().Get("s")));
  END
}
// ---- memory-mapped checkpoints -----------------------------------------------------
// torch.load(f, { mmap: true }): the file is mapped once, private and copy-on-write, as
// Python's UntypedStorage.from_file(f, shared=False) maps it (MAP_PRIVATE): writes to a
// tensor change its pages only, never the file. Each storage of the checkpoint becomes a
// tensor of its own over its record's bytes, holding the mapping: it is unmapped when the
// last of them (and the loader's reference) is gone.
struct Mapping {
  void* base = nullptr;
  size_t size = 0;
  ~Mapping() {
    if (base != nullptr) munmap(base, size);
  }
};
struct MappingRef {
  std::shared_ptr<Mapping> m;
};

// mmapOpen(path): an external holding the mapping of the whole file, and its size.
NATIVE(MmapOpen) {
  BEGIN
  std::string path = to_string(info[0]);
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw_js(env, "unable to open file <" + path + ">: " + std::strerror(errno));
  struct stat st;
  if (fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    throw_js(env, "unable to stat file <" + path + ">: " + std::strerror(err));
  }
  auto m = std::make_shared<Mapping>();
  m->size = static_cast<size_t>(st.st_size);
  if (m->size > 0) {
    void* p = mmap(nullptr, m->size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED) {
      int err = errno;
      ::close(fd);
      throw_js(env, "unable to mmap " + std::to_string(m->size) + " bytes from file <" + path + ">: " + std::strerror(err));
    }
    m->base = p;
  }
  ::close(fd);
  auto* ref = new MappingRef{std::move(m)};
  auto ext = Napi::External<MappingRef>::New(env, ref, [](Napi::Env, MappingRef* r) { delete r; });
  auto out = Napi::Object::New(env);
  out.Set("map", ext);
  out.Set("size", Napi::Number::New(env, static_cast<double>(ref->m->size)));
  return out;
  END
}
static std::shared_ptr<Mapping> mapping_of(const Napi::Value& v) {
  if (!v.IsExternal()) throw_js(v.Env(), "expected a file mapping", "TypeError");
  auto* r = v.As<Napi::External<MappingRef>>().Data();
  if (r == nullptr || !r->m) throw_js(v.Env(), "the file mapping is closed");
  return r->m;
}
// mmapClose(map): drops the loader's reference; tensors over the mapping keep it.
NATIVE(MmapClose) {
  BEGIN
  if (info[0].IsExternal()) {
    auto* r = info[0].As<Napi::External<MappingRef>>().Data();
    if (r != nullptr) r->m.reset();
  }
  END
}
// mmapTensor(map, offset, nbytes, dtypeCode): a 1-D tensor of its own storage over
// bytes [offset, offset + nbytes) of the mapping.
NATIVE(MmapTensor) {
  BEGIN
  auto m = mapping_of(info[0]);
  int64_t offset = to_int(info[1]), nbytes = to_int(info[2]);
  auto dtype = to_dtype(info[3]);
  int64_t item = static_cast<int64_t>(c10::elementSize(dtype));
  if (offset < 0 || nbytes < 0 || static_cast<uint64_t>(offset + nbytes) > m->size)
    throw_js(env, "bytes " + std::to_string(offset) + " to " + std::to_string(offset + nbytes) +
                      " are outside the mapped file of " + std::to_string(m->size) + " bytes");
  if (nbytes % item != 0 || offset % item != 0)
    throw_js(env, "a mapped storage must hold whole, aligned " + std::string(c10::toString(dtype)) + " elements");
  void* data = static_cast<char*>(m->base) + offset;
  auto t = at::from_blob(data, {nbytes / item}, [keep = std::move(m)](void*) mutable { keep.reset(); },
                         at::TensorOptions().dtype(dtype));
  return wrap(env, std::move(t));
  END
}

// ---- devices --------------------------------------------------------------------
NATIVE(CudaIsAvailable) { return Napi::Boolean::New(info.Env(), at::detail::getCUDAHooks().hasCUDA() && at::detail::getCUDAHooks().getNumGPUs() > 0); }
NATIVE(CudaDeviceCount) {
  return Napi::Number::New(info.Env(), at::detail::getCUDAHooks().hasCUDA() ? at::detail::getCUDAHooks().getNumGPUs() : 0);
}
NATIVE(Version) { return Napi::String::New(info.Env(), TN_TORCH_VERSION_STRING); }

void register_tensor(Napi::Env env, Napi::Object exports) {
#define REG(js, fn) export_v8<fn>(env, exports, js)
  REG("fromBuffer", FromBuffer);
  REG("fromBufferShared", FromBufferShared);
  auto ib = Napi::ArrayBuffer::New(env, (4 + 4 * kIndexItems) * sizeof(double));
  registry().index_buf = static_cast<double*>(ib.Data());
  registry().index_ref = Napi::Persistent(ib);
  exports.Set("indexBuf", ib);
  exports.Set("indexItems", Napi::Number::New(env, kIndexItems));
  REG("indexFast", IndexFast);
  REG("indexPutFast", IndexPutFast);
  exports.Set("opsTag", Napi::Number::New(env, TN_OPS_TAG));
  REG("toBuffer", ToBuffer);
  REG("wrappedScalar", WrappedScalar);
  REG("shape", Shape);
  REG("stride", Stride);
  REG("dtype", Dtype);
  REG("device", Device);
  REG("dim", Dim);
  REG("numel", Numel);
  REG("storage_offset", StorageOffset);
  REG("is_contiguous", IsContiguous);
  REG("element_size", ElementSize);
  REG("storageId", StorageId);
  REG("storageNumel", StorageNumel);
  REG("storageTensor", StorageTensor);
  REG("sameTensor", SameTensor);
  REG("item", Item);
  REG("requires_grad", RequiresGrad);
  REG("set_requires_grad", SetRequiresGrad);
  REG("is_leaf", IsLeaf);
  REG("grad", Grad);
  REG("set_grad", SetGrad);
  REG("grad_fn_name", GradFnName);
  REG("gradFnNode", GradFnNode);
  REG("nodeName", NodeName);
  REG("nodeNext", NodeNext);
  REG("nodeVariable", NodeVariable);
  REG("nodeRelease", NodeRelease);
  REG("retain_grad", RetainGrad);
  REG("backward", Backward);
  REG("autograd_grad", AutogradGrad);
  REG("data", Data);
  REG("set_data", SetData);
  REG("is_grad_enabled", IsGradEnabled);
  REG("set_grad_enabled", SetGradEnabled);
  REG("generatorNew", GeneratorNew);
  REG("manualSeed", ManualSeed);
  REG("seed", Seed);
  REG("initialSeed", InitialSeed);
  REG("getRngState", GetRngState);
  REG("setRngState", SetRngState);
  REG("cudaIsAvailable", CudaIsAvailable);
  REG("cudaDeviceCount", CudaDeviceCount);
  REG("version", Version);
  REG("mmapOpen", MmapOpen);
  REG("mmapClose", MmapClose);
  REG("mmapTensor", MmapTensor);
#undef REG
}

}  // namespace tn
