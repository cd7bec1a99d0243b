// emorec::csr_spmm (CPU, CUDA through cuSPARSE, autograd) and emorec::neighbor_aggregate_csr (composite).
#include "ops/csr_aggregate.h"

#include <ATen/core/dispatch/Dispatcher.h>
#include <torch/library.h>

#include <limits>

#include "ops/backend.h"
#include "ops/check.h"

namespace emorec::ops {
namespace {

using torch::Tensor;
constexpr const char* kSpmm = "emorec::csr_spmm";
constexpr const char* kAggregate = "emorec::neighbor_aggregate_csr";

void check_csr(const char* op, const Tensor& rowptr, const Tensor& col, const Tensor& like, int64_t n_cols) {
  check_index(op, "rowptr", rowptr, like);
  check_index(op, "col", col, like);
  TORCH_CHECK(rowptr.dim() == 1 && rowptr.numel() >= 1, op, ": rowptr must be [N+1], got ", rowptr.sizes());
  TORCH_CHECK(col.dim() == 1, op, ": col must be [E], got ", col.sizes());
  if (!rowptr.is_cuda()) {
    const auto p = rowptr.contiguous();
    const int64_t* ptr = p.data_ptr<int64_t>();
    const int64_t rows = p.numel() - 1;
    TORCH_CHECK(ptr[0] == 0 && ptr[rows] == col.numel(), op, ": rowptr must run from 0 to E=", col.numel(),
                ", got ", ptr[0], " .. ", ptr[rows]);
    for (int64_t n = 0; n < rows; ++n) {
      TORCH_CHECK(ptr[n] <= ptr[n + 1], op, ": rowptr decreases at row ", n, " (", ptr[n], " > ", ptr[n + 1], ")");
    }
  }
  check_index_range(op, "col", col, 0, n_cols, "rows of x");
}

void check_spmm(const Tensor& rowptr, const Tensor& col, const Tensor& values, const Tensor& x) {
  TORCH_CHECK(x.dim() == 2, kSpmm, ": x must be [M,D], got ", x.sizes());
  check_float_dtype(kSpmm, "x", x);
  check_same_device_dtype(kSpmm, "values", values, "x", x);
  check_csr(kSpmm, rowptr, col, x, x.size(0));
  TORCH_CHECK(values.dim() == 1 && values.numel() == col.numel(), kSpmm, ": values must be [E]=[", col.numel(),
              "], got ", values.sizes());
}

Tensor spmm_kernel(const Tensor& rowptr, const Tensor& col, const Tensor& values, const Tensor& x) {
  check_spmm(rowptr, col, values, x);
  auto out = torch::zeros({rowptr.numel() - 1, x.size(1)}, x.options());
  if (col.numel() == 0 || x.size(1) == 0) return out;
  EMOREC_OPS_BACKEND_CALL(x, csr_spmm, rowptr.contiguous(), col.contiguous(), values.contiguous(), x.contiguous(),
                          /*transpose=*/false, out);
  return out;
}

std::tuple<Tensor, Tensor> spmm_backward_kernel(const Tensor& grad_out, const Tensor& rowptr, const Tensor& col,
                                                const Tensor& values, const Tensor& x, std::array<bool, 2> mask) {
  check_spmm(rowptr, col, values, x);
  TORCH_CHECK(grad_out.dim() == 2 && grad_out.size(0) == rowptr.numel() - 1 && grad_out.size(1) == x.size(1), kSpmm,
              ": grad_out must be [N,D], got ", grad_out.sizes());
  Tensor grad_values, grad_x;
  const auto g = grad_out.contiguous();
  if (mask[0]) {  // d values[e] = <grad_out[row(e)], x[col(e)]>
    const auto degree = rowptr.narrow(0, 1, rowptr.numel() - 1) - rowptr.narrow(0, 0, rowptr.numel() - 1);
    const auto row = torch::repeat_interleave(degree);
    grad_values = (g.index_select(0, row) * x.index_select(0, col)).sum(1);
  }
  if (mask[1]) {  // A^T grad_out
    grad_x = torch::zeros_like(x, torch::MemoryFormat::Contiguous);
    if (col.numel() > 0 && x.size(1) > 0) {
      EMOREC_OPS_BACKEND_CALL(x, csr_spmm, rowptr.contiguous(), col.contiguous(), values.contiguous(), g,
                              /*transpose=*/true, grad_x);
    }
  }
  return {grad_values, grad_x};
}

class SpmmFunction : public torch::autograd::Function<SpmmFunction> {
 public:
  static Tensor forward(torch::autograd::AutogradContext* ctx, const Tensor& rowptr, const Tensor& col,
                        const Tensor& values, const Tensor& x) {
    at::AutoDispatchBelowADInplaceOrView guard;
    static const auto op = c10::Dispatcher::singleton()
                               .findSchemaOrThrow("emorec::csr_spmm", "")
                               .typed<Tensor(const Tensor&, const Tensor&, const Tensor&, const Tensor&)>();
    ctx->save_for_backward({rowptr, col, values, x});
    return op.call(rowptr, col, values, x);
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list grads) {
    static const auto op = c10::Dispatcher::singleton()
                               .findSchemaOrThrow("emorec::csr_spmm_backward", "")
                               .typed<std::tuple<Tensor, Tensor>(const Tensor&, const Tensor&, const Tensor&,
                                                                 const Tensor&, const Tensor&, std::array<bool, 2>)>();
    TORCH_CHECK(!torch::GradMode::is_enabled(), kSpmm, ": second derivatives are not implemented");
    const auto s = ctx->get_saved_variables();
    auto [grad_values, grad_x] =
        op.call(grads[0], s[0], s[1], s[2], s[3], {ctx->needs_input_grad(2), ctx->needs_input_grad(3)});
    return {Tensor(), Tensor(), grad_values, grad_x};
  }
};

Tensor spmm_autograd(const Tensor& rowptr, const Tensor& col, const Tensor& values, const Tensor& x) {
  return SpmmFunction::apply(rowptr, col, values, x);
}

Tensor aggregate_composite(const Tensor& user, const Tensor& rel_table, const Tensor& rowptr, const Tensor& rel_idx,
                           const Tensor& x, const Tensor& col, bool mean_score, bool mean_reduce) {
  TORCH_CHECK(user.dim() == 2 && user.size(1) >= 1, kAggregate, ": user must be [B,D], got ", user.sizes());
  const int64_t B = user.size(0), D = user.size(1);
  check_float_dtype(kAggregate, "user", user);
  check_same_device_dtype(kAggregate, "rel_table", rel_table, "user", user);
  check_same_device_dtype(kAggregate, "x", x, "user", user);
  TORCH_CHECK(rel_table.dim() == 2 && rel_table.size(1) == D, kAggregate, ": rel_table must be [R,D] with D=", D,
              ", got ", rel_table.sizes());
  TORCH_CHECK(x.dim() == 2 && x.size(1) == D, kAggregate, ": x must be [M,D] with D=", D, ", got ", x.sizes());
  check_csr(kAggregate, rowptr, col, x, x.size(0));
  check_index(kAggregate, "rel_idx", rel_idx, user);
  TORCH_CHECK(rel_idx.sizes() == col.sizes(), kAggregate, ": rel_idx must be [E] like col ", col.sizes(), ", got ",
              rel_idx.sizes());
  check_index_range(kAggregate, "rel_idx", rel_idx, 0, rel_table.size(0), "rows of rel_table");
  const int64_t N = rowptr.numel() - 1;
  TORCH_CHECK(B > 0 ? N % B == 0 : N == 0, kAggregate, ": N=", N, " rows is not a multiple of B=", B, " users");
  if (N == 0) return torch::zeros({0, D}, x.options());
  const auto degree = rowptr.narrow(0, 1, N) - rowptr.narrow(0, 0, N);
  const auto row = torch::repeat_interleave(degree);
  const auto user_of_entry = row.div(N / B, "floor");
  auto scores = (user.index_select(0, user_of_entry) * rel_table.index_select(0, rel_idx)).sum(1);
  if (mean_score) scores = scores / static_cast<double>(D);
  // Softmax over each row's entries; the max shift only keeps exp in range (no gradient through it).
  const auto row_max = torch::full({N}, -std::numeric_limits<double>::infinity(), scores.options())
                           .scatter_reduce(0, row, scores.detach(), "amax", /*include_self=*/true);
  const auto e = torch::exp(scores - row_max.index_select(0, row));
  const auto total = torch::zeros({N}, e.options()).index_add(0, row, e);
  auto weights = e / total.index_select(0, row);
  if (mean_reduce) weights = weights / degree.index_select(0, row).to(weights.scalar_type());
  static const auto op = c10::Dispatcher::singleton()
                             .findSchemaOrThrow("emorec::csr_spmm", "")
                             .typed<Tensor(const Tensor&, const Tensor&, const Tensor&, const Tensor&)>();
  return op.call(rowptr, col, weights, x);
}

}  // namespace

Tensor csr_spmm(const Tensor& rowptr, const Tensor& col, const Tensor& values, const Tensor& x) {
  static const auto op = c10::Dispatcher::singleton()
                             .findSchemaOrThrow("emorec::csr_spmm", "")
                             .typed<Tensor(const Tensor&, const Tensor&, const Tensor&, const Tensor&)>();
  return op.call(rowptr, col, values, x);
}

Tensor neighbor_aggregate_csr(const Tensor& user, const Tensor& rel_table, const Tensor& rowptr, const Tensor& rel_idx,
                              const Tensor& x, const Tensor& col, const NeighborAggregateOptions& options) {
  static const auto op = c10::Dispatcher::singleton()
                             .findSchemaOrThrow("emorec::neighbor_aggregate_csr", "")
                             .typed<Tensor(const Tensor&, const Tensor&, const Tensor&, const Tensor&, const Tensor&,
                                           const Tensor&, bool, bool)>();
  return op.call(user, rel_table, rowptr, rel_idx, x, col, options.score == NeighborScore::kMeanDot,
                 options.reduce == NeighborReduce::kMean);
}

TORCH_LIBRARY_IMPL(emorec, CPU, m) {
  m.impl("csr_spmm", &spmm_kernel);
  m.impl("csr_spmm_backward", &spmm_backward_kernel);
}

TORCH_LIBRARY_IMPL(emorec, CUDA, m) {
  m.impl("csr_spmm", &spmm_kernel);
  m.impl("csr_spmm_backward", &spmm_backward_kernel);
}

TORCH_LIBRARY_IMPL(emorec, Autograd, m) { m.impl("csr_spmm", &spmm_autograd); }

TORCH_LIBRARY_IMPL(emorec, CompositeImplicitAutograd, m) { m.impl("neighbor_aggregate_csr", &aggregate_composite); }

}  // namespace emorec::ops
