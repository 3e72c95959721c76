# node-gyp build of the same sources as CMakeLists.txt, for machines without CMake:
#   npx node-gyp rebuild
# libtorch comes from scripts/find-libtorch.js (LIBTORCH, then Python's torch, then
# Debian's libtorch-dev), the discovery CMakeLists.txt uses.
{
  "targets": [
    {
      "target_name": "torch_node",
      # Every native/*.cpp, as CMakeLists.txt lists them.
      "sources": ["<!@(node -p \"require('fs').readdirSync('native').filter((f) => f.endsWith('.cpp')).sort().map((f) => 'native/' + f).join(' ')\")"],
      "include_dirs": [
        "<!(node -p \"require('node-addon-api').include_dir\")",
        "<!@(node scripts/find-libtorch.js --gyp=include)",
        "native/gloo_stub"
      ],
      "defines": [
        "NAPI_VERSION=8",
        "NODE_ADDON_API_DISABLE_DEPRECATED",
        "NAPI_CPP_EXCEPTIONS",
        "USE_C10D_GLOO",
        "_GLIBCXX_USE_CXX11_ABI=<!(node scripts/find-libtorch.js --gyp=abi)",
        "TN_TORCH_VERSION_STRING=\"<!(node scripts/find-libtorch.js --gyp=version)\""
      ],
      # libtorch's headers need C++17 (C++20 from 2.12), exceptions and RTTI (node-gyp turns the last two off).
      "cflags!": ["-fno-exceptions", "-fno-rtti"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti", "-std=gnu++14", "-std=gnu++17"],
      "cflags_cc": ["-std=c++<!(node scripts/find-libtorch.js --gyp=cxx_standard)", "-fexceptions", "-frtti", "-O2", "-fvisibility=hidden",
                    "-Wno-deprecated-declarations", "-Wno-unused-parameter", "-Wno-unused-but-set-variable"],
      "ldflags": [
        "-L<!(node scripts/find-libtorch.js --gyp=libdir)",
        "-Wl,-rpath,<!(node scripts/find-libtorch.js --gyp=libdir)"
      ],
      # --no-as-needed: libtorch_cuda registers CUDA when loaded; dropped as "unused",
      # CUDA would silently report unavailable.
      "libraries": [
        "-L<!(node scripts/find-libtorch.js --gyp=libdir)",
        "-Wl,--no-as-needed",
        "<!@(node scripts/find-libtorch.js --gyp=libs)",
        "-Wl,--as-needed"
      ]
    }
  ]
}
