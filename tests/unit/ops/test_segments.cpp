// The scattered row sums under the fused operators' table gradients (ops/segments.h): the CPU's in-place
// scatter against a plain loop in entry order, and bit for bit against the sort-grouped segmented sums that
// CUDA uses, on repeated, skewed and absent keys, with and without weights and source indices.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "ops/backend.h"
#include "ops/segments.h"

namespace emorec::ops {
namespace {

// out[keys[e]] += weight[e] * values[src[e]] for e in entry order, in float64 from float32 products.
torch::Tensor loop_reference(const torch::Tensor& keys, const torch::Tensor& src, const torch::Tensor& weight,
                             const torch::Tensor& values, int64_t rows) {
  auto out = torch::zeros({rows, values.size(1)}, torch::kDouble);
  for (int64_t e = 0; e < keys.numel(); ++e) {
    const auto w = weight.defined() ? weight[e].item<double>() : 1.0;
    out[keys[e].item<int64_t>()] += w * values[src[e].item<int64_t>()].to(torch::kDouble);
  }
  return out;
}

// The sort-grouped path of scatter_rows (what CUDA runs), on the CPU backend.
torch::Tensor sorted_path(const torch::Tensor& keys, const torch::Tensor& src, const torch::Tensor& weight,
                          const torch::Tensor& values, int64_t rows) {
  auto out = torch::zeros({rows, values.size(1)}, values.options());
  const auto groups = group_by(keys);
  const auto sorted_src = src.index_select(0, groups.order).contiguous();
  const auto sorted_weight = weight.defined() ? weight.index_select(0, groups.order).contiguous() : torch::Tensor();
  cpu::segment_weighted_rows(groups.offsets, groups.target, sorted_src, sorted_weight, values, out);
  return out;
}

TEST(ScatterRows, CpuScatterEqualsTheLoopAndTheSortedSegmentsBitForBit) {
  torch::manual_seed(3);
  const int64_t rows = 300, entries = 5000, D = 7, sources = 900;
  // Skewed keys: a third of the entries hit row 5; rows above 250 are never hit.
  auto keys = torch::randint(0, 250, {entries}, torch::kLong);
  keys.index_put_({torch::randint(0, entries, {entries / 3}, torch::kLong)}, 5);
  const auto src = torch::randint(0, sources, {entries}, torch::kLong);
  const auto values = torch::randn({sources, D});
  const auto weight = torch::randn({entries});
  const int before = at::get_num_threads();
  for (int threads : {1, 2}) {
    at::set_num_threads(threads);
    for (const bool weighted : {true, false}) {
      const auto w = weighted ? weight : torch::Tensor();
      const auto got = scatter_rows(keys, src, w, values, rows);
      EXPECT_TRUE(torch::equal(got, sorted_path(keys, src, w, values, rows))) << threads << " threads";
      EXPECT_TRUE(torch::allclose(got.to(torch::kDouble), loop_reference(keys, src, w, values, rows), 1e-4, 1e-4));
      EXPECT_EQ(got.narrow(0, 250, 50).abs().sum().item<double>(), 0.0);
    }
  }
  at::set_num_threads(before);
  // Without source indices, entry e reads values[e / src_per].
  const int64_t per = 6;
  const auto short_values = torch::randn({entries / per + 1, D});
  const auto implied = torch::arange(entries, torch::kLong).div(per, "floor");
  EXPECT_TRUE(torch::equal(scatter_rows(keys, torch::Tensor(), weight, short_values, rows, per),
                           scatter_rows(keys, implied, weight, short_values, rows)));
  EXPECT_TRUE(torch::equal(scatter_rows(keys, torch::Tensor(), weight, short_values, rows, per),
                           sorted_path(keys, implied, weight, short_values, rows)));
}

TEST(ScatterRows, NoEntriesGiveZeros) {
  const auto out = scatter_rows(torch::empty({0}, torch::kLong), torch::empty({0}, torch::kLong), torch::Tensor(),
                                torch::randn({3, 2}), 4);
  EXPECT_TRUE(torch::equal(out, torch::zeros({4, 2})));
}

}  // namespace
}  // namespace emorec::ops
