// emorec::multimodal_fuse and its elementwise kernel operator: validation, the autograd function, kernel
// registrations. Modality-table gradients in the indexed form are segmented sums of the per-row gradients.
#include "ops/multimodal_fuse.h"

#include <ATen/core/dispatch/Dispatcher.h>
#include <torch/library.h>

#include "ops/backend.h"
#include "ops/check.h"
#include "ops/segments.h"

namespace emorec::ops {
namespace {

using torch::Tensor;
constexpr const char* kFuseOp = "emorec::multimodal_fuse";

void check_inputs(const Tensor& entity, const Tensor& modal, const std::optional<Tensor>& modal_index) {
  TORCH_CHECK(entity.dim() == 2 && entity.size(1) >= 1, kFuseOp, ": entity must be [N,D] with D >= 1, got ",
              entity.sizes());
  const int64_t N = entity.size(0), D = entity.size(1);
  check_float_dtype(kFuseOp, "entity", entity);
  check_same_device_dtype(kFuseOp, "modal", modal, "entity", entity);
  TORCH_CHECK(modal.dim() == 3 && modal.size(1) >= 1 && modal.size(2) == D, kFuseOp,
              ": modal must be [rows,M,D] with M >= 1 and D=", D, ", got ", modal.sizes());
  if (modal_index) {
    TORCH_CHECK(modal_index->dim() == 1 && modal_index->size(0) == N, kFuseOp, ": modal_index must be [N]=[",
                N, "], got ", modal_index->sizes());
    check_index(kFuseOp, "modal_index", *modal_index, entity);
    check_index_range(kFuseOp, "modal_index", *modal_index, -1, modal.size(0),
                      "rows of modal, or -1 for none");
  } else {
    TORCH_CHECK(modal.size(0) == N, kFuseOp, ": modal must have N=", N, " rows without modal_index, got ",
                modal.sizes());
  }
}

Tensor elementwise_kernel(const Tensor& entity, const Tensor& modal, const std::optional<Tensor>& modal_index,
                          c10::string_view mode_name) {
  check_inputs(entity, modal, modal_index);
  const auto mode = parse_fuse_mode(std::string(mode_name));
  const int64_t N = entity.size(0), M = modal.size(1), D = entity.size(1);
  auto out = torch::empty({N, mode == FuseMode::kConcat ? (M + 1) * D : D}, entity.options());
  if (N == 0) return out;
  EMOREC_OPS_BACKEND_CALL(entity, multimodal_fuse_forward, mode, entity.contiguous(), modal.contiguous(),
                          contiguous_or_undefined(modal_index), out);
  return out;
}

std::tuple<Tensor, Tensor> elementwise_backward_kernel(const Tensor& grad_out, const Tensor& entity,
                                                       const Tensor& modal, const std::optional<Tensor>& modal_index,
                                                       c10::string_view mode_name, std::array<bool, 2> mask) {
  check_inputs(entity, modal, modal_index);
  const auto mode = parse_fuse_mode(std::string(mode_name));
  const int64_t N = entity.size(0), M = modal.size(1), D = entity.size(1);
  TORCH_CHECK(grad_out.dim() == 2 && grad_out.size(0) == N &&
                  grad_out.size(1) == (mode == FuseMode::kConcat ? (M + 1) * D : D),
              kFuseOp, ": grad_out has the wrong shape ", grad_out.sizes());
  check_same_device_dtype(kFuseOp, "grad_out", grad_out, "entity", entity);
  auto grad_entity = mask[0] ? torch::empty_like(entity, torch::MemoryFormat::Contiguous) : Tensor();
  auto grad_rows = mask[1] ? torch::empty({N, M, D}, entity.options()) : Tensor();
  const auto index = contiguous_or_undefined(modal_index);
  if (N > 0 && (mask[0] || mask[1])) {
    EMOREC_OPS_BACKEND_CALL(entity, multimodal_fuse_backward, mode, grad_out.contiguous(), entity.contiguous(),
                            modal.contiguous(), index, grad_entity, grad_rows);
  }
  if (!mask[1] || !index.defined()) return {grad_entity, grad_rows};
  // Indexed form: rows sharing a modality-table row add up; rows without modalities contribute nothing.
  const auto present = torch::nonzero(index >= 0).view({-1});
  const auto grad_table = scatter_rows(index.index_select(0, present), present, Tensor(), grad_rows.view({N, M * D}),
                                       modal.size(0));
  return {grad_entity, grad_table.view({modal.size(0), M, D})};
}

class FuseFunction : public torch::autograd::Function<FuseFunction> {
 public:
  static Tensor forward(torch::autograd::AutogradContext* ctx, const Tensor& entity, const Tensor& modal,
                        const std::optional<Tensor>& modal_index, const std::string& mode) {
    at::AutoDispatchBelowADInplaceOrView guard;
    static const auto op = c10::Dispatcher::singleton()
                               .findSchemaOrThrow("emorec::multimodal_fuse_elementwise", "")
                               .typed<Tensor(const Tensor&, const Tensor&, const std::optional<Tensor>&,
                                             c10::string_view)>();
    ctx->save_for_backward({entity, modal, modal_index.value_or(Tensor())});
    ctx->saved_data["mode"] = mode;
    return op.call(entity, modal, modal_index, mode);
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list grads) {
    static const auto op = c10::Dispatcher::singleton()
                               .findSchemaOrThrow("emorec::multimodal_fuse_elementwise_backward", "")
                               .typed<std::tuple<Tensor, Tensor>(const Tensor&, const Tensor&, const Tensor&,
                                                                 const std::optional<Tensor>&, c10::string_view,
                                                                 std::array<bool, 2>)>();
    TORCH_CHECK(!torch::GradMode::is_enabled(), kFuseOp, ": second derivatives are not implemented");
    const auto saved = ctx->get_saved_variables();
    const auto index = optional_of(saved[2]);
    auto [grad_entity, grad_modal] = op.call(grads[0], saved[0], saved[1], index, ctx->saved_data["mode"].toStringRef(),
                                             {ctx->needs_input_grad(0), ctx->needs_input_grad(1)});
    return {grad_entity, grad_modal, Tensor(), Tensor()};
  }
};

Tensor elementwise_autograd(const Tensor& entity, const Tensor& modal, const std::optional<Tensor>& modal_index,
                            c10::string_view mode) {
  return FuseFunction::apply(entity, modal, modal_index, std::string(mode));
}

// CompositeImplicitAutograd: the elementwise operator, then the residual mode's layer.
Tensor fuse_composite(const Tensor& entity, const Tensor& modal, const std::optional<Tensor>& modal_index,
                      c10::string_view mode_name, const std::optional<Tensor>& weight,
                      const std::optional<Tensor>& bias) {
  const auto mode = parse_fuse_mode(std::string(mode_name));
  static const auto op = c10::Dispatcher::singleton()
                             .findSchemaOrThrow("emorec::multimodal_fuse_elementwise", "")
                             .typed<Tensor(const Tensor&, const Tensor&, const std::optional<Tensor>&,
                                           c10::string_view)>();
  const auto fused = op.call(entity, modal, modal_index, mode_name);
  if (mode != FuseMode::kResidual) {
    TORCH_CHECK(!weight && !bias, kFuseOp, ": weight and bias belong to the residual mode only, not \"",
                fuse_mode_name(mode), "\"");
    return fused;
  }
  const int64_t D = entity.size(1);
  TORCH_CHECK(weight && weight->dim() == 2 && weight->size(0) == D && weight->size(1) == D, kFuseOp,
              ": the residual mode needs weight [D,D] with D=", D,
              weight ? std::string(", got ") + c10::str(weight->sizes()) : std::string(", got none"));
  TORCH_CHECK(!bias || (bias->dim() == 1 && bias->size(0) == D), kFuseOp, ": bias must be [D]=[", D,
              "], got ", bias ? c10::str(bias->sizes()) : std::string("none"));
  return torch::tanh(torch::nn::functional::linear(fused, *weight, bias.value_or(Tensor())));
}

}  // namespace

Tensor multimodal_fuse(const Tensor& entity, const Tensor& modal, const std::optional<Tensor>& modal_index,
                       FuseMode mode, const std::optional<Tensor>& weight, const std::optional<Tensor>& bias) {
  static const auto op = c10::Dispatcher::singleton()
                             .findSchemaOrThrow("emorec::multimodal_fuse", "")
                             .typed<Tensor(const Tensor&, const Tensor&, const std::optional<Tensor>&,
                                           c10::string_view, const std::optional<Tensor>&,
                                           const std::optional<Tensor>&)>();
  return op.call(entity, modal, modal_index, fuse_mode_name(mode), weight, bias);
}

TORCH_LIBRARY_IMPL(emorec, CPU, m) {
  m.impl("multimodal_fuse_elementwise", &elementwise_kernel);
  m.impl("multimodal_fuse_elementwise_backward", &elementwise_backward_kernel);
}

TORCH_LIBRARY_IMPL(emorec, CUDA, m) {
  m.impl("multimodal_fuse_elementwise", &elementwise_kernel);
  m.impl("multimodal_fuse_elementwise_backward", &elementwise_backward_kernel);
}

TORCH_LIBRARY_IMPL(emorec, Autograd, m) { m.impl("multimodal_fuse_elementwise", &elementwise_autograd); }

TORCH_LIBRARY_IMPL(emorec, CompositeImplicitAutograd, m) { m.impl("multimodal_fuse", &fuse_composite); }

}  // namespace emorec::ops
