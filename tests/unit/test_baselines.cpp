// The recommendation baselines against hand-computed cases on a 3-user, 4-item training split.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>

#include "data/kg_dataset.h"
#include "models/baselines/bpr_mf.h"
#include "models/baselines/item_knn.h"
#include "models/baselines/popularity.h"
#include "models/baselines/positive_rate.h"
#include "models/baselines/train_positives.h"

namespace emorec::models {
namespace {

// Training rows: u0: i0+ i1+ i2-;  u1: i0+ i2+ i3-;  u2: i1+ i0-.  One eval row (u2, i2, +) that no
// baseline may look at.
data::KgDataset tiny() {
  data::KgDataset ds;
  auto& x = ds.interactions;
  x.n_user = 3, x.n_item = 4;
  const int64_t rows[][3] = {{0, 0, 1}, {0, 1, 1}, {0, 2, 0}, {1, 0, 1}, {1, 2, 1}, {1, 3, 0}, {2, 1, 1}, {2, 0, 0}, {2, 2, 1}};
  for (const auto& r : rows) x.user.push_back(r[0]), x.item.push_back(r[1]), x.label.push_back(static_cast<float>(r[2]));
  ds.split.train = {0, 1, 2, 3, 4, 5, 6, 7};
  ds.split.eval = {8};
  return ds;
}

torch::Tensor ids(std::vector<int64_t> v) { return torch::tensor(v, torch::kLong); }

TEST(Baselines, TrainPositivesIgnoreOtherSplits) {
  const auto pos = train_positives_by_user(tiny());
  EXPECT_EQ(pos[0], (std::vector<int64_t>{0, 1}));
  EXPECT_EQ(pos[1], (std::vector<int64_t>{0, 2}));
  EXPECT_EQ(pos[2], (std::vector<int64_t>{1}));  // (u2, i2) is an eval row
}

TEST(Baselines, PopularityCountsTrainingPositives) {
  // Training positives per item: i0 2, i1 2, i2 1, i3 0 (the eval row (u2, i2, +) is not counted).
  ItemPopularity model(4);
  model.fit(tiny());
  // Rows (count, label): i0 (2,+) (2,+) (2,-); i1 (2,+) (2,+); i2 (1,-) (1,+); i3 (0,-). "count > t" is right
  // on 5 rows for t = -1, 6 for t = 0 and 1, 3 for t = 2: the smallest best threshold is 0.
  EXPECT_EQ(model.threshold(), 0);
  const auto logit = model.forward(ids({2, 0, 1, 1}), ids({0, 1, 2, 3}));
  EXPECT_TRUE(torch::equal(logit, torch::tensor({1.5f, 1.5f, 0.5f, -0.5f}))) << logit;
  EXPECT_EQ(model.forward(ids({0}), ids({1})).item<float>(), model.forward(ids({2}), ids({1})).item<float>());
}

TEST(Baselines, CountThresholdMaximisesAccuracy) {
  EXPECT_EQ(accuracy_threshold({5, 5, 1, 1}, {true, true, false, false}), 1);
  EXPECT_EQ(accuracy_threshold({3, 3}, {true, true}), -1);    // every row positive: call them all positive
  EXPECT_EQ(accuracy_threshold({3, 0}, {false, false}), 3);   // every row negative
  EXPECT_EQ(accuracy_threshold({}, {}), -1);
}

TEST(Baselines, PositiveRateIsTheSmoothedTrainingPositiveRate) {
  ItemPositiveRate model(4);
  model.fit(tiny());
  // i0: 2 of 3 -> (2+1)/(3+2) = 0.6; i1: 2 of 2 -> 3/4; i2: 1 of 2 -> 2/4; i3: 0 of 1 -> 1/3.
  const auto p = torch::sigmoid(model.forward(ids({2, 0, 1, 1}), ids({0, 1, 2, 3})));
  EXPECT_TRUE(torch::allclose(p, torch::tensor({0.6f, 0.75f, 0.5f, 1.0f / 3.0f}), 1e-6, 1e-6)) << p;
  EXPECT_EQ(model.forward(ids({0}), ids({1})).item<float>(), model.forward(ids({2}), ids({1})).item<float>());
}

TEST(Baselines, ItemKnnSumsCosineSimilaritiesOfTheUsersItems) {
  // Training positives: X = [[1,1,0,0],[1,0,1,0],[0,1,0,0]]. cos(0,1) = 1/sqrt(2*2) = 0.5,
  // cos(0,2) = 1/sqrt(2*1) = 0.7071, cos(1,2) = 0, item 3 has no positive.
  ItemKnn model(3, 4, 2);
  model.fit(tiny());
  const auto s = model.score(ids({2, 2, 0, 1, 0}), ids({0, 2, 2, 1, 3}));
  // (u2,i0): u2 has i1, a neighbour of i0 with 0.5. (u2,i2): i2's neighbours are i0 (0.7071) and a 0. (u0,i2):
  // u0 has i0 -> 0.7071. (u1,i1): u1 has i0 -> 0.5. (u0,i3): no similarity at all.
  EXPECT_TRUE(torch::allclose(s, torch::tensor({0.5f, 0.0f, std::sqrt(0.5f), 0.5f, 0.0f}), 1e-6, 1e-6)) << s;
  ItemKnn nearest(3, 4, 1);  // k = 1: i0 keeps only i2
  nearest.fit(tiny());
  EXPECT_FLOAT_EQ(nearest.score(ids({2}), ids({0})).item<float>(), 0.0f);
}

TEST(Baselines, PlattScalingMatchesTheClosedForm) {
  // Scores 0 -> labels {0,1}: rate 1/2, so b = 0. Scores 1 -> {1,1,0}: rate 2/3, so a + b = log 2.
  const auto ab = fit_platt({0, 0, 1, 1, 1}, {0, 1, 1, 1, 0});
  EXPECT_NEAR(ab[1], 0.0, 1e-8);
  EXPECT_NEAR(ab[0], std::log(2.0), 1e-8);
}

TEST(Baselines, BprNegativesAreUniformOverNonPositives) {
  BprMf model(3, 4, 2, train_positives_by_user(tiny()), 9);
  const std::vector<int64_t> users(3000, 0);  // u0's training positives are i0 and i1
  const auto draws = model.draw_negatives(users, 0, 0);
  int count[4] = {0, 0, 0, 0};
  for (int64_t j : draws) ++count[j];
  EXPECT_EQ(count[0] + count[1], 0);
  EXPECT_NEAR(count[2], 1500, 150);  // Binomial(3000, 1/2): sd 27
  EXPECT_EQ(model.draw_negatives(users, 0, 0), draws);     // reproducible for (epoch, step)
  EXPECT_NE(model.draw_negatives(users, 0, 1), draws);
}

TEST(Baselines, BprLossIsTheLogisticPairwiseLoss) {
  BprMf model(1, 2, 2, {{0}}, 1);  // one user who likes i0: every negative is i1
  torch::NoGradGuard guard;
  model.named_parameters()["user_emb"].copy_(torch::tensor({{1.0f, 0.0f}}));
  model.named_parameters()["item_emb"].copy_(torch::tensor({{2.0f, 0.0f}, {0.5f, 0.0f}}));
  const Batch batch{ids({0, 0}), ids({0, 1}), torch::tensor({1.0f, 0.0f}), 0, 0};  // the label-0 row is unused
  EXPECT_NEAR(model.loss(batch).item<double>(), std::log1p(std::exp(-1.5)), 1e-6);  // -log sigmoid(2 - 0.5)
}

}  // namespace
}  // namespace emorec::models
