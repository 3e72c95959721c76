// torch-node/pyplot draws with @napi-rs/canvas, an optional peer dependency of torch-node (the
// library itself does not need it). Imported first by lib/pyplot.ts, so that a missing canvas is
// said plainly rather than as a failed require deep inside the figure code.
if (typeof require === "function") {
  try {
    require.resolve("@napi-rs/canvas");
  } catch {
    throw new Error("torch-node/pyplot draws its figures with @napi-rs/canvas, an optional dependency of torch-node " +
      "that is not installed here: npm install @napi-rs/canvas");
  }
}
export {};
