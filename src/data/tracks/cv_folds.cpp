// Stratified k-fold assignment and the eval hold-out inside the training folds.
#include "data/tracks/cv_folds.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>
#include <string>

#include "core/rng.h"

namespace emorec::data {
namespace {

// Row indices by class, each class's list in row order.
std::map<int64_t, std::vector<int64_t>> by_class(const std::vector<int64_t>& labels, const std::vector<int64_t>& rows) {
  std::map<int64_t, std::vector<int64_t>> out;
  for (int64_t r : rows) out[labels[static_cast<size_t>(r)]].push_back(r);
  return out;
}

}  // namespace

std::vector<int64_t> stratified_folds(const std::vector<int64_t>& labels, int64_t folds, uint64_t seed) {
  const auto n = static_cast<int64_t>(labels.size());
  if (folds < 2 || folds > n) {
    throw std::invalid_argument("cross-validation needs 2 to " + std::to_string(n) + " folds, got " +
                                std::to_string(folds));
  }
  std::vector<int64_t> all(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) all[static_cast<size_t>(i)] = i;
  std::vector<int64_t> fold_of(static_cast<size_t>(n), -1);
  Rng rng(seed);
  int64_t next = 0;
  for (auto& [label, rows] : by_class(labels, all)) {
    shuffle(rows, rng);
    for (int64_t r : rows) {
      fold_of[static_cast<size_t>(r)] = next;
      next = (next + 1) % folds;
    }
  }
  return fold_of;
}

CvSplit cv_split(const std::vector<int64_t>& labels, int64_t folds, int64_t fold, double eval_fraction, uint64_t seed) {
  if (fold < 0 || fold >= folds) {
    throw std::invalid_argument("fold " + std::to_string(fold) + " is not in 0.." + std::to_string(folds - 1));
  }
  const auto fold_of = stratified_folds(labels, folds, derive_seed(seed, "folds"));
  CvSplit s;
  std::vector<int64_t> rest;
  for (size_t r = 0; r < labels.size(); ++r) (fold_of[r] == fold ? s.test : rest).push_back(static_cast<int64_t>(r));
  Rng rng(derive_seed(seed, "eval_rows", static_cast<uint64_t>(fold)));
  for (auto& [label, rows] : by_class(labels, rest)) {
    shuffle(rows, rng);
    auto take = static_cast<size_t>(std::llround(eval_fraction * static_cast<double>(rows.size())));
    if (eval_fraction > 0 && take == 0 && rows.size() >= 2) take = 1;
    take = std::min(take, rows.size() - 1);  // every class keeps a training row
    s.eval.insert(s.eval.end(), rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(take));
    s.train.insert(s.train.end(), rows.begin() + static_cast<std::ptrdiff_t>(take), rows.end());
  }
  std::sort(s.train.begin(), s.train.end());
  std::sort(s.eval.begin(), s.eval.end());
  return s;
}

}  // namespace emorec::data
