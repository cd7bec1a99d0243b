// Top-K evaluation of a KG recommender on the test split, by one of two protocols:
//   full     every item is ranked for each test user, except the user's training positives; the relevant items
//            are the user's test positives (MKGCN's and KGCN's top-K protocol);
//   sampled  each test positive is ranked against N items drawn uniformly from those the user has no positive
//            for in any split (the "1 + N" protocol of NCF and its followers); one list per test positive.
// Users are every user with a test positive that is not also a training positive, or a seeded sample of them.
// Metrics are metrics/topk.h's Precision, Recall and NDCG at each cut-off, averaged over the ranked lists.
#pragma once
#include <torch/torch.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "data/kg_dataset.h"

namespace emorec::train {

enum class TopKProtocol { kFull, kSampled };

struct TopKOptions {
  TopKProtocol protocol = TopKProtocol::kFull;
  std::vector<int64_t> cutoffs = {1, 2, 5, 10, 20, 50, 100};
  int64_t max_users = 0;      // 0: every test user; else a seeded sample of this many
  int64_t negatives = 100;    // sampled: N items drawn per test positive
  uint64_t seed = 0;          // user sample, negative draws and the positive's place in its list
  int64_t batch_pairs = 4096; // (user, item) pairs per scoring call, at least one user's items (full)
};

// Scores of (user, item) pairs: int64 [B] CPU tensors in, float [B] out (any monotone score, e.g. logits).
using PairScorer = std::function<torch::Tensor(const torch::Tensor& users, const torch::Tensor& items)>;

// "precision@K", "recall@K", "ndcg@K" for every cut-off, then "lists" (how many ranked lists were averaged).
// Throws RunError when no test user has a relevant item.
std::vector<std::pair<std::string, double>> evaluate_topk(const data::KgDataset& dataset, const PairScorer& score,
                                                          const TopKOptions& options);

}  // namespace emorec::train
