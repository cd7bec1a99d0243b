// Top-K metrics against hand-computed cases.
#include <gtest/gtest.h>

#include <cmath>

#include "metrics/topk.h"

namespace emorec::metrics {
namespace {

TEST(TopK, HandComputedUser) {
  // Items 0..5 with scores; item 1 is a training positive (excluded). Ranking of the rest by score:
  // 4 (0.9), 0 (0.8), 3 (0.5), 2 (0.3), 5 (0.1). Relevant: 0 and 2 -> hits at ranks 1 and 3 (0-based).
  const std::vector<float> scores = {0.8f, 0.95f, 0.3f, 0.5f, 0.9f, 0.1f};
  TopKAccumulator acc({1, 2, 5});
  acc.add_user(scores.data(), 6, {1}, {0, 2});
  const auto m = acc.result();
  ASSERT_EQ(m.users, 1);
  EXPECT_DOUBLE_EQ(m.precision[0], 0.0);
  EXPECT_DOUBLE_EQ(m.recall[0], 0.0);
  EXPECT_DOUBLE_EQ(m.ndcg[0], 0.0);
  EXPECT_DOUBLE_EQ(m.precision[1], 0.5);  // one hit in the top 2
  EXPECT_DOUBLE_EQ(m.recall[1], 0.5);
  EXPECT_NEAR(m.ndcg[1], (1 / std::log2(3.0)) / (1 + 1 / std::log2(3.0)), 1e-12);
  EXPECT_DOUBLE_EQ(m.precision[2], 2.0 / 5.0);
  EXPECT_DOUBLE_EQ(m.recall[2], 1.0);
  EXPECT_NEAR(m.ndcg[2], (1 / std::log2(3.0) + 1 / std::log2(5.0)) / (1 + 1 / std::log2(3.0)), 1e-12);
}

TEST(TopK, AveragesOverUsersAndSkipsUsersWithoutRelevantItems) {
  const std::vector<float> scores = {0.1f, 0.2f, 0.3f};
  TopKAccumulator acc({1});
  acc.add_user(scores.data(), 3, {}, {2});   // top-1 is item 2: a hit
  acc.add_user(scores.data(), 3, {}, {0});   // a miss
  acc.add_user(scores.data(), 3, {0}, {0});  // its only relevant item is excluded: not counted
  const auto m = acc.result();
  EXPECT_EQ(m.users, 2);
  EXPECT_DOUBLE_EQ(m.precision[0], 0.5);
  EXPECT_DOUBLE_EQ(m.ndcg[0], 0.5);
}

TEST(TopK, TiesGoToTheLowerItemAndShortListsCountAsMisses) {
  const std::vector<float> scores = {0.5f, 0.5f, 0.5f};
  TopKAccumulator acc({1, 5});
  acc.add_user(scores.data(), 3, {}, {1});
  const auto m = acc.result();
  EXPECT_DOUBLE_EQ(m.precision[0], 0.0);      // item 0 wins the tie
  EXPECT_DOUBLE_EQ(m.precision[1], 1.0 / 5);  // K = 5 with only 3 candidates: precision still divides by K
  EXPECT_DOUBLE_EQ(m.recall[1], 1.0);
  EXPECT_NEAR(m.ndcg[1], 1 / std::log2(3.0), 1e-12);
}

TEST(TopK, NanScoresRankLast) {
  const std::vector<float> scores = {std::nanf(""), 0.1f, 0.2f};
  TopKAccumulator acc({1, 2});
  acc.add_user(scores.data(), 3, {}, {0});
  const auto m = acc.result();
  EXPECT_DOUBLE_EQ(m.precision[0], 0.0);
  EXPECT_DOUBLE_EQ(m.precision[1], 0.0);  // item 0 (NaN) is third of three
}

TEST(TopK, RejectsItemsOutOfRange) {
  const std::vector<float> scores = {0.1f, 0.2f};
  TopKAccumulator acc;
  EXPECT_THROW(acc.add_user(scores.data(), 2, {}, {2}), std::invalid_argument);
  EXPECT_THROW(acc.add_user(scores.data(), 2, {-1}, {0}), std::invalid_argument);
  EXPECT_THROW(TopKAccumulator({0}), std::invalid_argument);
}

}  // namespace
}  // namespace emorec::metrics
