// KGCN (Wang et al., WWW 2019): user-specific, relation-attentive aggregation over sampled KG neighbours.
#pragma once
#include <torch/torch.h>

#include <string>
#include <vector>

#include "data/kg_types.h"
#include "models/kg/kg_modes.h"
#include "models/kg_model.h"
#include "ops/neighbor_aggregate.h"

namespace emorec::models {

struct KgcnOptions {
  int64_t n_user = 0, n_entity = 0, n_relation = 0;
  int64_t dim = 16;
  int64_t n_iter = 1;
  KgcnAggregator aggregator = KgcnAggregator::kSum;
  bool fused_ops = true;  // emorec::neighbor_aggregate; false: the plain LibTorch composite
  KgInit init = KgInit::kGlorot;
  HiddenActivation hidden_activation = HiddenActivation::kRelu;
  // How a neighbourhood is scored and reduced: KGCN's code takes the mean over D of user * relation and the
  // mean over the K weighted neighbours; MKGCN's code sums both.
  ops::NeighborAggregateOptions neighbor;
};

// A [rows, dim] embedding table registered on `m` under `name`, initialised by `init`.
torch::Tensor kg_embedding_table(torch::nn::Module& m, const char* name, int64_t rows, int64_t dim, KgInit init);
// Glorot weights and zero biases for kGlorot; kTorch keeps LibTorch's own Linear initialisation.
void kg_init_linear(const torch::nn::Linear& layer, KgInit init);

// KGCN's propagation: entity and relation tables, the sampled adjacency and one dense layer per iteration;
// given user vectors, the representation of items after n_iter rounds of user-specific neighbour aggregation.
// Shared by KGCN (user vectors from a user table) and MKGCN (user vectors from the user's history).
class KgcnPropagation final : public torch::nn::Module {
 public:
  // Registers entity_emb [n_entity + extra_entities, D], relation_emb and the layers, initialised by
  // options.init in that order (after whatever the owner registered before it).
  KgcnPropagation(const KgcnOptions& options, const data::NeighborTable& neighbors, int64_t extra_entities = 0);

  // u [B,D] user vectors, items int64 [B]; `entity_table` replaces entity_emb when defined (MKGCN passes the
  // modality-fused table). Returns the items' vectors [B,D].
  torch::Tensor item_vectors(const torch::Tensor& u, const torch::Tensor& items,
                             const torch::Tensor& entity_table = torch::Tensor());
  // The entity and relation tables and the layer weights (KGCN's l2_loss terms, in KGCN's order).
  std::vector<torch::Tensor> l2_parameters() const;
  torch::Tensor& entity_emb() { return entity_emb_; }

 private:
  torch::Tensor combine(int64_t i, const torch::Tensor& self, const torch::Tensor& neighborhood);

  KgcnOptions options_;
  int64_t k_;
  torch::Tensor entity_emb_, relation_emb_;
  torch::Tensor adj_entity_, adj_relation_;
  std::vector<torch::nn::Linear> layers_;  // one per iteration, shared across hops as in KGCN
};

class Kgcn final : public KgModel {
 public:
  // `neighbors` is the [n_entity, K] sampled adjacency; it is kept as buffers (moved with the model).
  Kgcn(const KgcnOptions& options, const data::NeighborTable& neighbors);

  torch::Tensor forward(const torch::Tensor& users, const torch::Tensor& items) override;
  std::vector<torch::Tensor> l2_parameters() override;

 private:
  torch::Tensor user_emb_;
  std::shared_ptr<KgcnPropagation> graph_;
};

}  // namespace emorec::models
