// Segmented weighted row sums on the CPU, one segment per task.
#include "ops/backend.h"

#include <ATen/Parallel.h>

#include <algorithm>
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

void scatter_weighted_rows(const torch::Tensor& keys, const torch::Tensor& src, int64_t src_per,
                           const torch::Tensor& weight, const torch::Tensor& values, torch::Tensor& out) {
  const int64_t entries = keys.numel(), rows = out.size(0), dim = values.size(-1);
  const int64_t* key = keys.data_ptr<int64_t>();
  const int64_t* from = src.defined() ? src.data_ptr<int64_t>() : nullptr;
  AT_DISPATCH_FLOATING_TYPES(values.scalar_type(), "scatter_weighted_rows_cpu", [&] {
    const scalar_t* w = weight.defined() ? weight.data_ptr<scalar_t>() : nullptr;
    const scalar_t* v = values.data_ptr<scalar_t>();
    scalar_t* o = out.data_ptr<scalar_t>();
    // Each task owns the target rows [begin, end) and reads every entry: a row has one writer, and its
    // entries are added in their order. The grain keeps the repeated reading of the keys below the work.
    const int64_t grain = std::max<int64_t>(rows / 4 + 1, 1);
    at::parallel_for(0, rows, grain, [&](int64_t begin, int64_t end) {
      for (int64_t e = 0; e < entries; ++e) {
        const int64_t r = key[e];
        if (r < begin || r >= end) continue;
        const scalar_t scale = w ? w[e] : scalar_t(1);
        const scalar_t* row = v + (from ? from[e] : e / src_per) * dim;
        scalar_t* dst = o + r * dim;
        for (int64_t i = 0; i < dim; ++i) dst[i] += scale * row[i];
      }
    });
  });
}

}  // namespace emorec::ops::cpu
