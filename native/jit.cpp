// torch.jit's natives: TorchScript modules loaded, run, saved and traced by libtorch's own
// importer, interpreter, serializer and tracer (torch/csrc/jit). Values cross between
// JavaScript and IValues here: by the method schema's declared types where known (as
// Python's createStackForSchema does), else inferred (Python's toTypeInferredIValue).
// Loading a TorchScript file runs no code outside the TorchScript interpreter.
#include "common.h"

#include <torch/csrc/jit/api/function_impl.h>
#include <torch/csrc/jit/api/module.h>
#include <torch/csrc/jit/frontend/tracer.h>
#include <torch/csrc/jit/serialization/import.h>
#include <torch/csrc/jit/serialization/python_print.h>

// AOTInductor's packages (.pt2 with a compiled model inside), where this libtorch has the
// loader (2.x); the plain ExportedProgram needs Python or NativeRT, which pip's libtorch lacks.
#if __has_include(<torch/csrc/inductor/aoti_package/model_package_loader.h>)
#include <torch/csrc/inductor/aoti_package/model_package_loader.h>
#define TN_AOTI 1
#else
#define TN_AOTI 0
#endif

#include <cmath>
#include <sstream>
#include <unordered_map>

namespace tn {

using c10::IValue;
using c10::TypePtr;
using c10::TypeKind;
using torch::jit::Module;

#define NATIVE(name) static Napi::Value name(const Napi::CallbackInfo& info)
#define BEGIN auto env = info.Env(); TN_TRY
#define END TN_CATCH(env) return env.Undefined();

// The TypeScript Tensor class (inputs are recognised by it) and lib/tensor.ts's wrap(handle)
// (outputs become Tensors through it), handed over by jitInit: one pair per Node environment
// (the main thread, each Worker), found as the handle table is, and released by the
// environment's cleanup hook while V8 is alive.
struct JitEnv {
  Napi::FunctionReference tensor_class, tensor_wrap;
};
static thread_local JitEnv* tls_jit = nullptr;
static Napi::FunctionReference& tensor_class() { return tls_jit->tensor_class; }
static Napi::FunctionReference& tensor_wrap() { return tls_jit->tensor_wrap; }
static void CleanupJit(void* arg) {
  auto* j = static_cast<JitEnv*>(arg);
  j->tensor_class.Reset();
  j->tensor_wrap.Reset();
  if (tls_jit == j) tls_jit = nullptr;
  delete j;
}

// ---- module objects --------------------------------------------------------------------
// A torch::jit::Module (a reference to its object) held by a JS object, type-tagged so that
// no other object is ever unwrapped as one.
static const napi_type_tag kModuleTag = {0x6a69745f6d6f6475ull, 0x6c655f746e6f6465ull};

static Napi::Value wrap_module(Napi::Env env, Module m) {
  auto o = Napi::Object::New(env);
  auto* p = new Module(std::move(m));
  napi_status s = napi_wrap(env, o, p, [](napi_env, void* data, void*) { delete static_cast<Module*>(data); }, nullptr, nullptr);
  if (s != napi_ok) { delete p; throw_js(env, "could not wrap a TorchScript module"); }
  napi_type_tag_object(env, o, &kModuleTag);
  return o;
}

// The native object a JS object holds, when it carries `tag`.
template <typename T>
static T& unwrap_tagged(const Napi::Value& v, const napi_type_tag& tag, const char* what) {
  bool ok = false;
  if (v.IsObject()) napi_check_object_type_tag(v.Env(), v, &tag, &ok);
  if (!ok) throw_js(v.Env(), std::string("expected a ") + what, "TypeError");
  void* p = nullptr;
  napi_unwrap(v.Env(), v, &p);
  return *static_cast<T*>(p);
}
static Module& get_module(const Napi::Value& v) { return unwrap_tagged<Module>(v, kModuleTag, "ScriptModule"); }

// ---- JavaScript -> IValue ----------------------------------------------------------------
static bool is_tensor(const Napi::Value& v) {
  return v.IsObject() && !tensor_class().IsEmpty() && v.As<Napi::Object>().InstanceOf(tensor_class().Value());
}
static const at::Tensor& tensor_of(const Napi::Value& v) { return get(v.As<Napi::Object>().Get("_h")); }
static bool is_map(const Napi::Value& v) {
  return v.IsObject() && v.As<Napi::Object>().InstanceOf(v.Env().Global().Get("Map").As<Napi::Function>());
}
// An object literal (or Object.create(null)): a dict, or a trailing keyword-arguments object.
static bool is_plain_object(const Napi::Value& v) {
  if (!v.IsObject() || v.IsArray() || v.IsFunction() || v.IsTypedArray() || v.IsBuffer() || is_tensor(v)) return false;
  napi_value proto;
  napi_get_prototype(v.Env(), v, &proto);
  Napi::Value p(v.Env(), proto);
  return p.IsNull() || p.StrictEquals(v.Env().Global().Get("Object").As<Napi::Object>().Get("prototype"));
}
static bool is_int_number(const Napi::Value& v) {
  if (!v.IsNumber()) return false;
  double d = v.As<Napi::Number>().DoubleValue();
  return std::isfinite(d) && d == std::floor(d) && std::abs(d) < 9.007199254740992e15;
}

// Calls f(key, value) for each entry of a Map, in order.
template <typename F>
static void for_each_entry(const Napi::Value& map, F f) {
  auto entries = map.As<Napi::Object>().Get("entries").As<Napi::Function>().Call(map, {}).As<Napi::Object>();
  auto next = entries.Get("next").As<Napi::Function>();
  for (;;) {
    auto r = next.Call(entries, {}).As<Napi::Object>();
    if (r.Get("done").ToBoolean()) break;
    auto kv = r.Get("value").As<Napi::Array>();
    f(kv.Get(0u), kv.Get(1u));
  }
}

// Python's type name of what a JS value stands for, for TorchScript's mismatch messages.
static std::string py_type_name(const Napi::Value& v) {
  if (is_none(v)) return "NoneType";
  if (v.IsBoolean()) return "bool";
  if (v.IsNumber()) return is_int_number(v) ? "int" : "float";
  if (v.IsBigInt()) return "int";
  if (v.IsString()) return "str";
  if (is_tensor(v)) return "Tensor";
  if (v.IsArray()) return "list";
  if (is_map(v) || is_plain_object(v)) return "dict";
  return "object";
}

static std::string py_str_repr(const std::string& s) {
  char q = s.find('\'') != std::string::npos && s.find('"') == std::string::npos ? '"' : '\'';
  std::string out(1, q);
  for (char c : s) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else if (c == '\r') out += "\\r";
    else if (c == q) { out += '\\'; out += c; }
    else out += c;
  }
  return out + q;
}

