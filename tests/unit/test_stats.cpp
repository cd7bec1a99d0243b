// Statistics over seeds against values computed independently (mpmath's regularised incomplete beta at 30
// digits, and by hand).
#include <gtest/gtest.h>

#include <cmath>

#include "metrics/stats.h"

namespace emorec::metrics {
namespace {

TEST(Stats, StudentTAgainstIndependentValues) {
  EXPECT_NEAR(student_t_quantile(0.975, 1), 12.706204736174693, 1e-9);
  EXPECT_NEAR(student_t_quantile(0.975, 4), 2.7764451051977935, 1e-10);
  EXPECT_NEAR(student_t_quantile(0.975, 9), 2.2621571627982050, 1e-10);
  EXPECT_NEAR(student_t_quantile(0.975, 29), 2.0452296421327039, 1e-10);
  EXPECT_NEAR(student_t_cdf(2.0, 5), 0.94903026058507082, 1e-12);
  EXPECT_NEAR(student_t_cdf(-1.5, 3), 0.11529193262241151, 1e-12);
  EXPECT_DOUBLE_EQ(student_t_cdf(0.0, 7), 0.5);
  EXPECT_THROW(student_t_quantile(1.0, 3), std::invalid_argument);
}

TEST(Stats, ConfidenceIntervalByHand) {
  // 0.78, 0.80, 0.79, 0.81, 0.77: mean 0.79, sd sqrt(0.001/4) = 0.0158114, half-width 2.7764451 * sd / sqrt(5).
  const auto ci = mean_ci95({0.78, 0.80, 0.79, 0.81, 0.77});
  EXPECT_NEAR(ci.mean, 0.79, 1e-12);
  EXPECT_NEAR(ci.sd, std::sqrt(0.001 / 4), 1e-12);
  EXPECT_NEAR(ci.half_width, 2.7764451051977935 * std::sqrt(0.001 / 4) / std::sqrt(5.0), 1e-10);
  EXPECT_TRUE(std::isnan(mean_ci95({0.5}).half_width));
}

TEST(Stats, PairedTestOnAConstructedExample) {
  // Differences -0.1, -0.3, 0.1, -0.4, -0.2: mean -0.18, sd 0.19235384, t = -2.0924575, p = 0.10454 (df 4).
  const auto r = paired_t_test({1, 2, 3, 4, 5}, {1.1, 2.3, 2.9, 4.4, 5.2});
  EXPECT_NEAR(r.mean_diff, -0.18, 1e-12);
  EXPECT_NEAR(r.sd_diff, 0.19235384061671346, 1e-12);
  EXPECT_NEAR(r.t, -2.092457497388747, 1e-9);
  EXPECT_NEAR(r.p, 0.10453999977837543, 1e-9);
  EXPECT_FALSE(r.significant);
  // Differences 0.5, 0.6, 0.4, 0.5, 0.55: large against their spread (t = 15.4), significant.
  const auto s = paired_t_test({1, 2, 3, 4, 5}, {0.5, 1.4, 2.6, 3.5, 4.45});
  EXPECT_TRUE(s.significant);
  EXPECT_GT(s.t, 0);
  // Identical columns: no difference at all.
  EXPECT_DOUBLE_EQ(paired_t_test({1, 2}, {1, 2}).p, 1.0);
  EXPECT_THROW(paired_t_test({1, 2, 3}, {1, 2}), std::invalid_argument);
}

TEST(Stats, ResamplingCorrectionWidensTheIntervalAndShrinksT) {
  // Nadeau and Bengio: standard error sd * sqrt(1/n + n_test/n_train), here 1/5 + 1/9 against 1/5.
  const std::vector<double> v = {0.78, 0.80, 0.79, 0.81, 0.77};
  const auto ci = mean_ci95(v, 1.0 / 9);
  EXPECT_NEAR(ci.half_width, 2.7764451051977935 * std::sqrt(0.001 / 4) * std::sqrt(0.2 + 1.0 / 9), 1e-10);
  const auto plain = paired_t_test({1, 2, 3, 4, 5}, {1.1, 2.3, 2.9, 4.4, 5.2});
  const auto corrected = paired_t_test({1, 2, 3, 4, 5}, {1.1, 2.3, 2.9, 4.4, 5.2}, 1.0 / 9);
  EXPECT_NEAR(corrected.t, plain.t * std::sqrt(0.2 / (0.2 + 1.0 / 9)), 1e-12);
  EXPECT_GT(corrected.p, plain.p);
  EXPECT_EQ(corrected.df, plain.df);
}

TEST(Stats, HolmAdjustmentByHand) {
  // Sorted: 0.005 (x4 = 0.02), 0.01 (x3 = 0.03), 0.03 (x2 = 0.06), 0.04 (x1 = 0.04, raised to 0.06: the
  // adjusted values never decrease along the sorted order). NaN is outside the family, which has m = 4.
  const auto a = holm_adjust({0.01, 0.04, 0.03, NAN, 0.005});
  ASSERT_EQ(a.size(), 5u);
  EXPECT_NEAR(a[0], 0.03, 1e-15);
  EXPECT_NEAR(a[1], 0.06, 1e-15);
  EXPECT_NEAR(a[2], 0.06, 1e-15);
  EXPECT_TRUE(std::isnan(a[3]));
  EXPECT_NEAR(a[4], 0.02, 1e-15);
  EXPECT_EQ(holm_adjust({0.5, 0.9}), (std::vector<double>{1.0, 1.0}));  // capped at 1
  EXPECT_TRUE(holm_adjust({}).empty());
}

}  // namespace
}  // namespace emorec::metrics
