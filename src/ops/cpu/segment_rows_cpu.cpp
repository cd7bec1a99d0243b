// Segmented weighted row sums on the CPU, one segment per task.
#include "ops/backend.h"

#include <ATen/Parallel.h>

#include <vector>

namespace emorec::ops::cpu {

void segment_weighted_rows(const torch::Tensor& offsets, const torch::Tensor& target, const torch::Tensor& src,
                           const torch::Tensor& weight, const torch::Tensor& values, torch::Tensor& out) {
  const int64_t segments = target.numel(), dim = values.size(-1);
  const int64_t* off = offsets.data_ptr<int64_t>();
  const int64_t* tgt = target.data_ptr<int64_t>();
  const int64_t* from = src.data_ptr<int64_t>();
  AT_DISPATCH_FLOATING_TYPES(values.scalar_type(), "segment_weighted_rows_cpu", [&] {
    const scalar_t* w = weight.defined() ? weight.data_ptr<scalar_t>() : nullptr;
    const scalar_t* v = values.data_ptr<scalar_t>();
    scalar_t* o = out.data_ptr<scalar_t>();
    at::parallel_for(0, segments, 16, [&](int64_t begin, int64_t end) {
      std::vector<scalar_t> acc(static_cast<size_t>(dim));
      for (int64_t s = begin; s < end; ++s) {
        std::fill(acc.begin(), acc.end(), scalar_t(0));
        for (int64_t e = off[s]; e < off[s + 1]; ++e) {
          const scalar_t scale = w ? w[e] : scalar_t(1);
          const scalar_t* row = v + from[e] * dim;
          for (int64_t i = 0; i < dim; ++i) acc[static_cast<size_t>(i)] += scale * row[i];
        }
        scalar_t* dst = o + tgt[s] * dim;
        for (int64_t i = 0; i < dim; ++i) dst[i] = acc[static_cast<size_t>(i)];
      }
    });
  });
}

}  // namespace emorec::ops::cpu
