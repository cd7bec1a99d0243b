// Statistics over seeds for the reproduction tables: mean, sample standard deviation, a 95% confidence
// interval of the mean from Student's t, and the paired t-test between two models run on the same seeds and
// splits. Student's t distribution from Boost.Math.
#pragma once
#include <vector>

namespace emorec::metrics {

double mean(const std::vector<double>& v);
// Sample standard deviation (n - 1 in the denominator); 0 for fewer than two values.
double sample_sd(const std::vector<double>& v);

// P(T <= t) for Student's t with df > 0 degrees of freedom.
double student_t_cdf(double t, double df);
// The t with P(T <= t) = p, for p in (0, 1).
double student_t_quantile(double p, double df);

struct MeanCi {
  double mean = 0, sd = 0, half_width = 0;  // the 95% interval is mean +- half_width
  size_t n = 0;
};
// mean +- t_{0.975, n-1} * sd * sqrt(1/n + test_train_ratio); half_width is NaN for fewer than two values.
// test_train_ratio 0: values from independent runs (seeds). For values from resampled splits of one data set
// (repeated cross-validation folds), which overlap in their training rows, Nadeau and Bengio's correction
// (Machine Learning 52, 2003; for repeated k-fold, Bouckaert and Frank, PAKDD 2004) adds n_test / n_train,
// 1 / (k - 1) for k folds.
MeanCi mean_ci95(const std::vector<double>& v, double test_train_ratio = 0);

struct PairedTest {
  double mean_diff = 0, sd_diff = 0, t = 0, p = 0;  // p: two-sided
  double df = 0;
  bool significant = false;  // p < 0.05
};
// Paired t-test of a[i] - b[i] against 0 (a and b: one value per seed, in the same seed order). Throws
// std::invalid_argument for different lengths or fewer than two pairs. All-equal differences give t = +-inf
// and p = 0 when the mean difference is not 0, else t = 0 and p = 1.
// With test_train_ratio > 0, the corrected resampled t-test: t = mean / (sd * sqrt(1/n + test_train_ratio)),
// as mean_ci95 says.
PairedTest paired_t_test(const std::vector<double>& a, const std::vector<double>& b, double test_train_ratio = 0);

// Holm's step-down adjustment of a family of p-values (Holm 1979), in the input's order: with p sorted
// ascending, adjusted_(i) = max over j <= i of min(1, (m - j + 1) p_(j)). Rejecting where adjusted < alpha
// controls the family-wise error rate at alpha. NaN p-values are not part of the family and stay NaN.
std::vector<double> holm_adjust(const std::vector<double>& p);

}  // namespace emorec::metrics
