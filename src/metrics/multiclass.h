// Multi-class classification metrics from a confusion matrix: accuracy, per-class precision, recall and F1,
// macro F1. Rows are true classes, columns predicted ones.
#pragma once
#include <cstdint>
#include <vector>

namespace emorec::metrics {

struct Confusion {
  int64_t classes = 0;
  std::vector<int64_t> counts;  // classes x classes, row = true class, column = predicted class
  explicit Confusion(int64_t k = 0) : classes(k), counts(static_cast<size_t>(k * k), 0) {}
  void add(int64_t truth, int64_t predicted);
  int64_t at(int64_t truth, int64_t predicted) const {
    return counts[static_cast<size_t>(truth * classes + predicted)];
  }
  int64_t total() const;
  Confusion& operator+=(const Confusion& other);
};

struct ClassScores {
  double precision = 0, recall = 0, f1 = 0;  // 0 where undefined (no predictions or no examples of the class)
  int64_t support = 0;                        // true examples of the class
};

double accuracy(const Confusion& c);                       // NaN for an empty matrix
std::vector<ClassScores> per_class(const Confusion& c);
double macro_f1(const Confusion& c);                       // unweighted mean of the per-class F1

}  // namespace emorec::metrics
