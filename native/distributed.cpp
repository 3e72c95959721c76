// torch.distributed over libtorch's c10d: stores (TCPStore, FileStore, PrefixStore),
// the Gloo process group, its collectives as Work handles, and the Reducer that
// DistributedDataParallel drives (gradient buckets all-reduced from autograd hooks).
// Objects reach JavaScript as externals owning an intrusive_ptr; tensors as handles.
#include "common.h"
#include "version.h"

#include <torch/csrc/distributed/c10d/FileStore.hpp>
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroup.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#include <torch/csrc/distributed/c10d/comm.hpp>
#include <torch/csrc/distributed/c10d/reducer.hpp>

#include <chrono>
#include <cstdlib>
#include <memory>

namespace tn {

namespace {

using ms = std::chrono::milliseconds;

struct StoreBox { c10::intrusive_ptr<c10d::Store> s; };
struct GroupBox { c10::intrusive_ptr<c10d::ProcessGroup> pg; };
struct WorkBox {
  c10::intrusive_ptr<c10d::Work> w;
  std::vector<at::Tensor> keep;   // the tensors the collective reads and writes
};
struct ReducerBox { std::shared_ptr<c10d::Reducer> r; };

template <typename T>
Napi::Value box(Napi::Env env, T* p) {
  return Napi::External<T>::New(env, p, [](Napi::Env, T* q) { delete q; });
}
template <typename T>
T* unbox(const Napi::Value& v, const char* what) {
  if (!v.IsExternal()) throw_js(v.Env(), std::string("expected a ") + what, "TypeError");
  return v.As<Napi::External<T>>().Data();
}
c10d::Store& store_of(const Napi::Value& v) { return *unbox<StoreBox>(v, "Store")->s; }
const c10::intrusive_ptr<c10d::ProcessGroup>& pg_of(const Napi::Value& v) {
  return unbox<GroupBox>(v, "ProcessGroup")->pg;
}

std::vector<at::Tensor> tensors(const Napi::Value& v) {
  auto b = to_tensor_vec(v);
  return std::vector<at::Tensor>(b.begin(), b.end());
}
std::vector<uint8_t> bytes_of(const Napi::Value& v) {
  if (v.IsString()) {
    auto s = v.As<Napi::String>().Utf8Value();
    return std::vector<uint8_t>(s.begin(), s.end());
  }
  if (!v.IsTypedArray()) throw_js(v.Env(), "expected a string or bytes", "TypeError");
  auto a = v.As<Napi::Uint8Array>();
  return std::vector<uint8_t>(a.Data(), a.Data() + a.ByteLength());
}
std::vector<std::string> strings(const Napi::Value& v) {
  auto a = v.As<Napi::Array>();
  std::vector<std::string> out;
  for (uint32_t i = 0; i < a.Length(); i++) out.push_back(to_string(a.Get(i)));
  return out;
}
ms to_ms(const Napi::Value& v) { return ms(static_cast<int64_t>(to_double(v))); }

Napi::Value work(Napi::Env env, c10::intrusive_ptr<c10d::Work> w, std::vector<at::Tensor> keep) {
  return box(env, new WorkBox{std::move(w), std::move(keep)});
}

// ---- stores ----------------------------------------------------------------------

// tcpStore(host, port, world_size | null, is_master, timeout_ms, wait_for_workers, multi_tenant)
Napi::Value TcpStore(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  TN_TRY
  c10d::TCPStoreOptions o;
  o.port = static_cast<uint16_t>(to_int(info[1]));
  if (!is_none(info[2])) o.numWorkers = static_cast<size_t>(to_int(info[2]));
  o.isServer = to_bool(info[3]);
  o.timeout = to_ms(info[4]);
  o.waitWorkers = to_bool(info[5]);
  o.multiTenant = to_bool(info[6]);
#if TN_C10D_LIBUV
  // libtorch's libuv is linked under the same symbol names as Node's own, which the
  // process resolves first: the socket server is the one that needs no libuv.
  o.useLibUV = false;
#endif
  auto s = c10::make_intrusive<c10d::TCPStore>(to_string(info[0]), o);
  return box(env, new StoreBox{s});
  TN_CATCH(env)
}
Napi::Value FileStore(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  TN_TRY
  auto s = c10::make_intrusive<c10d::FileStore>(to_string(info[0]), static_cast<int>(to_int(info[1])));
  return box(env, new StoreBox{s});
  TN_CATCH(env)
}
Napi::Value PrefixStore(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  TN_TRY
  auto s = c10::make_intrusive<c10d::PrefixStore>(to_string(info[0]), unbox<StoreBox>(info[1], "Store")->s);
  return box(env, new StoreBox{s});
  TN_CATCH(env)
}
Napi::Value StoreSet(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  TN_TRY
  store_of(info[0]).set(to_string(info[1]), bytes_of(info[2]));
  TN_CATCH(env)
  return env.Undefined();
}
Napi::Value StoreGet(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  TN_TRY
  auto v = store_of(info[0]).get(to_string(info[1]));
  auto out = Napi::Buffer<uint8_t>::Copy(env, v.data(), v.size());
  return out;
  TN_CATCH(env)
}
Napi::Value StoreAdd(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  TN_TRY
  return Napi::Number::New(env, static_cast<double>(store_of(info[0]).add(to_string(info[1]), to_int(info[2]))));
  TN_CATCH(env)
}
// storeWait(store, keys, timeout_ms | null)
Napi::Value StoreWait(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  TN_TRY
  auto keys = strings(info[1]);
  if (is_none(info[2])) store_of(info[0]).wait(keys);
  else store_of(info[0]).wait(keys, to_ms(info[2]));
  TN_CATCH(env)
  return env.Undefined();
}
Napi::Value StoreCheck(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  TN_TRY
  return Napi::Boolean::New(env, store_of(info[0]).check(strings(info[1])));
  TN_CATCH(env)
}
Napi::Value StoreDeleteKey(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  TN_TRY
  return Napi::Boolean::New(env, store_of(info[0]).deleteKey(to_string(info[1])));
  TN_CATCH(env)
}
Napi::Value StoreNumKeys(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  TN_TRY
  return Napi::Number::New(env, static_cast<double>(store_of(info[0]).getNumKeys()));
  TN_CATCH(env)
}
Napi::Value StoreSetTimeout(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  TN_TRY
  store_of(info[0]).setTimeout(to_ms(info[1]));
  TN_CATCH(env)
  return env.Undefined();
}
Napi::Value StoreTimeout(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  TN_TRY
  return Napi::Number::New(env, static_cast<double>(store_of(info[0]).getTimeout().count()));
  TN_CATCH(env)
}

// ---- process groups ----------------------------------------------------------------

// newGloo(store, rank, size, timeout_ms, backend_store): Python's ProcessGroupGloo
// constructor (one device per GLOO_SOCKET_IFNAME interface, else the default device);
// on 2.x wrapped in a ProcessGroup over `store` with Gloo registered for CPU and CUDA,
// as distributed_c10d._new_process_group_helper does, Gloo itself rendezvousing on
// backend_store.
Napi::Value NewGloo(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  TN_TRY
  auto store = unbox<StoreBox>(info[0], "Store")->s;
  int rank = static_cast<int>(to_int(info[1]));
  int size = static_cast<int>(to_int(info[2]));
  auto opts = c10d::ProcessGroupGloo::Options::create(to_ms(info[3]));
  const char* ifname = std::getenv("GLOO_SOCKET_IFNAME");
  if (ifname != nullptr && *ifname != '\0') {
    std::string names(ifname);
    size_t start = 0;
    while (start <= names.size()) {
      size_t end = names.find(',', start);
      if (end == std::string::npos) end = names.size();
      if (end > start) opts->devices.push_back(c10d::ProcessGroupGloo::createDeviceForInterface(names.substr(start, end - start)));
      start = end + 1;
    }
  } else {
    opts->devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
  }
  opts->threads = static_cast<int>(opts->devices.size()) * 2;
#if TN_C10D_BACKEND
  auto backend_store = unbox<StoreBox>(info[4], "Store")->s;
  auto gloo = c10::make_intrusive<c10d::ProcessGroupGloo>(backend_store, rank, size, opts);
  auto pg = c10::make_intrusive<c10d::ProcessGroup>(store, rank, size);
  pg->setDefaultBackend(c10d::ProcessGroup::BackendType::GLOO);
  c10::intrusive_ptr<c10d::Backend> b = gloo;
  pg->setBackend(c10::DeviceType::CPU, c10d::ProcessGroup::BackendType::GLOO, b);
  pg->setBackend(c10::DeviceType::CUDA, c10d::ProcessGroup::BackendType::GLOO, b);
#else
  c10::intrusive_ptr<c10d::ProcessGroup> pg = c10::make_intrusive<c10d::ProcessGroupGloo>(store, rank, size, opts);
#endif
  return box(env, new GroupBox{pg});
  TN_CATCH(env)
}
Napi::Value GroupRank(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), pg_of(info[0])->getRank());
}
Napi::Value GroupSize(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), pg_of(info[0])->getSize());
}
// 1.13's init_process_group ends with _set_sequence_number_for_group (a store exchange).
Napi::Value SetSequenceNumber(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  TN_TRY
#if !TN_C10D_BACKEND
  pg_of(info[0])->setSequenceNumberForGroup();
#endif
  TN_CATCH(env)
  return env.Undefined();
}

