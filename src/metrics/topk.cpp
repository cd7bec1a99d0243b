// Top-K metrics: a partial sort of each user's candidates up to the largest cut-off.
#include "metrics/topk.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

namespace emorec::metrics {

std::vector<int64_t> default_topk_cutoffs() { return {1, 2, 5, 10, 20, 50, 100}; }

TopKAccumulator::TopKAccumulator(std::vector<int64_t> cutoffs)
    : cutoffs_(std::move(cutoffs)),
      precision_sum_(cutoffs_.size(), 0.0),
      recall_sum_(cutoffs_.size(), 0.0),
      ndcg_sum_(cutoffs_.size(), 0.0) {
  for (int64_t k : cutoffs_) {
    if (k < 1) throw std::invalid_argument("top-K cut-off must be >= 1, got " + std::to_string(k));
  }
}

void TopKAccumulator::add_user(const float* scores, int64_t n_item, const std::vector<int64_t>& exclude,
                               const std::vector<int64_t>& relevant) {
  std::vector<char> state(static_cast<size_t>(n_item), 0);  // 1 excluded, 2 relevant
  auto check = [&](int64_t i, const char* what) {
    if (i < 0 || i >= n_item) {
      throw std::invalid_argument(std::string("top-K: ") + what + " item " + std::to_string(i) + " outside [0, " +
                                  std::to_string(n_item) + ")");
    }
  };
  for (int64_t i : exclude) check(i, "excluded"), state[static_cast<size_t>(i)] = 1;
  int64_t n_relevant = 0;
  for (int64_t i : relevant) {
    check(i, "relevant");
    if (state[static_cast<size_t>(i)] == 0) state[static_cast<size_t>(i)] = 2, ++n_relevant;
  }
  if (n_relevant == 0) return;
  std::vector<int64_t> candidates;
  candidates.reserve(static_cast<size_t>(n_item));
  for (int64_t i = 0; i < n_item; ++i) {
    if (state[static_cast<size_t>(i)] != 1) candidates.push_back(i);
  }
  const int64_t max_k = *std::max_element(cutoffs_.begin(), cutoffs_.end());
  const auto top = std::min<int64_t>(max_k, static_cast<int64_t>(candidates.size()));
  // NaN scores rank last, so that the order stays a strict weak ordering.
  const auto key = [&](int64_t i) {
    return std::isnan(scores[i]) ? -std::numeric_limits<float>::infinity() : scores[i];
  };
  std::partial_sort(candidates.begin(), candidates.begin() + top, candidates.end(), [&](int64_t a, int64_t b) {
    const float ka = key(a), kb = key(b);
    return ka > kb || (ka == kb && a < b);
  });
  for (size_t c = 0; c < cutoffs_.size(); ++c) {
    const int64_t k = cutoffs_[c];
    double hits = 0, dcg = 0, ideal = 0;
    for (int64_t r = 0; r < std::min(k, top); ++r) {
      if (state[static_cast<size_t>(candidates[static_cast<size_t>(r)])] == 2) {
        hits += 1;
        dcg += 1.0 / std::log2(static_cast<double>(r) + 2.0);
      }
    }
    for (int64_t r = 0; r < std::min(k, n_relevant); ++r) ideal += 1.0 / std::log2(static_cast<double>(r) + 2.0);
    precision_sum_[c] += hits / static_cast<double>(k);
    recall_sum_[c] += hits / static_cast<double>(n_relevant);
    ndcg_sum_[c] += dcg / ideal;
  }
  ++users_;
}

TopKMetrics TopKAccumulator::result() const {
  TopKMetrics m;
  m.k = cutoffs_;
  m.users = users_;
  const double n = users_ > 0 ? static_cast<double>(users_) : NAN;
  for (size_t c = 0; c < cutoffs_.size(); ++c) {
    m.precision.push_back(precision_sum_[c] / n);
    m.recall.push_back(recall_sum_[c] / n);
    m.ndcg.push_back(ndcg_sum_[c] / n);
  }
  return m;
}

}  // namespace emorec::metrics
