// Python's default repr, `<torch.utils.data.dataset.Subset object at 0x7f...>`, for the classes
// that have no __repr__ of their own (Generator, Dataset, Sampler, DataLoader, lr schedulers):
// each names its Python module in a static `__module__`.

// JavaScript shows no memory addresses: one stable pseudo-address per object instead.
const ADDR = new WeakMap<object, string>();
let count = 0;
/** A stable pseudo-address of `o`, in the form of a CPython address on Linux (0x7f...). */
export function pseudoAddress(o: object): string {
  let a = ADDR.get(o);
  if (a === undefined) ADDR.set(o, (a = "0x7f" + (0x3b0000000 + 0x40 * ++count).toString(16).padStart(10, "0")));
  return a;
}

/** `<module.Name object at 0x...>`; a class without a `__module__` of its own is the program's (`__main__`). */
export function objectRepr(o: object): string {
  const c = o.constructor as { name: string; __module__?: string };
  const mod = Object.hasOwn(c, "__module__") ? c.__module__ : "__main__";
  return `<${mod}.${c.name} object at ${pseudoAddress(o)}>`;
}

