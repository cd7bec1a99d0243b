// Top-K ranking metrics of recommendation, averaged over users: Precision@K, Recall@K and NDCG@K with binary
// relevance. Each user's candidate list is every item except the ones excluded for that user (its training
// positives), ranked by score, highest first; ties go to the lower item index, so results are deterministic.
//   Precision@K = hits@K / K          Recall@K = hits@K / |relevant|
//   NDCG@K      = sum over hits at rank r (0-based, r < K) of 1/log2(r+2), divided by the same sum for an
//                 ideal list (min(K, |relevant|) hits at the top)
// Users without relevant items are not counted (their recall and NDCG are undefined).
#pragma once
#include <cstdint>
#include <vector>

namespace emorec::metrics {

// The cut-offs the issue and MKGCN's evaluation use.
std::vector<int64_t> default_topk_cutoffs();  // 1, 2, 5, 10, 20, 50, 100

struct TopKMetrics {
  std::vector<int64_t> k;
  std::vector<double> precision, recall, ndcg;  // one per cut-off, means over the counted users
  int64_t users = 0;                           // users counted
};

class TopKAccumulator {
 public:
  explicit TopKAccumulator(std::vector<int64_t> cutoffs = default_topk_cutoffs());

  // One user: `scores` of every item [n_item]; `exclude` and `relevant` are item indices (relevant items
  // that are also excluded are dropped from relevant). Throws std::invalid_argument for an index out of range.
  void add_user(const float* scores, int64_t n_item, const std::vector<int64_t>& exclude,
                const std::vector<int64_t>& relevant);

  TopKMetrics result() const;

 private:
  std::vector<int64_t> cutoffs_;
  std::vector<double> precision_sum_, recall_sum_, ndcg_sum_;
  int64_t users_ = 0;
};

}  // namespace emorec::metrics