// Python's repr() of the value a JS value stands for (the "Value:" line of a mismatch).
static std::string py_repr(const Napi::Value& v, int depth = 0) {
  if (is_none(v)) return "None";
  if (v.IsBoolean()) return v.As<Napi::Boolean>().Value() ? "True" : "False";
  if (v.IsNumber()) {
    if (is_int_number(v)) return std::to_string(static_cast<int64_t>(v.As<Napi::Number>().DoubleValue()));
    return v.ToString().Utf8Value();
  }
  if (v.IsString()) return py_str_repr(v.As<Napi::String>().Utf8Value());
  if (is_tensor(v)) return "Tensor";
  if (v.IsArray() && depth < 4) {
    auto a = v.As<Napi::Array>();
    std::string out = "[";
    for (uint32_t i = 0; i < a.Length(); i++) out += (i ? ", " : "") + py_repr(a.Get(i), depth + 1);
    return out + "]";
  }
  return v.ToString().Utf8Value();
}

struct Mismatch {};   // a value that does not fit its declared type

static IValue infer(const Napi::Value& v);

// A JS value as the IValue of type `t`; throws Mismatch where it does not fit.
static IValue convert(const Napi::Value& v, const TypePtr& t) {
  switch (t->kind()) {
    case TypeKind::OptionalType:
      if (is_none(v)) return IValue();
      return convert(v, t->containedTypes()[0]);
    case TypeKind::NoneType:
      if (is_none(v)) return IValue();
      throw Mismatch{};
    case TypeKind::TensorType:
      if (is_tensor(v)) return tensor_of(v);
      throw Mismatch{};
    case TypeKind::IntType:
      if (is_int_number(v)) return static_cast<int64_t>(v.As<Napi::Number>().DoubleValue());
      if (v.IsBigInt()) { bool lossless; return v.As<Napi::BigInt>().Int64Value(&lossless); }
      throw Mismatch{};
    case TypeKind::FloatType:
      if (v.IsNumber()) return v.As<Napi::Number>().DoubleValue();
      throw Mismatch{};
    case TypeKind::BoolType:
      if (v.IsBoolean()) return v.As<Napi::Boolean>().Value();
      throw Mismatch{};
    case TypeKind::StringType:
      if (v.IsString()) return v.As<Napi::String>().Utf8Value();
      throw Mismatch{};
    case TypeKind::NumberType:
      if (v.IsBoolean()) return v.As<Napi::Boolean>().Value();
      if (is_int_number(v)) return static_cast<int64_t>(v.As<Napi::Number>().DoubleValue());
      if (v.IsNumber()) return v.As<Napi::Number>().DoubleValue();
      throw Mismatch{};
    case TypeKind::DeviceObjType:
      if (v.IsString()) return c10::Device(v.As<Napi::String>().Utf8Value());
      if (v.IsObject() && !v.IsArray() && v.As<Napi::Object>().Has("type")) return c10::Device(v.ToString().Utf8Value());
      throw Mismatch{};
    case TypeKind::ListType: {
      if (!v.IsArray()) throw Mismatch{};
      auto elem = t->containedTypes()[0];
      auto a = v.As<Napi::Array>();
      c10::impl::GenericList list(elem);
      list.reserve(a.Length());
      for (uint32_t i = 0; i < a.Length(); i++) list.push_back(convert(a.Get(i), elem));
      return list;
    }
    case TypeKind::TupleType: {
      auto tt = t->expect<c10::TupleType>();
      auto elems = tt->elements();
      std::vector<IValue> out;
      if (v.IsArray()) {
        auto a = v.As<Napi::Array>();
        if (a.Length() != elems.size()) throw Mismatch{};
        for (uint32_t i = 0; i < a.Length(); i++) out.push_back(convert(a.Get(i), elems[i]));
      } else if (tt->schema() && is_plain_object(v)) {
        // a named tuple given by its field names
        auto o = v.As<Napi::Object>();
        const auto& fields = tt->schema()->arguments();
        for (size_t i = 0; i < elems.size(); i++) out.push_back(convert(o.Get(fields[i].name()), elems[i]));
      } else {
        throw Mismatch{};
      }
      if (tt->schema()) return c10::ivalue::Tuple::createNamed(std::move(out), tt);
      return c10::ivalue::Tuple::create(std::move(out));
    }
    case TypeKind::DictType: {
      auto kt = t->containedTypes()[0], vt = t->containedTypes()[1];
      c10::impl::GenericDict dict(kt, vt);
      if (is_map(v)) {
        for_each_entry(v, [&](const Napi::Value& k, const Napi::Value& x) { dict.insert_or_assign(convert(k, kt), convert(x, vt)); });
        return dict;
      }
      if (!is_plain_object(v)) throw Mismatch{};
      auto o = v.As<Napi::Object>();
      auto keys = o.GetPropertyNames();
      for (uint32_t i = 0; i < keys.Length(); i++) {
        auto k = keys.Get(i);
        IValue key;
        // An object's keys are strings: an int key comes back from its decimal form.
        if (kt->kind() == TypeKind::StringType) key = k.ToString().Utf8Value();
        else if (kt->kind() == TypeKind::IntType) {
          auto s = k.ToString().Utf8Value();
          char* end = nullptr;
          long long n = std::strtoll(s.c_str(), &end, 10);
          if (s.empty() || *end != '\0') throw Mismatch{};
          key = static_cast<int64_t>(n);
        } else throw Mismatch{};
        dict.insert_or_assign(std::move(key), convert(o.Get(k), vt));
      }
      return dict;
    }
    case TypeKind::AnyType:
      return infer(v);
    default:
      // a type this side cannot build (a class, a future): what inference gives, which the
      // interpreter's own check refuses with its message
      return infer(v);
  }
}

