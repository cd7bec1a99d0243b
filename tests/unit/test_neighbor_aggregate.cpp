// Neighbour aggregation: the LibTorch composite against the plain-loop CPU reference, gradients against
// finite differences, input validation, and the CUDA forward kernel against the reference when a GPU exists.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "ops/neighbor_aggregate.h"
#include "reference/neighbor_aggregate_ref.h"
#ifdef EMOREC_WITH_CUDA
#include "cuda/neighbor_aggregate_fwd.cuh"
#endif

namespace emorec::ops {
namespace {

struct Case {
  int64_t b, rows_per_user, k, d, m, r;
  bool indexed, mean_score, mean_reduce;
};

struct Inputs {
  torch::Tensor user, rel_table, rel_idx, x, x_idx;
};

Inputs make_inputs(const Case& c, torch::Dtype dtype, uint64_t seed) {
  torch::manual_seed(seed);
  const int64_t n = c.b * c.rows_per_user;
  Inputs in;
  in.user = torch::randn({c.b, c.d}, dtype);
  in.rel_table = torch::randn({c.r, c.d}, dtype);
  in.rel_idx = torch::randint(0, c.r, {n, c.k}, torch::kLong);
  if (c.indexed) {
    in.x = torch::randn({c.m, c.d}, dtype);
    in.x_idx = torch::randint(0, c.m, {n, c.k}, torch::kLong);
    if (n > 0 && c.k > 1) in.x_idx.index_put_({0, 1}, in.x_idx.index({0, 0}));  // a duplicate index
  } else {
    in.x = torch::randn({n, c.k, c.d}, dtype);
  }
  return in;
}

NeighborAggregateOptions options_of(const Case& c) {
  return {c.mean_score ? NeighborScore::kMeanDot : NeighborScore::kDot,
          c.mean_reduce ? NeighborReduce::kMean : NeighborReduce::kSum};
}

torch::Tensor run_op(const Case& c, const Inputs& in) {
  return neighbor_aggregate(in.user, in.rel_table, in.rel_idx, in.x,
                            c.indexed ? std::optional<torch::Tensor>(in.x_idx) : std::nullopt, options_of(c));
}

torch::Tensor run_reference(const Case& c, const Inputs& in) {
  const int64_t n = c.b * c.rows_per_user;
  auto out = torch::empty({n, c.d}, torch::kFloat);
  kernels::NeighborAggregateShape s{c.b, n, c.k, c.d, c.mean_score, c.mean_reduce};
  const auto x = in.x.contiguous();
  kernels::neighbor_aggregate_ref(s, in.user.contiguous().data_ptr<float>(),
                                  in.rel_table.contiguous().data_ptr<float>(), in.rel_idx.contiguous().data_ptr<int64_t>(),
                                  x.data_ptr<float>(), c.indexed ? in.x_idx.contiguous().data_ptr<int64_t>() : nullptr,
                                  out.data_ptr<float>());
  return out;
}

const std::vector<Case> kCases = {
    {4, 1, 8, 16, 50, 7, true, true, true},     // KGCN first hop
    {4, 8, 8, 16, 50, 7, false, true, true},    // KGCN second hop (dense)
    {3, 2, 1, 5, 9, 2, true, false, false},     // K=1, D not a multiple of 4
    {2, 3, 5, 37, 11, 4, false, false, true},   // D not a multiple of 32
    {5, 1, 16, 64, 1000, 60, true, true, false},
    {0, 1, 4, 8, 10, 3, true, true, true},      // empty N
};

TEST(NeighborAggregate, CompositeMatchesTheLoopReference) {
  for (const auto& c : kCases) {
    const auto in = make_inputs(c, torch::kFloat, 11);
    // float32 against a float64-accumulating reference: a few ulps of a K-term softmax-weighted sum.
    EXPECT_TRUE(torch::allclose(run_op(c, in), run_reference(c, in), 1e-5, 1e-6))
        << "b=" << c.b << " rows/user=" << c.rows_per_user << " k=" << c.k << " d=" << c.d;
  }
}

TEST(NeighborAggregate, GradientsMatchFiniteDifferencesInFloat64) {
  const Case c{2, 2, 3, 5, 6, 3, true, true, true};
  auto in = make_inputs(c, torch::kDouble, 3);
  for (auto* t : {&in.user, &in.rel_table, &in.x}) t->set_requires_grad(true);
  const auto weights = torch::randn({c.b * c.rows_per_user, c.d}, torch::kDouble);
  auto loss_of = [&] { return (run_op(c, in) * weights).sum(); };
  loss_of().backward();
  const double eps = 1e-6;
  for (auto* t : {&in.user, &in.rel_table, &in.x}) {
    const auto analytic = t->grad().clone();
    auto flat = t->detach().view({-1});
    for (int64_t i = 0; i < flat.numel(); ++i) {
      const double orig = flat[i].item<double>();
      torch::NoGradGuard guard;
      flat[i] = orig + eps;
      const double up = loss_of().item<double>();
      flat[i] = orig - eps;
      const double down = loss_of().item<double>();
      flat[i] = orig;
      // central differences in float64: truncation ~eps^2, rounding ~1e-16/eps = 1e-10.
      EXPECT_NEAR(analytic.view({-1})[i].item<double>(), (up - down) / (2 * eps), 1e-7) << "element " << i;
    }
  }
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const c10::Error& e) {
    return e.what_without_backtrace();
  }
  return "";
}

TEST(NeighborAggregate, RejectsBadInputsNamingTheArgument) {
  const Case c{2, 1, 3, 4, 5, 3, true, true, true};
  const auto in = make_inputs(c, torch::kFloat, 1);
  EXPECT_NE(error_of([&] { neighbor_aggregate(in.user.view({-1}), in.rel_table, in.rel_idx, in.x, in.x_idx); })
                .find("user must be [B,D]"),
            std::string::npos);
  EXPECT_NE(error_of([&] { neighbor_aggregate(in.user, in.rel_table, in.rel_idx.to(torch::kInt), in.x, in.x_idx); })
                .find("rel_idx must be an int64"),
            std::string::npos);
  EXPECT_NE(error_of([&] { neighbor_aggregate(in.user, in.rel_table, in.rel_idx, in.x, in.x_idx.narrow(1, 0, 2)); })
                .find("x_idx must be int64 with the shape of rel_idx"),
            std::string::npos);
  EXPECT_NE(error_of([&] { neighbor_aggregate(in.user, in.rel_table.narrow(1, 0, 3), in.rel_idx, in.x, in.x_idx); })
                .find("rel_table must be [R,D]"),
            std::string::npos);
  EXPECT_NE(error_of([&] { neighbor_aggregate(in.user, in.rel_table, in.rel_idx, in.x, std::nullopt); })
                .find("x must be [N,K,D]"),
            std::string::npos);
  EXPECT_NE(error_of([&] { neighbor_aggregate(in.user.narrow(0, 0, 1).repeat({3, 1}), in.rel_table, in.rel_idx,
                                              in.x, in.x_idx); })
                .find("is not a multiple of B=3"),
            std::string::npos);
}

#ifdef EMOREC_WITH_CUDA
TEST(NeighborAggregateCuda, ForwardKernelMatchesTheReference) {
  if (!torch::cuda::is_available()) GTEST_SKIP() << "no GPU: the CUDA kernel is compiled but not run here";
  for (const auto& c : kCases) {
    const auto in = make_inputs(c, torch::kFloat, 5);
    const int64_t n = c.b * c.rows_per_user;
    auto out = torch::empty({n, c.d}, torch::TensorOptions().device(torch::kCUDA));
    const auto u = in.user.cuda(), r = in.rel_table.cuda(), ri = in.rel_idx.cuda(), x = in.x.cuda();
    const auto xi = c.indexed ? in.x_idx.cuda() : torch::Tensor();
    kernels::NeighborAggregateShape s{c.b, n, c.k, c.d, c.mean_score, c.mean_reduce};
    ASSERT_EQ(kernels::neighbor_aggregate_fwd_cuda(s, u.data_ptr<float>(), r.data_ptr<float>(), ri.data_ptr<int64_t>(),
                                                   x.data_ptr<float>(), c.indexed ? xi.data_ptr<int64_t>() : nullptr,
                                                   out.data_ptr<float>(), nullptr),
              cudaSuccess);
    torch::cuda::synchronize();
    // __expf and float accumulation against float64: a few float32 ulps of O(1) values.
    EXPECT_TRUE(torch::allclose(out.cpu(), run_reference(c, in), 1e-4, 1e-5)) << "k=" << c.k << " d=" << c.d;
  }
}
#else
TEST(NeighborAggregateCuda, ForwardKernelMatchesTheReference) {
  GTEST_SKIP() << "built without CUDA (EMOREC_CUDA=OFF or no nvcc)";
}
#endif

}  // namespace
}  // namespace emorec::ops
