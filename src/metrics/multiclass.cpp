#include "metrics/multiclass.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace emorec::metrics {

void Confusion::add(int64_t truth, int64_t predicted) {
  if (truth < 0 || truth >= classes || predicted < 0 || predicted >= classes) {
    throw std::out_of_range("Confusion::add: class " + std::to_string(truth) + "/" + std::to_string(predicted) +
                            " outside 0.." + std::to_string(classes - 1));
  }
  ++counts[static_cast<size_t>(truth * classes + predicted)];
}

int64_t Confusion::total() const {
  int64_t n = 0;
  for (auto c : counts) n += c;
  return n;
}

Confusion& Confusion::operator+=(const Confusion& other) {
  if (other.classes != classes) throw std::invalid_argument("Confusion: adding matrices of different sizes");
  for (size_t i = 0; i < counts.size(); ++i) counts[i] += other.counts[i];
  return *this;
}

double accuracy(const Confusion& c) {
  const int64_t n = c.total();
  if (n == 0) return NAN;
  int64_t right = 0;
  for (int64_t k = 0; k < c.classes; ++k) right += c.at(k, k);
  return static_cast<double>(right) / static_cast<double>(n);
}

std::vector<ClassScores> per_class(const Confusion& c) {
  std::vector<ClassScores> out(static_cast<size_t>(c.classes));
  for (int64_t k = 0; k < c.classes; ++k) {
    int64_t predicted = 0, actual = 0;
    for (int64_t j = 0; j < c.classes; ++j) predicted += c.at(j, k), actual += c.at(k, j);
    auto& s = out[static_cast<size_t>(k)];
    const double tp = static_cast<double>(c.at(k, k));
    s.support = actual;
    s.precision = predicted ? tp / static_cast<double>(predicted) : 0.0;
    s.recall = actual ? tp / static_cast<double>(actual) : 0.0;
    s.f1 = s.precision + s.recall > 0 ? 2 * s.precision * s.recall / (s.precision + s.recall) : 0.0;
  }
  return out;
}

double macro_f1(const Confusion& c) {
  if (c.classes == 0) return NAN;
  double sum = 0;
  for (const auto& s : per_class(c)) sum += s.f1;
  return sum / static_cast<double>(c.classes);
}

}  // namespace emorec::metrics