// Python's toTypeInferredIValue: integral numbers are ints, arrays lists of one element type
// (else tuples), objects and Maps dicts.
static IValue infer(const Napi::Value& v) {
  if (is_none(v)) return IValue();
  if (v.IsBoolean()) return v.As<Napi::Boolean>().Value();
  if (is_int_number(v)) return static_cast<int64_t>(v.As<Napi::Number>().DoubleValue());
  if (v.IsNumber()) return v.As<Napi::Number>().DoubleValue();
  if (v.IsBigInt()) { bool lossless; return v.As<Napi::BigInt>().Int64Value(&lossless); }
  if (v.IsString()) return v.As<Napi::String>().Utf8Value();
  if (is_tensor(v)) return tensor_of(v);
  if (v.IsArray()) {
    auto a = v.As<Napi::Array>();
    std::vector<IValue> items;
    for (uint32_t i = 0; i < a.Length(); i++) items.push_back(infer(a.Get(i)));
    c10::optional<TypePtr> unified;
    bool same = !items.empty();
    for (auto& it : items) {
      auto ty = it.type();
      if (!unified) unified = ty;
      else if (auto u = c10::unifyTypes(*unified, ty)) unified = *u;
      else { same = false; break; }
    }
    if (same && unified && (*unified)->kind() != TypeKind::NoneType) {
      c10::impl::GenericList list(*unified);
      for (auto& it : items) list.push_back(std::move(it));
      return list;
    }
    return c10::ivalue::Tuple::create(std::move(items));
  }
  if (is_map(v) || is_plain_object(v)) {
    std::vector<std::pair<IValue, IValue>> items;
    if (is_map(v)) {
      for_each_entry(v, [&](const Napi::Value& k, const Napi::Value& x) { items.emplace_back(infer(k), infer(x)); });
    } else {
      auto o = v.As<Napi::Object>();
      auto keys = o.GetPropertyNames();
      for (uint32_t i = 0; i < keys.Length(); i++)
        items.emplace_back(IValue(keys.Get(i).ToString().Utf8Value()), infer(o.Get(keys.Get(i))));
    }
    TypePtr kt = items.empty() ? TypePtr(c10::StringType::get()) : items[0].first.type();
    TypePtr vt = items.empty() ? TypePtr(c10::TensorType::get()) : items[0].second.type();
    for (auto& kv : items) {
      if (auto u = c10::unifyTypes(kt, kv.first.type())) kt = *u;
      if (auto u = c10::unifyTypes(vt, kv.second.type())) vt = *u;
      else vt = c10::AnyType::get();
    }
    c10::impl::GenericDict dict(kt, vt);
    for (auto& kv : items) dict.insert_or_assign(std::move(kv.first), std::move(kv.second));
    return dict;
  }
  throw_js(v.Env(), "cannot convert a JavaScript " + py_type_name(v) + " to a TorchScript value", "TypeError");
}

