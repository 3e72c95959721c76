// torch.save / torch.load (filled in by the checkpoint issue).
export function save(_obj: unknown, _path: string): void { throw new Error("torch.save is not implemented yet"); }
export function load(_path: string, _options?: object): unknown { throw new Error("torch.load is not implemented yet"); }
export const serialization = {};
