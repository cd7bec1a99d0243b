// AUC, accuracy and F1 against hand-computed values.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "metrics/classification.h"

namespace emorec::metrics {
namespace {

TEST(Metrics, AucCountsCorrectlyOrderedPairs) {
  // Positives 0.9, 0.4; negatives 0.6, 0.1. Pairs (pos > neg): (0.9,0.6) (0.9,0.1) (0.4,0.1) = 3 of 4.
  EXPECT_DOUBLE_EQ(roc_auc({0.9f, 0.6f, 0.4f, 0.1f}, {1, 0, 1, 0}), 0.75);
  EXPECT_DOUBLE_EQ(roc_auc({0.1f, 0.2f, 0.8f, 0.9f}, {0, 0, 1, 1}), 1.0);
  EXPECT_DOUBLE_EQ(roc_auc({0.9f, 0.8f, 0.2f, 0.1f}, {0, 0, 1, 1}), 0.0);
}

TEST(Metrics, AucCountsTiesAsHalf) {
  // Pos {0.5, 0.7}, neg {0.5, 0.2, 0.7}: pairs: 0.5 vs 0.5 tie(.5), vs 0.2 win, vs 0.7 loss -> 1.5;
  // 0.7 vs 0.5 win, vs 0.2 win, vs 0.7 tie(.5) -> 2.5. AUC = 4/6.
  EXPECT_NEAR(roc_auc({0.5f, 0.5f, 0.2f, 0.7f, 0.7f}, {1, 0, 0, 1, 0}), 4.0 / 6.0, 1e-12);
  EXPECT_DOUBLE_EQ(roc_auc({0.3f, 0.3f, 0.3f}, {1, 0, 1}), 0.5);
}

TEST(Metrics, AucRanksNanScoresBelowEveryNumber) {
  // Pos {NaN, 0.8}, neg {0.2, NaN}: NaN-NaN ties (0.5), NaN < 0.2 (0), 0.8 > 0.2 (1), 0.8 > NaN (1): 2.5/4.
  const float nan = std::nanf("");
  EXPECT_DOUBLE_EQ(roc_auc({nan, 0.2f, 0.8f, nan}, {1, 0, 1, 0}), 0.625);
  // Wherever the NaNs sit, the order is the same (a comparator that is not a strict weak order would make
  // std::sort's result depend on the input order, or loop).
  std::vector<float> scores, labels;
  for (int i = 0; i < 200; ++i) {
    scores.push_back(i % 7 == 0 ? nan : static_cast<float>(i % 13));
    labels.push_back(static_cast<float>(i % 3 == 0));
  }
  const double a = roc_auc(scores, labels);
  std::reverse(scores.begin(), scores.end());
  std::reverse(labels.begin(), labels.end());
  EXPECT_DOUBLE_EQ(roc_auc(scores, labels), a);
  EXPECT_TRUE(std::isfinite(a));
}

TEST(Metrics, AucIsUndefinedForOneClass) {
  EXPECT_TRUE(std::isnan(roc_auc({0.1f, 0.2f}, {1, 1})));
  EXPECT_TRUE(std::isnan(roc_auc({}, {})));
}

TEST(Metrics, AccuracyAndF1FromCounts) {
  // threshold 0.5: preds 1,1,0,0,1 vs labels 1,0,0,1,1 -> tp 2, fp 1, tn 1, fn 1.
  const auto c = count_binary({0.9f, 0.5f, 0.49f, 0.1f, 0.7f}, {1, 0, 0, 1, 1}, 0.5);
  EXPECT_EQ(c.tp, 2);
  EXPECT_EQ(c.fp, 1);
  EXPECT_EQ(c.tn, 1);
  EXPECT_EQ(c.fn, 1);
  EXPECT_DOUBLE_EQ(accuracy(c), 3.0 / 5.0);
  EXPECT_DOUBLE_EQ(f1(c), 4.0 / 6.0);  // 2tp / (2tp + fp + fn)
  EXPECT_DOUBLE_EQ(f1(count_binary({0.1f, 0.2f}, {0, 0}, 0.5)), 0.0);
}

TEST(Metrics, BatchAveragedAsTheReferenceCodeDoes) {
  // Batches of 2 in order: [0.9 pos, 0.1 neg] AUC 1, F1 1; [0.2 pos, 0.8 neg] AUC 0, F1 0 (tp 0, fp 1, fn 1);
  // [0.7 pos, 0.6 pos]: one class, left out of the AUC mean; F1 1. The trailing row is dropped.
  const auto b = batch_averaged({0.9f, 0.1f, 0.2f, 0.8f, 0.7f, 0.6f, 0.3f}, {1, 0, 1, 0, 1, 1, 0}, 2, 0.5);
  EXPECT_DOUBLE_EQ(b.auc, 0.5);
  EXPECT_DOUBLE_EQ(b.f1, 2.0 / 3.0);
  EXPECT_TRUE(std::isnan(batch_averaged({0.5f}, {1}, 2, 0.5).auc));
}

}  // namespace
}  // namespace emorec::metrics