c10d::ReduceOp reduce_op(const Napi::Value& v) {
  return c10d::ReduceOp(static_cast<c10d::ReduceOp::RedOpType>(to_int(v)));
}

// broadcast(pg, tensors, root)
Napi::Value Broadcast(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  TN_TRY
  auto ts = tensors(info[1]);
  c10d::BroadcastOptions o;
  o.rootRank = to_int(info[2]);
  auto w = pg_of(info[0])->broadcast(ts, o);
  return work(env, w, ts);
  TN_CATCH(env)
}
// allreduce(pg, tensors, op)
Napi::Value Allreduce(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  TN_TRY
  auto ts = tensors(info[1]);
  c10d::AllreduceOptions o;
  o.reduceOp = reduce_op(info[2]);
  auto w = pg_of(info[0])->allreduce(ts, o);
  return work(env, w, ts);
  TN_CATCH(env)
}
// reduce(pg, tensors, root, op)
Napi::Value Reduce(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  TN_TRY
  auto ts = tensors(info[1]);
  c10d::ReduceOptions o;
  o.rootRank = to_int(info[2]);
  o.reduceOp = reduce_op(info[3]);
  auto w = pg_of(info[0])->reduce(ts, o);
  return work(env, w, ts);
  TN_CATCH(env)
}
// allgather(pg, outputs, input)
Napi::Value Allgather(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  TN_TRY
  std::vector<std::vector<at::Tensor>> outs{tensors(info[1])};
  std::vector<at::Tensor> ins{get(info[2])};
  auto w = pg_of(info[0])->allgather(outs, ins);
  auto keep = outs[0];
  keep.push_back(ins[0]);
  return work(env, w, keep);
  TN_CATCH(env)
}
// allgatherBase(pg, output, input): all_gather_into_tensor
Napi::Value AllgatherBase(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  TN_TRY
  at::Tensor out = get(info[1]), in = get(info[2]);
  auto w = pg_of(info[0])->_allgather_base(out, in);
  return work(env, w, {out, in});
  TN_CATCH(env)
}
// reduceScatterBase(pg, output, input, op): reduce_scatter_tensor
Napi::Value ReduceScatterBase(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  TN_TRY
  at::Tensor out = get(info[1]), in = get(info[2]);
  c10d::ReduceScatterOptions o;
  o.reduceOp = reduce_op(info[3]);
  auto w = pg_of(info[0])->_reduce_scatter_base(out, in, o);
  return work(env, w, {out, in});
  TN_CATCH(env)
}
// reduceScatter(pg, output, inputs, op)
Napi::Value ReduceScatter(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  TN_TRY
  std::vector<at::Tensor> outs{get(info[1])};
  std::vector<std::vector<at::Tensor>> ins{tensors(info[2])};
  c10d::ReduceScatterOptions o;
  o.reduceOp = reduce_op(info[3]);
  auto w = pg_of(info[0])->reduce_scatter(outs, ins, o);
  auto keep = ins[0];
  keep.push_back(outs[0]);
  return work(env, w, keep);
  TN_CATCH(env)
}
// gather(pg, outputs (empty off the root), input, root)
Napi::Value Gather(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  TN_TRY
  auto list = tensors(info[1]);
  std::vector<std::vector<at::Tensor>> outs;
  if (!list.empty()) outs.push_back(list);
  std::vector<at::Tensor> ins{get(info[2])};
  c10d::GatherOptions o;
  o.rootRank = to_int(info[3]);
  auto w = pg_of(info[0])->gather(outs, ins, o);
  list.push_back(ins[0]);
  return work(env, w, list);
  TN_CATCH(env)
}
// scatter(pg, output, inputs (empty off the root), root)
Napi::Value Scatter(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  TN_TRY
  std::vector<at::Tensor> outs{get(info[1])};
  auto list = tensors(info[2]);
  std::vector<std::vector<at::Tensor>> ins;
  if (!list.empty()) ins.push_back(list);
  c10d::ScatterOptions o;
  o.rootRank = to_int(info[3]);
  auto w = pg_of(info[0])->scatter(outs, ins, o);
  list.push_back(outs[0]);
  return work(env, w, list);
  TN_CATCH(env)
}
// send(pg, tensor, dst, tag) / recv(pg, tensor, src | -1 (any), tag)
Napi::Value Send(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  TN_TRY
  std::vector<at::Tensor> ts{get(info[1])};
  auto w = pg_of(info[0])->send(ts, static_cast<int>(to_int(info[2])), static_cast<int>(to_int(info[3])));
  return work(env, w, ts);
  TN_CATCH(env)
}
Napi::Value Recv(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  TN_TRY
  std::vector<at::Tensor> ts{get(info[1])};
  int src = static_cast<int>(to_int(info[2]));
  int tag = static_cast<int>(to_int(info[3]));
  auto w = src < 0 ? pg_of(info[0])->recvAnysource(ts, tag) : pg_of(info[0])->recv(ts, src, tag);
  return work(env, w, ts);
  TN_CATCH(env)
}
Napi::Value Barrier(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  TN_TRY
  c10d::BarrierOptions o;
  auto w = pg_of(info[0])->barrier(o);
  return work(env, w, {});
  TN_CATCH(env)
}
// broadcastCoalesced(pg, tensors, buffer_size, root): DDP's _broadcast_coalesced.
Napi::Value BroadcastCoalesced(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  TN_TRY
  auto ts = tensors(info[1]);
  c10d::broadcast_coalesced(pg_of(info[0]), ts, static_cast<size_t>(to_int(info[2])), static_cast<int>(to_int(info[3])));
  TN_CATCH(env)
  return env.Undefined();
}

