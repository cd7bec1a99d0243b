// Student's t from Boost.Math.
#include "metrics/stats.h"

#include <boost/math/distributions/students_t.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace emorec::metrics {

double mean(const std::vector<double>& v) {
  return v.empty() ? std::numeric_limits<double>::quiet_NaN()
                   : std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

double sample_sd(const std::vector<double>& v) {
  if (v.size() < 2) return 0;
  const double m = mean(v);
  double ss = 0;
  for (double x : v) ss += (x - m) * (x - m);
  return std::sqrt(ss / static_cast<double>(v.size() - 1));
}

double student_t_cdf(double t, double df) {
  if (std::isinf(t)) return t > 0 ? 1 : 0;
  return boost::math::cdf(boost::math::students_t_distribution<double>(df), t);
}

double student_t_quantile(double p, double df) {
  if (!(p > 0 && p < 1)) throw std::invalid_argument("student_t_quantile: p must be in (0, 1)");
  return boost::math::quantile(boost::math::students_t_distribution<double>(df), p);
}

namespace {
// sd / sqrt(n), the standard error of a mean of n independent values (written as before the correction
// existed, so that tables over seeds round as they did), or sd * sqrt(1/n + ratio) with the correction.
double standard_error(double sd, size_t n, double test_train_ratio) {
  const auto nd = static_cast<double>(n);
  return test_train_ratio == 0 ? sd / std::sqrt(nd) : sd * std::sqrt(1 / nd + test_train_ratio);
}
}  // namespace

MeanCi mean_ci95(const std::vector<double>& v, double test_train_ratio) {
  MeanCi ci;
  ci.n = v.size();
  ci.mean = mean(v);
  ci.sd = sample_sd(v);
  ci.half_width = v.size() < 2 ? std::numeric_limits<double>::quiet_NaN()
                               : test_train_ratio == 0
                                   ? student_t_quantile(0.975, static_cast<double>(v.size() - 1)) * ci.sd /
                                         std::sqrt(static_cast<double>(v.size()))
                                   : student_t_quantile(0.975, static_cast<double>(v.size() - 1)) *
                                         standard_error(ci.sd, v.size(), test_train_ratio);
  return ci;
}

PairedTest paired_t_test(const std::vector<double>& a, const std::vector<double>& b, double test_train_ratio) {
  if (a.size() != b.size() || a.size() < 2) {
    throw std::invalid_argument("paired_t_test: needs two equally long lists of at least 2 values, got " +
                                std::to_string(a.size()) + " and " + std::to_string(b.size()));
  }
  std::vector<double> d(a.size());
  for (size_t i = 0; i < a.size(); ++i) d[i] = a[i] - b[i];
  PairedTest r;
  r.df = static_cast<double>(d.size() - 1);
  r.mean_diff = mean(d);
  r.sd_diff = sample_sd(d);
  if (r.sd_diff == 0) {
    r.t = r.mean_diff == 0 ? 0 : std::copysign(std::numeric_limits<double>::infinity(), r.mean_diff);
    r.p = r.mean_diff == 0 ? 1 : 0;
  } else {
    r.t = r.mean_diff / standard_error(r.sd_diff, d.size(), test_train_ratio);
    r.p = 2 * student_t_cdf(-std::abs(r.t), r.df);
  }
  r.significant = r.p < 0.05;
  return r;
}

std::vector<double> holm_adjust(const std::vector<double>& p) {
  std::vector<size_t> order;
  for (size_t i = 0; i < p.size(); ++i) {
    if (!std::isnan(p[i])) order.push_back(i);
  }
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return p[a] < p[b]; });
  std::vector<double> out(p.size(), std::numeric_limits<double>::quiet_NaN());
  const size_t m = order.size();
  double running = 0;
  for (size_t rank = 0; rank < m; ++rank) {
    const double scaled = std::min(1.0, static_cast<double>(m - rank) * p[order[rank]]);
    running = std::max(running, scaled);
    out[order[rank]] = running;
  }
  return out;
}

}  // namespace emorec::metrics