// ---- IValue -> JavaScript ----------------------------------------------------------------
static Napi::Value to_js(Napi::Env env, const IValue& v) {
  if (v.isNone()) return env.Null();
  if (v.isTensor()) {
    const auto& t = v.toTensor();
    if (!t.defined()) return env.Null();
    return tensor_wrap().Call({Napi::Number::New(env, put(t))});
  }
  if (v.isBool()) return Napi::Boolean::New(env, v.toBool());
  if (v.isInt()) return Napi::Number::New(env, static_cast<double>(v.toInt()));
  if (v.isDouble()) return Napi::Number::New(env, v.toDouble());
  if (v.isString()) return Napi::String::New(env, v.toStringRef());
  if (v.isDevice()) return Napi::String::New(env, v.toDevice().str());
  if (v.isTuple()) {
    const auto& elems = v.toTupleRef().elements();
    auto a = Napi::Array::New(env, elems.size());
    for (size_t i = 0; i < elems.size(); i++) a.Set(static_cast<uint32_t>(i), to_js(env, elems[i]));
    // a named tuple's fields, as torch-node's tuples carry them
    auto tt = v.type()->cast<c10::TupleType>();
    if (tt && tt->schema()) {
      const auto& fields = tt->schema()->arguments();
      for (size_t i = 0; i < fields.size() && i < elems.size(); i++)
        a.DefineProperty(Napi::PropertyDescriptor::Value(fields[i].name(), a.Get(static_cast<uint32_t>(i)), napi_configurable));
    }
    return a;
  }
  if (v.isList()) {
    auto list = v.toListRef();
    auto a = Napi::Array::New(env, list.size());
    for (size_t i = 0; i < list.size(); i++) a.Set(static_cast<uint32_t>(i), to_js(env, list[i]));
    return a;
  }
  if (v.isGenericDict()) {
    auto dict = v.toGenericDict();
    if (dict.keyType()->kind() == TypeKind::StringType) {
      auto o = Napi::Object::New(env);
      for (const auto& e : dict) o.Set(e.key().toStringRef(), to_js(env, e.value()));
      return o;
    }
    auto m = env.Global().Get("Map").As<Napi::Function>().New({});
    auto set = m.Get("set").As<Napi::Function>();
    for (const auto& e : dict) set.Call(m, {to_js(env, e.key()), to_js(env, e.value())});
    return m;
  }
  if (v.isObject() && v.toObjectRef().type()->is_module()) return wrap_module(env, Module(v.toObject()));
  throw_js(env, "torch-node cannot return a TorchScript value of type " + v.type()->repr_str());
}

// ---- loading and saving --------------------------------------------------------------------

// jitInit(Tensor, wrap)
NATIVE(JitInit) {
  BEGIN
  tensor_class().Reset(info[0].As<Napi::Function>(), 1);
  tensor_wrap().Reset(info[1].As<Napi::Function>(), 1);
  END
}

// jitLoad(path | Buffer, device | null, extraFileNames) -> [module, {name: Buffer}]
NATIVE(JitLoad) {
  BEGIN
  auto device = to_opt_device(info[1]);
  torch::jit::ExtraFilesMap extra;
  if (info[2].IsArray()) {
    auto names = info[2].As<Napi::Array>();
    for (uint32_t i = 0; i < names.Length(); i++) extra[names.Get(i).ToString().Utf8Value()] = "";
  }
  Module m;
  if (info[0].IsBuffer() || info[0].IsTypedArray()) {
    auto view = info[0].As<Napi::TypedArray>();
    const char* data = static_cast<const char*>(view.ArrayBuffer().Data()) + view.ByteOffset();
    std::istringstream in(std::string(data, view.ByteLength()));
    m = torch::jit::load(in, device, extra);
  } else {
    m = torch::jit::load(to_string(info[0]), device, extra);
  }
  auto files = Napi::Object::New(env);
  for (const auto& kv : extra) files.Set(kv.first, Napi::Buffer<char>::Copy(env, kv.second.data(), kv.second.size()));
  auto out = Napi::Array::New(env, 2);
  out.Set(0u, wrap_module(env, std::move(m)));
  out.Set(1u, files);
  return out;
  END
}

