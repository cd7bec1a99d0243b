// Plain-loop neighbour aggregation (see the header for the formula).
#include "reference/neighbor_aggregate_ref.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace emorec::kernels {

void neighbor_aggregate_ref(const NeighborAggregateShape& s, const float* user, const float* rel_table,
                            const int64_t* rel_idx, const float* x, const int64_t* x_idx, float* out) {
  const int64_t rows_per_user = s.n_users > 0 ? s.rows / s.n_users : 0;
  std::vector<double> score(static_cast<size_t>(s.k)), acc(static_cast<size_t>(s.dim));
  for (int64_t n = 0; n < s.rows; ++n) {
    const float* u = user + (n / rows_per_user) * s.dim;
    double max_score = -INFINITY;
    for (int64_t k = 0; k < s.k; ++k) {
      const float* r = rel_table + rel_idx[n * s.k + k] * s.dim;
      double dot = 0;
      for (int64_t d = 0; d < s.dim; ++d) dot += static_cast<double>(u[d]) * r[d];
      score[static_cast<size_t>(k)] = s.mean_score ? dot / static_cast<double>(s.dim) : dot;
      max_score = std::max(max_score, score[static_cast<size_t>(k)]);
    }
    double total = 0;
    for (auto& v : score) total += (v = std::exp(v - max_score));
    std::fill(acc.begin(), acc.end(), 0.0);
    for (int64_t k = 0; k < s.k; ++k) {
      const float* v = x_idx ? x + x_idx[n * s.k + k] * s.dim : x + (n * s.k + k) * s.dim;
      const double a = score[static_cast<size_t>(k)] / total;
      for (int64_t d = 0; d < s.dim; ++d) acc[static_cast<size_t>(d)] += a * v[d];
    }
    const double scale = s.mean_reduce ? 1.0 / static_cast<double>(s.k) : 1.0;
    for (int64_t d = 0; d < s.dim; ++d) out[n * s.dim + d] = static_cast<float>(acc[static_cast<size_t>(d)] * scale);
  }
}

}  // namespace emorec::kernels