// ---- work handles ------------------------------------------------------------------

// workWait(work, timeout_ms | null): throws the collective's error (a peer gone, a timeout).
Napi::Value WorkWait(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  TN_TRY
  auto* b = unbox<WorkBox>(info[0], "Work");
  bool ok = is_none(info[1]) ? b->w->wait() : b->w->wait(to_ms(info[1]));
  return Napi::Boolean::New(env, ok);
  TN_CATCH(env)
}
Napi::Value WorkIsCompleted(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  TN_TRY
  return Napi::Boolean::New(env, unbox<WorkBox>(info[0], "Work")->w->isCompleted());
  TN_CATCH(env)
}
Napi::Value WorkSourceRank(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  TN_TRY
  return Napi::Number::New(env, unbox<WorkBox>(info[0], "Work")->w->sourceRank());
  TN_CATCH(env)
}

// Waits on a worker thread of libuv's pool, so the event loop runs meanwhile.
class WaitWorker : public Napi::AsyncWorker {
 public:
  WaitWorker(Napi::Env env, c10::intrusive_ptr<c10d::Work> w)
      : Napi::AsyncWorker(env), w_(std::move(w)), deferred_(Napi::Promise::Deferred::New(env)) {}
  void Execute() override {
    try {
      w_->wait();
    } catch (const c10::Error& e) {
      SetError(e.what_without_backtrace());
    } catch (const std::exception& e) {
      SetError(e.what());
    }
  }
  void OnOK() override { deferred_.Resolve(Env().Undefined()); }
  void OnError(const Napi::Error& e) override { deferred_.Reject(e.Value()); }
  Napi::Promise promise() { return deferred_.Promise(); }

