// Multimodal fusion on the CPU: each row reads its entity vector and M modality vectors once.
#include "ops/backend.h"

#include <ATen/Parallel.h>

#include <algorithm>

namespace emorec::ops::cpu {
namespace {

// The modality block of row n ([M,D]), or null for a row without modalities.
template <typename scalar_t>
const scalar_t* modal_row(const scalar_t* modal, const int64_t* index, int64_t n, int64_t md) {
  if (!index) return modal + n * md;
  return index[n] < 0 ? nullptr : modal + index[n] * md;
}

// Max fusion's order: NaN beats every number (the first NaN wins, as torch.max propagates NaN), otherwise
// strictly greater wins, so ties keep the earlier operand.
template <typename scalar_t>
bool beats(scalar_t x, scalar_t best) {
  return x > best || (x != x && best == best);
}

template <typename scalar_t>
void forward_impl(FuseMode mode, int64_t rows, int64_t m_count, int64_t dim, const scalar_t* entity,
                  const scalar_t* modal, const int64_t* index, scalar_t* out) {
  const int64_t md = m_count * dim;
  at::parallel_for(0, rows, 64, [&](int64_t begin, int64_t end) {
    for (int64_t n = begin; n < end; ++n) {
      const scalar_t* e = entity + n * dim;
      const scalar_t* m = modal_row(modal, index, n, md);
      const int64_t present = m ? m_count : 0;
      scalar_t* o = out + n * dim;
      for (int64_t i = 0; i < dim; ++i) {
        scalar_t total = e[i], best = e[i];
        for (int64_t j = 0; j < present; ++j) {
          total += m[j * dim + i];
          if (beats(m[j * dim + i], best)) best = m[j * dim + i];
        }
        const scalar_t mean = total / static_cast<scalar_t>(present + 1);
        switch (mode) {
          case FuseMode::kSum: o[i] = total; break;
          case FuseMode::kMean: o[i] = mean; break;
          case FuseMode::kMax: o[i] = best; break;
          case FuseMode::kResidual: o[i] = e[i] + mean; break;
          case FuseMode::kConcat: break;
        }
      }
    }
  });
}

template <typename scalar_t>
void backward_impl(FuseMode mode, int64_t rows, int64_t m_count, int64_t dim, const scalar_t* grad_out,
                   const scalar_t* entity, const scalar_t* modal, const int64_t* index, scalar_t* grad_entity,
                   scalar_t* grad_modal) {
  const int64_t md = m_count * dim;
  at::parallel_for(0, rows, 64, [&](int64_t begin, int64_t end) {
    for (int64_t n = begin; n < end; ++n) {
      const scalar_t* e = entity + n * dim;
      const scalar_t* m = modal_row(modal, index, n, md);
      const int64_t present = m ? m_count : 0;
      scalar_t* ge = grad_entity ? grad_entity + n * dim : nullptr;
      scalar_t* gm = grad_modal ? grad_modal + n * md : nullptr;
      if (gm && !m) std::fill(gm, gm + md, scalar_t(0));
      const scalar_t* g = grad_out + n * dim;
      const scalar_t inv = scalar_t(1) / static_cast<scalar_t>(present + 1);
      for (int64_t i = 0; i < dim; ++i) {
        scalar_t to_entity = 0, to_modal = 0;
        switch (mode) {
          case FuseMode::kSum: to_entity = to_modal = g[i]; break;
          case FuseMode::kMean: to_entity = to_modal = g[i] * inv; break;
          case FuseMode::kResidual: to_entity = g[i] * (1 + inv); to_modal = g[i] * inv; break;
          case FuseMode::kMax: case FuseMode::kConcat: break;
        }
        if (mode == FuseMode::kMax) {
          int64_t arg = -1;  // -1: the entity; the first maximum wins ties
          scalar_t best = e[i];
          for (int64_t j = 0; j < present; ++j) {
            if (beats(m[j * dim + i], best)) { best = m[j * dim + i]; arg = j; }
          }
          if (ge) ge[i] = arg < 0 ? g[i] : scalar_t(0);
          if (gm) for (int64_t j = 0; j < present; ++j) gm[j * dim + i] = j == arg ? g[i] : scalar_t(0);
          continue;
        }
        if (ge) ge[i] = to_entity;
        if (gm) for (int64_t j = 0; j < present; ++j) gm[j * dim + i] = to_modal;
      }
    }
  });
}

}  // namespace

void multimodal_fuse_forward(FuseMode mode, const torch::Tensor& entity, const torch::Tensor& modal,
                             const torch::Tensor& modal_index, torch::Tensor& out) {
  const int64_t rows = entity.size(0), dim = entity.size(1), m_count = modal.size(1);
  if (mode == FuseMode::kConcat) {
    // Pure data movement: LibTorch's vectorised copies beat a per-row loop here (bench/RESULTS.md).
    const int64_t md = m_count * dim;
    out.narrow(1, 0, dim).copy_(entity);
    if (!modal_index.defined()) {
      out.narrow(1, dim, md).copy_(modal.view({rows, md}));
      return;
    }
    if (modal.size(0) == 0) {  // an empty table: every index is -1
      out.narrow(1, dim, md).zero_();
      return;
    }
    const auto present = (modal_index >= 0).view({rows, 1});
    out.narrow(1, dim, md).copy_(modal.view({modal.size(0), md}).index_select(0, modal_index.clamp_min(0)));
    out.narrow(1, dim, md).masked_fill_(present.logical_not(), 0);
    return;
  }
  AT_DISPATCH_FLOATING_TYPES(entity.scalar_type(), "multimodal_fuse_forward_cpu", [&] {
    forward_impl<scalar_t>(mode, rows, m_count, dim, entity.data_ptr<scalar_t>(), modal.data_ptr<scalar_t>(),
                           modal_index.defined() ? modal_index.data_ptr<int64_t>() : nullptr, out.data_ptr<scalar_t>());
  });
}

void multimodal_fuse_backward(FuseMode mode, const torch::Tensor& grad_out, const torch::Tensor& entity,
                              const torch::Tensor& modal, const torch::Tensor& modal_index,
                              torch::Tensor& grad_entity, torch::Tensor& grad_modal_rows) {
  const int64_t rows = entity.size(0), dim = entity.size(1), m_count = modal.size(1);
  if (mode == FuseMode::kConcat) {  // slices of grad_out, as in the forward
    if (grad_entity.defined()) grad_entity.copy_(grad_out.narrow(1, 0, dim));
    if (!grad_modal_rows.defined()) return;
    grad_modal_rows.view({rows, m_count * dim}).copy_(grad_out.narrow(1, dim, m_count * dim));
    if (modal_index.defined()) grad_modal_rows.masked_fill_((modal_index < 0).view({rows, 1, 1}), 0);
    return;
  }
  AT_DISPATCH_FLOATING_TYPES(entity.scalar_type(), "multimodal_fuse_backward_cpu", [&] {
    backward_impl<scalar_t>(mode, rows, m_count, dim, grad_out.data_ptr<scalar_t>(), entity.data_ptr<scalar_t>(),
                            modal.data_ptr<scalar_t>(), modal_index.defined() ? modal_index.data_ptr<int64_t>() : nullptr,
                            grad_entity.defined() ? grad_entity.data_ptr<scalar_t>() : nullptr,
                            grad_modal_rows.defined() ? grad_modal_rows.data_ptr<scalar_t>() : nullptr);
  });
}

}  // namespace emorec::ops::cpu