static torch::jit::ExtraFilesMap extra_files_of(const Napi::Value& v) {
  torch::jit::ExtraFilesMap extra;
  if (!v.IsObject()) return extra;
  auto o = v.As<Napi::Object>();
  auto keys = o.GetPropertyNames();
  for (uint32_t i = 0; i < keys.Length(); i++) {
    auto val = o.Get(keys.Get(i));
    std::string s;
    if (val.IsBuffer()) { auto b = val.As<Napi::Buffer<char>>(); s.assign(b.Data(), b.Length()); }
    else s = val.ToString().Utf8Value();
    extra[keys.Get(i).ToString().Utf8Value()] = s;
  }
  return extra;
}

// jitSave(module, extraFiles) -> Buffer: the archive, which TypeScript writes out.
NATIVE(JitSave) {
  BEGIN
  std::ostringstream out;
  get_module(info[0]).save(out, extra_files_of(info[1]));
  auto s = out.str();
  return Napi::Buffer<char>::Copy(env, s.data(), s.size());
  END
}

// ---- inspection -------------------------------------------------------------------------

// jitInfo(module) -> { type, methods, params, buffers, attributes, children }: its own
// members, tensors as new handles on the module's own tensors (no copy).
NATIVE(JitInfo) {
  BEGIN
  auto& m = get_module(info[0]);
  auto out = Napi::Object::New(env);
  auto type = m.type();
  out.Set("type", Napi::String::New(env, type->name() ? type->name()->qualifiedName() : ""));
  out.Set("name", Napi::String::New(env, type->name() ? type->name()->name() : ""));
  auto methods = Napi::Array::New(env);
  for (const auto& meth : m.get_methods()) methods.Set(methods.Length(), Napi::String::New(env, meth.name()));
  out.Set("methods", methods);
  auto params = Napi::Array::New(env), buffers = Napi::Array::New(env), attrs = Napi::Array::New(env), children = Napi::Array::New(env);
  for (size_t i = 0; i < type->numAttributes(); i++) {
    const auto& name = type->getAttributeName(i);
    auto value = m._ivalue()->getSlot(i);
    auto pair = Napi::Array::New(env, 2);
    pair.Set(0u, Napi::String::New(env, name));
    if (type->is_parameter(i) || type->is_buffer(i)) {
      pair.Set(1u, value.isTensor() ? wrap(env, value.toTensor()) : env.Null());
      (type->is_parameter(i) ? params : buffers).Set((type->is_parameter(i) ? params : buffers).Length(), pair);
    } else if (value.isObject() && value.toObjectRef().type()->is_module()) {
      pair.Set(1u, wrap_module(env, Module(value.toObject())));
      children.Set(children.Length(), pair);
    } else if (name != "training") {
      attrs.Set(attrs.Length(), Napi::String::New(env, name));
    }
  }
  out.Set("params", params);
  out.Set("buffers", buffers);
  out.Set("attributes", attrs);
  out.Set("children", children);
  return out;
  END
}

// jitGetAttr(module, name) -> value
NATIVE(JitGetAttr) {
  BEGIN
  return to_js(env, get_module(info[0]).attr(to_string(info[1])));
  END
}

// jitSetAttr(module, name, value): a buffer or attribute set, by the attribute's type.
NATIVE(JitSetAttr) {
  BEGIN
  auto& m = get_module(info[0]);
  auto name = to_string(info[1]);
  auto slot = m.type()->findAttributeSlot(name);
  TORCH_CHECK(slot.has_value(), "'", m.type()->repr_str(), "' object has no attribute '", name, "'");
  IValue v;
  try { v = convert(info[2], m.type()->getAttribute(*slot)); }
  catch (const Mismatch&) {
    TORCH_CHECK(false, "Expected a value of type '", m.type()->getAttribute(*slot)->repr_str(), "' for field '", name,
      "', but found '", py_type_name(info[2]), "'");
  }
  m._ivalue()->setSlot(*slot, std::move(v));
  END
}

NATIVE(JitTraining) {
  BEGIN
  auto& m = get_module(info[0]);
  auto slot = m.type()->findAttributeSlot("training");
  if (info.Length() > 1) {
    if (slot) m._ivalue()->setSlot(*slot, info[1].ToBoolean().Value());
    return env.Undefined();
  }
  return Napi::Boolean::New(env, slot ? m._ivalue()->getSlot(*slot).toBool() : true);
  END
}

static torch::jit::Method method_of(Napi::Env env, Module& m, const std::string& name) {
  auto meth = m.find_method(name);
  if (!meth) throw_js(env, "'" + m.type()->repr_str() + "' object has no attribute or method '" + name + "'", "AttributeError");
  return *meth;
}