 private:
  c10::intrusive_ptr<c10d::Work> w_;
  Napi::Promise::Deferred deferred_;
};
Napi::Value WorkPromise(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  TN_TRY
  auto* worker = new WaitWorker(env, unbox<WorkBox>(info[0], "Work")->w);
  auto p = worker->promise();
  worker->Queue();
  return p;
  TN_CATCH(env)
}

// ---- DistributedDataParallel's reducer ----------------------------------------------

std::vector<size_t> sizes(const Napi::Value& v) {
  std::vector<size_t> out;
  for (auto x : to_int_vec(v)) out.push_back(static_cast<size_t>(x));
  return out;
}
std::vector<bool> bools(const Napi::Value& v) {
  auto a = v.As<Napi::Array>();
  std::vector<bool> out;
  for (uint32_t i = 0; i < a.Length(); i++) out.push_back(a.Get(i).ToBoolean().Value());
  return out;
}
Napi::Value index_lists(Napi::Env env, const std::vector<std::vector<size_t>>& ls) {
  auto a = Napi::Array::New(env, ls.size());
  for (size_t i = 0; i < ls.size(); i++) {
    auto b = Napi::Array::New(env, ls[i].size());
    for (size_t j = 0; j < ls[i].size(); j++) b.Set(j, Napi::Number::New(env, static_cast<double>(ls[i][j])));
    a.Set(i, b);
  }
  return a;
}

