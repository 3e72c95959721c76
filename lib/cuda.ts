// torch.cuda (completed by the devices issue).
import { N } from "./native";
export const cuda = {
  is_available: (): boolean => N.cudaIsAvailable(),
  device_count: (): number => N.cudaDeviceCount(),
};
