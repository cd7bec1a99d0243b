// PCA projection of modality features: axes, fit on the given rows only, deterministic signs, padding.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "data/modality_pca.h"

namespace emorec::data {
namespace {

TEST(ModalityPca, RecoversTheAxesOfTheFitRows) {
  torch::manual_seed(0);
  // 200 rows in 3-d: variance 9 along (1,1,0)/sqrt2, 1 along (0,0,1), ~0 along (1,-1,0)/sqrt2, offset by 5.
  // a and b are centred and exactly uncorrelated, so the sample's principal axes are exactly e1 and e2.
  auto a = torch::randn({200, 1}, torch::kDouble) * 3, b = torch::randn({200, 1}, torch::kDouble);
  a = a - a.mean();
  b = b - b.mean();
  b = b - a * (a * b).sum() / (a * a).sum();
  const auto e1 = torch::tensor({1.0, 1.0, 0.0}, torch::kDouble) / std::sqrt(2.0);
  const auto e2 = torch::tensor({0.0, 0.0, 1.0}, torch::kDouble);
  auto x = (a * e1 + b * e2 + 5).to(torch::kFloat);
  const auto fit = torch::arange(200, torch::kLong);
  const auto p = pca_project(x, fit, 2).to(torch::kDouble);
  // The projections are the centred coordinates along e1 and e2 (up to the fixed sign).
  const auto c1 = a.view({-1}), c2 = b.view({-1});
  EXPECT_NEAR(std::abs(torch::dot(p.select(1, 0), c1).item<double>()) / (c1.norm() * p.select(1, 0).norm()).item<double>(),
              1.0, 1e-6);
  EXPECT_NEAR(std::abs(torch::dot(p.select(1, 1), c2).item<double>()) / (c2.norm() * p.select(1, 1).norm()).item<double>(),
              1.0, 1e-6);
  // Fit rows are centred.
  EXPECT_NEAR(p.mean(0).abs().max().item<double>(), 0.0, 1e-5);
}

TEST(ModalityPca, OnlyTheFitRowsShapeTheProjectionAndEveryRowIsProjected) {
  torch::manual_seed(1);
  auto x = torch::randn({50, 6});
  const auto fit = torch::arange(30, torch::kLong);
  const auto p = pca_project(x, fit, 4);
  auto changed = x.clone();
  changed.narrow(0, 30, 20).mul_(100);  // rows outside the fit set
  const auto q = pca_project(changed, fit, 4);
  EXPECT_TRUE(torch::allclose(p.narrow(0, 0, 30), q.narrow(0, 0, 30), 1e-5, 1e-5));
  EXPECT_FALSE(torch::allclose(p.narrow(0, 30, 20), q.narrow(0, 30, 20)));  // but they are projected, row by row
  EXPECT_GT(p.select(0, 40).abs().sum().item<float>(), 0.f);
  EXPECT_FALSE(torch::equal(p.select(0, 40), p.select(0, 41)));  // not one row copied to all (the authors' bug)
}

TEST(ModalityPca, PadsWhenThereAreFewerComponentsThanDimensions) {
  torch::manual_seed(2);
  const auto x = torch::randn({10, 3});
  const auto p = pca_project(x, torch::arange(10, torch::kLong), 8);
  ASSERT_EQ(p.sizes(), torch::IntArrayRef({10, 8}));
  EXPECT_EQ(p.narrow(1, 3, 5).abs().sum().item<float>(), 0.f);
  EXPECT_GT(p.narrow(1, 0, 3).abs().sum().item<float>(), 0.f);
  EXPECT_THROW(pca_project(x, torch::empty({0}, torch::kLong), 2), c10::Error);
  // Three fit rows in 6-d span only 2 directions after centring: the third column must be zero, not an
  // arbitrary axis of zero variance.
  const auto wide = torch::randn({10, 6});
  const auto q = pca_project(wide, torch::arange(3, torch::kLong), 4);
  EXPECT_EQ(q.narrow(1, 2, 2).abs().sum().item<float>(), 0.f);
  EXPECT_GT(q.narrow(1, 0, 2).abs().sum().item<float>(), 0.f);
}

}  // namespace
}  // namespace emorec::data
