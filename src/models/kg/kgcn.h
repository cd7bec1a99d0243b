// KGCN (Wang et al., WWW 2019): user-specific, relation-attentive aggregation over sampled KG neighbours.
#pragma once
#include <torch/torch.h>

#include <string>
#include <vector>

#include "data/kg_types.h"
#include "models/kg_model.h"

namespace emorec::models {

enum class KgcnAggregator { kSum, kConcat, kNeighbor };
KgcnAggregator parse_kgcn_aggregator(const std::string& name);

struct KgcnOptions {
  int64_t n_user = 0, n_entity = 0, n_relation = 0;
  int64_t dim = 16;
  int64_t n_iter = 1;
  KgcnAggregator aggregator = KgcnAggregator::kSum;
  bool fused_ops = true;  // emorec::neighbor_aggregate; false: the plain LibTorch composite
};

class Kgcn final : public KgModel {
 public:
  // `neighbors` is the [n_entity, K] sampled adjacency; it is kept as buffers (moved with the model).
  Kgcn(const KgcnOptions& options, const data::NeighborTable& neighbors);

  torch::Tensor forward(const torch::Tensor& users, const torch::Tensor& items) override;
  torch::Tensor l2_term() override;

 private:
  // Combines an entity's own vectors [R,D] with its aggregated neighbourhood [R,D] through layer `i`.
  torch::Tensor combine(int64_t i, const torch::Tensor& self, const torch::Tensor& neighborhood);

  KgcnOptions options_;
  int64_t k_;
  torch::Tensor user_emb_, entity_emb_, relation_emb_;
  torch::Tensor adj_entity_, adj_relation_;
  std::vector<torch::nn::Linear> layers_;  // one per iteration, shared across hops as in KGCN
};

}  // namespace emorec::models
