// Neighbour aggregation on the CPU: one pass per row (scores, a max-shifted softmax, the weighted sum), rows
// split across threads. The backward splits by user so that a user's [Rn] gradient row has one writer.
#include "ops/backend.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace emorec::ops::cpu {
namespace {

constexpr int64_t kGrainRows = 256;

template <typename scalar_t>
const scalar_t* row_of(const scalar_t* x, const int64_t* x_idx, int64_t n, int64_t k, const NeighborAggregateDims& d) {
  return x_idx ? x + x_idx[n * d.k + k] * d.dim : x + (n * d.k + k) * d.dim;
}

template <typename scalar_t>
void forward_impl(const NeighborAggregateDims& d, const scalar_t* user, const scalar_t* rel_table,
                  const scalar_t* user_rel, const int64_t* rel_idx, const scalar_t* x, const int64_t* x_idx,
                  scalar_t* out, scalar_t* attn) {
  at::parallel_for(0, d.rows, kGrainRows, [&](int64_t begin, int64_t end) {
    std::vector<scalar_t> acc(static_cast<size_t>(d.dim));
    for (int64_t n = begin; n < end; ++n) {
      const int64_t b = n / d.rows_per_user;
      scalar_t* a = attn + n * d.k;
      scalar_t max_score = -std::numeric_limits<scalar_t>::infinity();
      for (int64_t k = 0; k < d.k; ++k) {
        const int64_t r = rel_idx[n * d.k + k];
        scalar_t dot = 0;
        if (user_rel) {
          dot = user_rel[b * d.n_rel + r];
        } else {
          const scalar_t* u = user + b * d.dim;
          const scalar_t* rv = rel_table + r * d.dim;
          for (int64_t i = 0; i < d.dim; ++i) dot += u[i] * rv[i];
        }
        a[k] = dot * static_cast<scalar_t>(d.score_scale);
        max_score = std::max(max_score, a[k]);
      }
      scalar_t total = 0;
      for (int64_t k = 0; k < d.k; ++k) total += (a[k] = std::exp(a[k] - max_score));
      std::fill(acc.begin(), acc.end(), scalar_t(0));
      for (int64_t k = 0; k < d.k; ++k) {
        a[k] /= total;
        const scalar_t* v = row_of(x, x_idx, n, k, d);
        for (int64_t i = 0; i < d.dim; ++i) acc[static_cast<size_t>(i)] += a[k] * v[i];
      }
      scalar_t* o = out + n * d.dim;
      const auto scale = static_cast<scalar_t>(d.reduce_scale);
      for (int64_t i = 0; i < d.dim; ++i) o[i] = acc[static_cast<size_t>(i)] * scale;
    }
  });
}

template <typename scalar_t>
void backward_impl(const NeighborAggregateDims& d, const scalar_t* grad_out, const scalar_t* x, const int64_t* x_idx,
                   const scalar_t* attn, const int64_t* rel_idx, scalar_t* grad_dot, scalar_t* grad_x_dense,
                   scalar_t* grad_user_rel) {
  const int64_t users = d.rows / d.rows_per_user;
  const int64_t grain = std::max<int64_t>(1, kGrainRows / d.rows_per_user);
  const auto reduce_scale = static_cast<scalar_t>(d.reduce_scale), score_scale = static_cast<scalar_t>(d.score_scale);
  at::parallel_for(0, users, grain, [&](int64_t begin, int64_t end) {
    for (int64_t n = begin * d.rows_per_user; n < end * d.rows_per_user; ++n) {
      const scalar_t* g = grad_out + n * d.dim;
      const scalar_t* a = attn + n * d.k;
      scalar_t* gd = grad_dot + n * d.k;
      scalar_t weighted = 0;  // sum_j a_j * da_j
      for (int64_t k = 0; k < d.k; ++k) {
        const scalar_t* v = row_of(x, x_idx, n, k, d);
        scalar_t dot = 0;
        for (int64_t i = 0; i < d.dim; ++i) dot += g[i] * v[i];
        gd[k] = dot * reduce_scale;
        weighted += a[k] * gd[k];
      }
      for (int64_t k = 0; k < d.k; ++k) {
        gd[k] = score_scale * a[k] * (gd[k] - weighted);
        if (grad_user_rel) grad_user_rel[(n / d.rows_per_user) * d.n_rel + rel_idx[n * d.k + k]] += gd[k];
        if (grad_x_dense) {
          scalar_t* gx = grad_x_dense + (n * d.k + k) * d.dim;
          const scalar_t w = reduce_scale * a[k];
          for (int64_t i = 0; i < d.dim; ++i) gx[i] = w * g[i];
        }
      }
    }
  });
}

template <typename scalar_t>
const scalar_t* ptr_or_null(const torch::Tensor& t) {
  return t.defined() ? t.data_ptr<scalar_t>() : nullptr;
}

template <typename scalar_t>
scalar_t* mutable_ptr_or_null(torch::Tensor& t) {
  return t.defined() ? t.data_ptr<scalar_t>() : nullptr;
}

const int64_t* index_ptr_or_null(const torch::Tensor& t) { return t.defined() ? t.data_ptr<int64_t>() : nullptr; }

}  // namespace

void neighbor_aggregate_forward(const NeighborAggregateDims& d, const torch::Tensor& user,
                                const torch::Tensor& rel_table, const torch::Tensor& user_rel,
                                const torch::Tensor& rel_idx, const torch::Tensor& x, const torch::Tensor& x_idx,
                                torch::Tensor& out, torch::Tensor& attn) {
  AT_DISPATCH_FLOATING_TYPES(x.scalar_type(), "neighbor_aggregate_forward_cpu", [&] {
    forward_impl<scalar_t>(d, user.data_ptr<scalar_t>(), rel_table.data_ptr<scalar_t>(), ptr_or_null<scalar_t>(user_rel),
                           rel_idx.data_ptr<int64_t>(), x.data_ptr<scalar_t>(), index_ptr_or_null(x_idx),
                           out.data_ptr<scalar_t>(), attn.data_ptr<scalar_t>());
  });
}

void neighbor_aggregate_backward_rows(const NeighborAggregateDims& d, const torch::Tensor& grad_out,
                                      const torch::Tensor& x, const torch::Tensor& x_idx, const torch::Tensor& attn,
                                      const torch::Tensor& rel_idx, torch::Tensor& grad_dot,
                                      torch::Tensor& grad_x_dense, torch::Tensor& grad_user_rel) {
  AT_DISPATCH_FLOATING_TYPES(x.scalar_type(), "neighbor_aggregate_backward_cpu", [&] {
    backward_impl<scalar_t>(d, grad_out.data_ptr<scalar_t>(), x.data_ptr<scalar_t>(), index_ptr_or_null(x_idx),
                            attn.data_ptr<scalar_t>(), rel_idx.data_ptr<int64_t>(), grad_dot.data_ptr<scalar_t>(),
                            mutable_ptr_or_null<scalar_t>(grad_x_dense), mutable_ptr_or_null<scalar_t>(grad_user_rel));
  });
}

}  // namespace emorec::ops::cpu