// jitCode(module, method | null): a method's TorchScript source as Python's `m.code` prints it
// (null: the whole class, `m._c.code`).
NATIVE(JitCode) {
  BEGIN
  auto& m = get_module(info[0]);
  std::vector<IValue> constants;
  torch::jit::PrintDepsTable deps;
  torch::jit::PythonPrint pp(constants, deps);
  if (is_none(info[1])) pp.printNamedType(m.type());
  else pp.printMethod(method_of(env, m, to_string(info[1])).function());
  return Napi::String::New(env, pp.str());
  END
}

// jitGraph(module, method): str(m.graph)
NATIVE(JitGraph) {
  BEGIN
  auto& m = get_module(info[0]);
  return Napi::String::New(env, method_of(env, m, to_string(info[1])).graph()->toString());
  END
}

// jitSchema(module, method): the method's schema, as TorchScript prints it.
NATIVE(JitSchema) {
  BEGIN
  auto& m = get_module(info[0]);
  std::ostringstream s;
  s << method_of(env, m, to_string(info[1])).function().getSchema();
  return Napi::String::New(env, s.str());
  END
}

// ---- running -------------------------------------------------------------------------------

static Napi::Value run_function(Napi::Env env, torch::jit::Function& fn, c10::optional<IValue> self, const Napi::Array& args) {
  const auto& schema = fn.getSchema();
  const auto& formals = schema.arguments();
  size_t first = self ? 1 : 0;   // self comes first in a method's schema
  uint32_t n = args.Length();
  torch::jit::Kwargs kwargs;
  // A trailing object literal is keyword arguments, unless its position takes a dict.
  if (n > 0 && is_plain_object(args.Get(n - 1))) {
    size_t pos = first + n - 1;
    bool dict_arg = false;
    if (pos < formals.size()) {
      auto t = formals[pos].type();
      if (t->kind() == TypeKind::OptionalType) t = t->containedTypes()[0];
      dict_arg = t->kind() == TypeKind::DictType || t->kind() == TypeKind::AnyType;
    }
    if (!dict_arg) {
      auto o = args.Get(n - 1).As<Napi::Object>();
      auto keys = o.GetPropertyNames();
      for (uint32_t i = 0; i < keys.Length(); i++) {
        auto k = keys.Get(i).ToString().Utf8Value();
        auto v = o.Get(keys.Get(i));
        auto idx = schema.argumentIndexWithName(k);
        if (!idx) { kwargs[k] = infer(v); continue; }
        try { kwargs[k] = convert(v, formals[*idx].type()); }
        catch (const Mismatch&) {
          TORCH_CHECK(false, schema.formatTypeMismatchMsg(formals[*idx], py_type_name(v), c10::nullopt, py_repr(v)));
        }
      }
      n--;
    }
  }
  // Python's createStackForSchema counts self, positional and keyword arguments together.
  size_t given = first + n + kwargs.size();
  TORCH_CHECK(given <= formals.size(), schema.name(), "() expected at most ", formals.size(), " argument(s) but received ",
              given, " argument(s). Declaration: ", schema);
  std::vector<IValue> stack;
  stack.reserve(first + n);
  if (self) stack.push_back(*self);
  for (uint32_t i = 0; i < n; i++) {
    auto v = args.Get(i);
    size_t pos = first + i;
    if (pos >= formals.size()) { stack.push_back(infer(v)); continue; }   // the interpreter counts them
    try { stack.push_back(convert(v, formals[pos].type())); }
    catch (const Mismatch&) {
      TORCH_CHECK(false, schema.formatTypeMismatchMsg(formals[pos], py_type_name(v), pos, py_repr(v)));
    }
  }
  return to_js(env, fn(std::move(stack), kwargs));
}

// jitRun(module, method, args) -> result
NATIVE(JitRun) {
  BEGIN
  auto& m = get_module(info[0]);
  auto meth = method_of(env, m, to_string(info[1]));
  return run_function(env, meth.function(), IValue(m._ivalue()), info[2].As<Napi::Array>());
  END
}

// ---- tracing -------------------------------------------------------------------------------

// A free function traced from JavaScript, with the compilation unit that owns it.
struct TracedFunction {
  std::shared_ptr<torch::jit::CompilationUnit> cu;
  torch::jit::Function* fn;
};
static const napi_type_tag kFunctionTag = {0x6a69745f66756e63ull, 0x74696f6e5f746e6full};

static TracedFunction& get_function(const Napi::Value& v) {
  return unwrap_tagged<TracedFunction>(v, kFunctionTag, "ScriptFunction");
}

// A Python identifier from a JS class name (the saved code is Python syntax).
static std::string identifier(std::string s) {
  for (auto& c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) c = '_';
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) s = "_" + s;
  return s;
}

