// torch.version, and the one place where TypeScript tells libtorch releases apart:
// behaviour that changed between PyTorch 1.13 and 2.x is decided here, from the version of
// the libtorch the addon was built against, and the rest of lib/ reads these flags.
import { N } from "./native";

/** torch.__version__: the linked libtorch's version, as Python's torch of it says ("2.14.1+cu130"). */
export const __version__: string = N.version();

const [major, minor] = __version__.split(/[.+a-z]/).map(Number);

/** True when the linked libtorch is `maj.min` or later. */
export function since(maj: number, min = 0): boolean { return major > maj || (major === maj && minor >= min); }

/** torch.version.cuda: the CUDA version of a CUDA build, else null. */
export const cuda: string | null = N.cudaIsCompiled() ? (/\+cu(\d+)(\d)$/.exec(__version__)?.slice(1, 3).join(".") ?? "unknown") : null;

/** Behaviour that follows the linked release. */
export const V = {
  /** 2.0: `zero_grad(set_to_none=True)` by default. */
  zero_grad_set_to_none: since(2, 0),
  /** 2.x optimizers: `foreach`/`fused`/`capturable`/`differentiable` keys, tensor `step`s. */
  optim2: since(2, 0),
  /** 2.6: torch.load's `weights_only` defaults to true (1.13: false). */
  weights_only_default: since(2, 6),
  /** 2.0: the argument parser's messages show defaults ("Number alpha = 1", "Tensor out = None") and
   *  call a SymInt[] parameter "tuple of ints" (1.13: "tuple of SymInts"). */
  arg_parser2: since(2, 0),
  /** 2.0: Tensor.item() of several elements is libtorch's RuntimeError "a Tensor with N elements cannot
   *  be converted to Scalar" (1.13: ValueError "only one element tensors can be converted to Python scalars"). */
  item_scalar_error: since(2, 0),
  /** 2.x: an int outside int64 is ValueError "Overflow when unpacking long long" (1.13: RuntimeError
   *  "Overflow when unpacking long"). */
  unpack_long_long: since(2, 0),
  /** 2.x printing: set_printoptions' sci_mode is decided before the element widths; edgeitems=0
   *  summarizes to "..." with a size= suffix. */
  tensor_str2: since(2, 0),
  /** torchvision 0.17 (torch 2.2): Resize and resize antialias tensors by default (antialias=True), and
   *  antialias is ignored for modes other than bilinear and bicubic (0.14: a ValueError). */
  tv_antialias_default: since(2, 2),
  /** torchvision 0.15 (torch 2.0): Pillow's integer interpolation constants are accepted without a
   *  deprecation, and a wrong interpolation says "... or a corresponding Pillow integer constant". */
  tv_interpolation_int: since(2, 0),
  /** 2.x: Adam's first moment by lerp_ (1.13: mul_(beta1).add_(grad, 1 - beta1)). */
  adam_lerp: since(2, 0),
  /** 2.1: Optimizer.load_state_dict keeps the given state's tensors where dtype and device match
   *  (1.13: deep copies). */
  optim_load_shares: since(2, 1),
  /** 2.2: SGD's `lr` defaults to 1e-3 (1.13: required). */
  sgd_default_lr: since(2, 2),
  /** 2.3: SGD's `fused` key (default None). */
  sgd_fused: since(2, 3),
  /** 2.4: SGD keeps no state without momentum (1.13: a momentum_buffer of None). */
  sgd_state_needs_momentum: since(2, 4),
  /** 2.4: RMSprop's `capturable` key, tensor `step`, and grad_avg by lerp_. */
  rmsprop_tensor_step: since(2, 4),
  /** 2.7: AdamW is Adam with `decoupled_weight_decay=True` (a subclass, that key in its groups). */
  adamw_is_adam: since(2, 7),
  /** 2.7: LR schedulers have no `verbose` argument or attribute, and no print_lr. */
  lr_scheduler_no_verbose: since(2, 7),
  /** 2.8: LR schedulers mark their constructor's step with `_is_initial` (ExponentialLR and
   *  CosineAnnealingLR keep the lr there; 1.13 tests last_epoch == 0). */
  lr_scheduler_is_initial: since(2, 8),
  /** 2.1: LayerNorm's `bias` argument (after elementwise_affine), "bias=" in its repr. */
  layer_norm_bias: since(2, 1),
  /** 2.12: BatchNorm's keyword-only `bias` argument, "bias=" in its repr. */
  batch_norm_bias: since(2, 12),
  /** 2.0: ModuleList's repr folds runs of equal modules ("(0-2): 3 x Linear(...)"); Embedding's
   *  `_freeze`; named_parameters/named_buffers/modules' `remove_duplicate`; hooks' `prepend`,
   *  `with_kwargs`, `always_call`; clip_grad_*'s `foreach`. */
  nn2: since(2, 0),
  /** 2.1: load_state_dict's `assign`. */
  load_state_dict_assign: since(2, 1),
  /** 2.2: nn.init functions take a `generator`. */
  nn_init_generator: since(2, 2),
  /** 2.2: BatchNorm loading a state dict without num_batches_tracked keeps its own (1.13: 0). */
  batch_norm_keeps_num_batches: since(2, 2),
  /** 2.4: load_state_dict reports "w.x" as unexpected where w is a parameter or buffer, and a
   *  key naming a submodule ("fc") too (1.13: both ignored). */
  load_state_dict_prefix_keys: since(2, 4),
  /** 2.5: Module._modules/_parameters/_buffers are plain dicts (print as {...}). */
  module_plain_dicts: since(2, 5),
  /** 2.5: nn.Buffer; assigning one to a module attribute registers a buffer. */
  nn_buffer: since(2, 5),
  /** 2.10: load_state_dict takes a 1-element 1-d tensor for a 0-d parameter, not any 1-d one. */
  load_state_dict_scalar_one: since(2, 10),
  /** 2.14: Softmax and LogSoftmax check that dim is an int or None. */
  softmax_dim_check: since(2, 14),
  /** 2.7: torch.device(int) is an index of the current accelerator, an error where there is none. */
  device_int_accelerator: since(2, 7),
  /** 2.1: torch.float8_e4m3fn and torch.float8_e5m2. */
  dtype_float8: since(2, 1),
  /** 2.2: torch.float8_e4m3fnuz and torch.float8_e5m2fnuz. */
  dtype_float8_fnuz: since(2, 2),
  /** 2.3: torch.uint16, torch.uint32, torch.uint64 (checkpoints: _rebuild_tensor_v3, UntypedStorage). */
  dtype_uint16_32_64: since(2, 3),
  /** 2.7: torch.float8_e8m0fnu. */
  dtype_float8_e8m0fnu: since(2, 7),
  /** 2.1: torch.load's `mmap` (1.13: an unknown keyword, a TypeError). */
  load_mmap: since(2, 1),
};

export default { __version__, cuda, since, V };
