// The one place where native code tells libtorch releases apart. Everything else
// tests the TN_* names below, never TORCH_VERSION_* directly.
#pragma once

#include <torch/version.h>

// Which committed op schemas (scripts/schemas/) the generated glue compiles for:
// 113 for 1.x, 213 for 2.0-2.13, 214 for 2.14 and later.
#if TORCH_VERSION_MAJOR < 2
#define TN_OPS_TAG 113
#elif TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR < 14
#define TN_OPS_TAG 213
#else
#define TN_OPS_TAG 214
#endif

// 2.x: at::indexing::Slice takes SymInts.
#define TN_SYMINT_SLICE (TORCH_VERSION_MAJOR >= 2)

// torch.__version__ as Python's torch of this libtorch says it ("2.14.1+cu130"): the build
// passes the full string it found (find-libtorch.js); libtorch's headers know only "2.14.1".
#ifndef TN_TORCH_VERSION_STRING
#define TN_TORCH_VERSION_STRING TORCH_VERSION
#endif

// Python's torch.cuda._lazy_init (torch._C._cuda_init): starts CUDA, raising libtorch's own
// "Found no NVIDIA driver..." / "No CUDA GPUs are available".
#if TORCH_VERSION_MAJOR >= 2
#define TN_LAZY_INIT_CUDA() at::globalContext().lazyInitDevice(c10::DeviceType::CUDA)
#else
#define TN_LAZY_INIT_CUDA() at::globalContext().lazyInitCUDA()
#endif

// 2.3: the unsigned dtypes uint16/uint32/uint64, and at::Scalar's unsigned 64-bit values
// (Scalar::isUnsigned, toUInt64).
#define TN_UINT_DTYPES (TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 3))

// 2.0: c10d's ProcessGroup dispatches to per-device Backends (Gloo is one); the
// 2.x Reducer takes no per-bucket size limits; TCPStore may serve through libuv.
#define TN_C10D_BACKEND (TORCH_VERSION_MAJOR >= 2)
#define TN_REDUCER_V2 (TORCH_VERSION_MAJOR >= 2)
#define TN_C10D_LIBUV (TORCH_VERSION_MAJOR >= 2)