// A TorchScript module holding a torch-node module's tensors (the same tensors, so the tracer
// maps each to an attribute of self), as Python's trace builds one from an nn.Module.
// spec: { name, training, params: [[name, Tensor | null]], buffers: [[...]], children: [[name, spec]] }
static Module build_module(Napi::Env env, const Napi::Object& spec, const std::shared_ptr<torch::jit::CompilationUnit>& cu) {
  Module m(c10::QualifiedName("__torch__", identifier(spec.Get("name").ToString().Utf8Value())), cu, /*shouldMangle=*/true);
  m.register_attribute("training", c10::BoolType::get(), spec.Get("training").ToBoolean().Value());
  auto params = spec.Get("params").As<Napi::Array>();
  for (uint32_t i = 0; i < params.Length(); i++) {
    auto kv = params.Get(i).As<Napi::Array>();
    auto name = kv.Get(0u).ToString().Utf8Value();
    if (is_none(kv.Get(1u))) m.register_attribute(name, c10::OptionalType::create(c10::TensorType::get()), IValue(), true);
    else m.register_parameter(name, tensor_of(kv.Get(1u)), false);
  }
  auto buffers = spec.Get("buffers").As<Napi::Array>();
  for (uint32_t i = 0; i < buffers.Length(); i++) {
    auto kv = buffers.Get(i).As<Napi::Array>();
    auto name = kv.Get(0u).ToString().Utf8Value();
    if (is_none(kv.Get(1u))) m.register_attribute(name, c10::NoneType::get(), IValue());
    else m.register_buffer(name, tensor_of(kv.Get(1u)));
  }
  auto children = spec.Get("children").As<Napi::Array>();
  for (uint32_t i = 0; i < children.Length(); i++) {
    auto kv = children.Get(i).As<Napi::Array>();
    m.register_module(kv.Get(0u).ToString().Utf8Value(), build_module(env, kv.Get(1u).As<Napi::Object>(), cu));
  }
  return m;
}

// Python's toTraceableStack: the example inputs, arrays as tuples.
static IValue traceable(const Napi::Value& v) {
  if (v.IsArray()) {
    auto a = v.As<Napi::Array>();
    std::vector<IValue> items;
    for (uint32_t i = 0; i < a.Length(); i++) items.push_back(traceable(a.Get(i)));
    return c10::ivalue::Tuple::create(std::move(items));
  }
  return infer(v);
}

// Runs fn under libtorch's tracer: every ATen op the JS code calls through the addon is
// recorded. self: the module whose tensors are attributes, or none for a free function.
static std::shared_ptr<torch::jit::Graph> trace(Napi::Env env, Module* self, const Napi::Array& inputs,
                                                const Napi::Function& fn, const Napi::Value& names, bool strict) {
  torch::jit::Stack stack;
  for (uint32_t i = 0; i < inputs.Length(); i++) stack.push_back(traceable(inputs.Get(i)));
  std::vector<std::string> argument_names;
  if (names.IsArray() && names.As<Napi::Array>().Length() == inputs.Length()) {
    auto a = names.As<Napi::Array>();
    for (uint32_t i = 0; i < a.Length(); i++) argument_names.push_back(a.Get(i).ToString().Utf8Value());
  }
  auto traced = [&](torch::jit::Stack in) -> torch::jit::Stack {
    std::vector<napi_value> args;
    for (auto& v : in) args.push_back(to_js(env, v));
    Napi::Value out = fn.Call(args);
    TORCH_CHECK(!is_none(out), "The traced function didn't return any values! Side-effects are not captured in traces, so it would be a no-op.");
    return {traceable(out)};
  };
  auto result = torch::jit::tracer::trace(std::move(stack), traced, [](const at::Tensor&) { return std::string(); },
                                          strict, /*force_outplace=*/false, self, argument_names);
  return result.first->graph;
}

// jitTraceModule(spec, inputs, fn, argumentNames, strict) -> module with the traced `forward`
NATIVE(JitTraceModule) {
  BEGIN
  auto cu = std::make_shared<torch::jit::CompilationUnit>();
  Module m = build_module(env, info[0].As<Napi::Object>(), cu);
  auto graph = trace(env, &m, info[1].As<Napi::Array>(), info[2].As<Napi::Function>(), info[3], info[4].ToBoolean().Value());
  auto fn = m._ivalue()->compilation_unit()->create_function(c10::QualifiedName(*m.type()->name(), "forward"), graph);
  m.type()->addMethod(fn);
  return wrap_module(env, std::move(m));
  END
}

// jitTraceFunction(name, inputs, fn, argumentNames, strict) -> function
NATIVE(JitTraceFunction) {
  BEGIN
  auto graph = trace(env, nullptr, info[1].As<Napi::Array>(), info[2].As<Napi::Function>(), info[3], info[4].ToBoolean().Value());
  auto* tf = new TracedFunction{std::make_shared<torch::jit::CompilationUnit>(), nullptr};
  tf->fn = tf->cu->create_function(c10::QualifiedName("__torch__", identifier(to_string(info[0]))), graph, /*shouldMangle=*/true);
  auto o = Napi::Object::New(env);
  napi_wrap(env, o, tf, [](napi_env, void* data, void*) { delete static_cast<TracedFunction*>(data); }, nullptr, nullptr);
  napi_type_tag_object(env, o, &kFunctionTag);
  return o;
  END
}

