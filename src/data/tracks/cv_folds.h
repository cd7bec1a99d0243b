// Cross-validation splits of labelled rows: stratified k-fold, and a stratified hold-out inside the training
// folds (the eval rows that select epochs, so the held-out fold never selects anything).
#pragma once
#include <cstdint>
#include <vector>

namespace emorec::data {

// The fold (0 .. folds-1) of every row: each class's rows are shuffled with `seed` and dealt to the folds in
// turn, continuing where the previous class stopped, so every fold holds each class to within one row and
// the fold sizes differ by at most one. Throws std::invalid_argument when folds < 2 or folds > rows.
std::vector<int64_t> stratified_folds(const std::vector<int64_t>& labels, int64_t folds, uint64_t seed);

struct CvSplit {
  std::vector<int64_t> train, eval, test;  // row indices, each sorted
};

// Fold `fold` of `folds` is the test rows; of the rest, a stratified `eval_fraction` (per class, rounded, at
// least one row of a class with two or more) is the eval rows, drawn with `seed`, and the others train.
CvSplit cv_split(const std::vector<int64_t>& labels, int64_t folds, int64_t fold, double eval_fraction, uint64_t seed);

}  // namespace emorec::data
