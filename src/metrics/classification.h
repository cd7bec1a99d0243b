// Metrics of binary CTR prediction over a whole split (exact, never averaged over batches).
#pragma once
#include <vector>

namespace emorec::metrics {

// Area under the ROC curve by the rank-sum (Mann-Whitney) formula, ties counted half. A NaN score ranks
// below every number (NaNs tie with each other). NaN when the labels hold only one class.
double roc_auc(const std::vector<float>& scores, const std::vector<float>& labels);

struct BinaryCounts {
  long long tp = 0, fp = 0, tn = 0, fn = 0;
};
// Confusion counts with "positive" meaning score >= threshold.
BinaryCounts count_binary(const std::vector<float>& scores, const std::vector<float>& labels, double threshold);

double accuracy(const BinaryCounts& c);
// F1 of the positive class; 0 when there are no predicted and no true positives (sklearn's convention).
double f1(const BinaryCounts& c);

// AUC and F1 the way KGCN's reference code reports them: computed on consecutive batches of `batch` rows in
// the given order, the last partial batch dropped, then averaged over batches. Batches holding one class
// only (where AUC is undefined) are left out of the AUC mean. NaN when no full batch exists.
struct BatchedScores {
  double auc = 0, f1 = 0;
};
BatchedScores batch_averaged(const std::vector<float>& scores, const std::vector<float>& labels, size_t batch,
                             double threshold);

}  // namespace emorec::metrics