// jitRunFunction(function, args) -> result
NATIVE(JitRunFunction) {
  BEGIN
  return run_function(env, *get_function(info[0]).fn, c10::nullopt, info[1].As<Napi::Array>());
  END
}

// jitFunctionCode(function, graph): its code (graph: false) or str(graph).
NATIVE(JitFunctionCode) {
  BEGIN
  auto& f = get_function(info[0]);
  if (info[1].ToBoolean().Value()) return Napi::String::New(env, torch::jit::toGraphFunction(*f.fn).graph()->toString());
  std::vector<IValue> constants;
  torch::jit::PrintDepsTable deps;
  torch::jit::PythonPrint pp(constants, deps);
  pp.printFunction(*f.fn);
  return Napi::String::New(env, pp.str());
  END
}

// ---- AOTInductor packages ----------------------------------------------------------------
#if TN_AOTI
using torch::inductor::AOTIModelPackageLoader;
static const napi_type_tag kAotiTag = {0x616f74695f6c6f61ull, 0x6465725f746e6f64ull};

// aotiLoad(path, modelName) -> loader
NATIVE(AotiLoad) {
  BEGIN
  auto* p = new AOTIModelPackageLoader(to_string(info[0]), to_string(info[1]));
  auto o = Napi::Object::New(env);
  napi_wrap(env, o, p, [](napi_env, void* data, void*) { delete static_cast<AOTIModelPackageLoader*>(data); }, nullptr, nullptr);
  napi_type_tag_object(env, o, &kAotiTag);
  return o;
  END
}
// aotiRun(loader, handles) -> handles
NATIVE(AotiRun) {
  BEGIN
  auto& l = unwrap_tagged<AOTIModelPackageLoader>(info[0], kAotiTag, "AOTICompiledModel");
  auto ts = to_tensor_vec(info[1]);
  return wrap_list(env, l.run(std::vector<at::Tensor>(ts.begin(), ts.end())));
  END
}
// aotiCallSpec(loader) -> [in_spec, out_spec]: pytree specs as JSON
NATIVE(AotiCallSpec) {
  BEGIN
  auto& l = unwrap_tagged<AOTIModelPackageLoader>(info[0], kAotiTag, "AOTICompiledModel");
  auto spec = l.get_call_spec();
  auto out = Napi::Array::New(env, spec.size());
  for (size_t i = 0; i < spec.size(); i++) out.Set(static_cast<uint32_t>(i), Napi::String::New(env, spec[i]));
  return out;
  END
}
#endif

NATIVE(JitIsTracing) {
  return Napi::Boolean::New(info.Env(), torch::jit::tracer::isTracing());
}

void register_jit(Napi::Env env, Napi::Object exports) {
  tls_jit = new JitEnv();
  napi_add_env_cleanup_hook(env, CleanupJit, tls_jit);
  exports.Set("jitInit", Napi::Function::New(env, JitInit));
  exports.Set("jitLoad", Napi::Function::New(env, JitLoad));
  exports.Set("jitSave", Napi::Function::New(env, JitSave));
  exports.Set("jitInfo", Napi::Function::New(env, JitInfo));
  exports.Set("jitGetAttr", Napi::Function::New(env, JitGetAttr));
  exports.Set("jitSetAttr", Napi::Function::New(env, JitSetAttr));
  exports.Set("jitTraining", Napi::Function::New(env, JitTraining));
  exports.Set("jitCode", Napi::Function::New(env, JitCode));
  exports.Set("jitGraph", Napi::Function::New(env, JitGraph));
  exports.Set("jitSchema", Napi::Function::New(env, JitSchema));
  exports.Set("jitRun", Napi::Function::New(env, JitRun));
  exports.Set("jitTraceModule", Napi::Function::New(env, JitTraceModule));
  exports.Set("jitTraceFunction", Napi::Function::New(env, JitTraceFunction));
  exports.Set("jitRunFunction", Napi::Function::New(env, JitRunFunction));
  exports.Set("jitFunctionCode", Napi::Function::New(env, JitFunctionCode));
  exports.Set("jitIsTracing", Napi::Function::New(env, JitIsTracing));
#if TN_AOTI
  exports.Set("aotiLoad", Napi::Function::New(env, AotiLoad));
  exports.Set("aotiRun", Napi::Function::New(env, AotiRun));
  exports.Set("aotiCallSpec", Napi::Function::New(env, AotiCallSpec));
#endif
}

}  // namespace tn