// bucketAssignment(params, size_limits, expect_sparse) -> [bucket_indices, per_bucket_limits]
Napi::Value BucketAssignment(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  TN_TRY
  auto ps = tensors(info[0]);
  auto res = c10d::compute_bucket_assignment_by_size(ps, sizes(info[1]), bools(info[2]));
  auto out = Napi::Array::New(env, 2);
  out.Set(0u, index_lists(env, std::get<0>(res)));
  auto limits = Napi::Array::New(env, std::get<1>(res).size());
  for (size_t i = 0; i < std::get<1>(res).size(); i++) limits.Set(i, Napi::Number::New(env, static_cast<double>(std::get<1>(res)[i])));
  out.Set(1u, limits);
  return out;
  TN_CATCH(env)
}

std::vector<std::vector<size_t>> index_lists_of(const Napi::Value& v) {
  auto a = v.As<Napi::Array>();
  std::vector<std::vector<size_t>> out;
  for (uint32_t i = 0; i < a.Length(); i++) out.push_back(sizes(a.Get(i)));
  return out;
}

// newReducer(params, bucket_indices, per_bucket_limits, pg, expect_sparse, bucket_cap,
//            find_unused, gradient_as_bucket_view, param_names, first_bucket_cap)
Napi::Value NewReducer(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  TN_TRY
  auto ps = tensors(info[0]);
  std::unordered_map<size_t, std::string> names;
  auto na = info[8].As<Napi::Array>();
  for (uint32_t i = 0; i < na.Length(); i++) names[i] = to_string(na.Get(i));
#if TN_REDUCER_V2
  auto r = std::make_shared<c10d::Reducer>(ps, index_lists_of(info[1]), pg_of(info[3]), bools(info[4]), to_int(info[5]),
                                          to_bool(info[6]), to_bool(info[7]), names, to_int(info[9]),
                                          /*skip_all_reduce_unused_params=*/false, /*use_python_reducer=*/false,
                                          std::vector<int64_t>{});
#else
  auto r = std::make_shared<c10d::Reducer>(ps, index_lists_of(info[1]), sizes(info[2]), pg_of(info[3]), bools(info[4]),
                                          to_int(info[5]), to_bool(info[6]), to_bool(info[7]), names, to_int(info[9]));
#endif
  return box(env, new ReducerBox{r});
  TN_CATCH(env)
}
c10d::Reducer& reducer_of(const Napi::Value& v) { return *unbox<ReducerBox>(v, "Reducer")->r; }
Napi::Value ReducerPrepareForward(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  TN_TRY
  reducer_of(info[0]).prepare_for_forward();
  TN_CATCH(env)
  return env.Undefined();
}
Napi::Value ReducerPrepareBackward(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  TN_TRY
  reducer_of(info[0]).prepare_for_backward(tensors(info[1]));
  TN_CATCH(env)
  return env.Undefined();
}
Napi::Value ReducerRebuildBuckets(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  TN_TRY
  return Napi::Boolean::New(env, reducer_of(info[0]).rebuild_buckets());
  TN_CATCH(env)
}

}  // namespace

