// AUC, accuracy and F1.
#include "metrics/classification.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace emorec::metrics {

double roc_auc(const std::vector<float>& scores, const std::vector<float>& labels) {
  if (scores.size() != labels.size()) throw std::invalid_argument("roc_auc: scores and labels differ in size");
  const size_t n = scores.size();
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), size_t{0});
  // NaN ranks below every number, all NaNs tied (as top-K ranks them last): a strict weak order, which
  // std::sort needs and a plain < over NaN is not.
  const auto below = [&](size_t a, size_t b) {
    const bool na = std::isnan(scores[a]), nb = std::isnan(scores[b]);
    return na != nb ? na : (!na && scores[a] < scores[b]);
  };
  std::sort(order.begin(), order.end(), below);
  double rank_sum_pos = 0;
  long long n_pos = 0;
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j < n && !below(order[i], order[j])) ++j;  // order[j] ties with order[i]
    const double avg_rank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2.0;  // 1-based ranks i+1..j
    for (size_t k = i; k < j; ++k) {
      if (labels[order[k]] > 0.5f) rank_sum_pos += avg_rank, ++n_pos;
    }
    i = j;
  }
  const long long n_neg = static_cast<long long>(n) - n_pos;
  if (n_pos == 0 || n_neg == 0) return NAN;
  const double p = static_cast<double>(n_pos);
  return (rank_sum_pos - p * (p + 1) / 2.0) / (p * static_cast<double>(n_neg));
}

BinaryCounts count_binary(const std::vector<float>& scores, const std::vector<float>& labels, double threshold) {
  if (scores.size() != labels.size()) throw std::invalid_argument("count_binary: sizes differ");
  BinaryCounts c;
  for (size_t i = 0; i < scores.size(); ++i) {
    const bool pred = scores[i] >= threshold;
    const bool truth = labels[i] > 0.5f;
    if (pred && truth) ++c.tp;
    else if (pred) ++c.fp;
    else if (truth) ++c.fn;
    else ++c.tn;
  }
  return c;
}

double accuracy(const BinaryCounts& c) {
  const long long n = c.tp + c.fp + c.tn + c.fn;
  return n ? static_cast<double>(c.tp + c.tn) / static_cast<double>(n) : NAN;
}

double f1(const BinaryCounts& c) {
  const long long denom = 2 * c.tp + c.fp + c.fn;
  return denom ? 2.0 * static_cast<double>(c.tp) / static_cast<double>(denom) : 0.0;
}

BatchedScores batch_averaged(const std::vector<float>& scores, const std::vector<float>& labels, size_t batch,
                             double threshold) {
  if (scores.size() != labels.size()) throw std::invalid_argument("batch_averaged: sizes differ");
  double auc_sum = 0, f1_sum = 0;
  size_t auc_n = 0, f1_n = 0;
  for (size_t start = 0; batch > 0 && start + batch <= scores.size(); start += batch) {
    const std::vector<float> s(scores.begin() + static_cast<std::ptrdiff_t>(start),
                               scores.begin() + static_cast<std::ptrdiff_t>(start + batch));
    const std::vector<float> l(labels.begin() + static_cast<std::ptrdiff_t>(start),
                               labels.begin() + static_cast<std::ptrdiff_t>(start + batch));
    const double a = roc_auc(s, l);
    if (!std::isnan(a)) auc_sum += a, ++auc_n;
    f1_sum += f1(count_binary(s, l, threshold)), ++f1_n;
  }
  return {auc_n ? auc_sum / static_cast<double>(auc_n) : NAN, f1_n ? f1_sum / static_cast<double>(f1_n) : NAN};
}

}  // namespace emorec::metrics