void register_distributed(Napi::Env env, Napi::Object exports) {
  auto d = Napi::Object::New(env);
  const auto fn = [&](const char* name, Napi::Function::Callback cb) { d.Set(name, Napi::Function::New(env, cb, name)); };
  fn("tcpStore", TcpStore);
  fn("fileStore", FileStore);
  fn("prefixStore", PrefixStore);
  fn("storeSet", StoreSet);
  fn("storeGet", StoreGet);
  fn("storeAdd", StoreAdd);
  fn("storeWait", StoreWait);
  fn("storeCheck", StoreCheck);
  fn("storeDeleteKey", StoreDeleteKey);
  fn("storeNumKeys", StoreNumKeys);
  fn("storeSetTimeout", StoreSetTimeout);
  fn("storeTimeout", StoreTimeout);
  fn("newGloo", NewGloo);
  fn("groupRank", GroupRank);
  fn("groupSize", GroupSize);
  fn("setSequenceNumber", SetSequenceNumber);
  fn("broadcast", Broadcast);
  fn("allreduce", Allreduce);
  fn("reduce", Reduce);
  fn("allgather", Allgather);
  fn("allgatherBase", AllgatherBase);
  fn("reduceScatter", ReduceScatter);
  fn("reduceScatterBase", ReduceScatterBase);
  fn("gather", Gather);
  fn("scatter", Scatter);
  fn("send", Send);
  fn("recv", Recv);
  fn("barrier", Barrier);
  fn("broadcastCoalesced", BroadcastCoalesced);
  fn("workWait", WorkWait);
  fn("workIsCompleted", WorkIsCompleted);
  fn("workSourceRank", WorkSourceRank);
  fn("workPromise", WorkPromise);
  fn("bucketAssignment", BucketAssignment);
  fn("newReducer", NewReducer);
  fn("reducerPrepareForward", ReducerPrepareForward);
  fn("reducerPrepareBackward", ReducerPrepareBackward);
  fn("reducerRebuildBuckets", ReducerRebuildBuckets);
  exports.Set("c10d", d);   // not "dist": that is the ATen op torch.dist
}

}  // namespace tn
