// MKGCN (Cui et al., Electronics 2023): KGCN's user-specific neighbour aggregation, with
//   - users represented by a sample of their training history items, aggregated by multi-head
//     self-attention (then a mean over the history), a mean-pool or a max-pool;
//   - the entity vectors fused with the items' modality embeddings (emorec::multimodal_fuse: sum, mean, max,
//     concat followed by a linear layer back to D, or residual) before every hop reads them;
//   - modality embeddings from the data set's modality tables: fixed PCA projections fitted on the training
//     items, or a learned linear projection per modality.
// Deviations from the authors' code (docs/MKGCN.md): histories come from training positives only, every item
// keeps its own modality features, and the max-pool user aggregator works.
#pragma once
#include <torch/torch.h>

#include <optional>
#include <vector>

#include "models/kg/kgcn.h"
#include "ops/fuse_mode.h"

namespace emorec::models {

struct MkgcnOptions {
  KgcnOptions graph;  // n_user, n_item (entities 0..n_item-1 are items), n_entity, n_relation, dim, n_iter, aggregator
  int64_t n_item = 0;
  UserAggregator user_aggregator = UserAggregator::kAttention;
  int64_t heads = 8;
  std::optional<ops::FuseMode> fusion;  // none: no modalities (KGCN with history users)
  bool learned_projection = false;      // false: fixed PCA features
};

class Mkgcn final : public KgModel {
 public:
  // histories: [n_user, H] item indices (sampled training positives; users without any get the padding
  // entity n_entity, a learned vector); alternates: [n_user, H], read instead of a slot that holds the scored
  // item (never equal to that slot's item; mkgcn_build.h). modal: per modality, [n_item, D] PCA features (fixed) or
  // [n_item, width] raw features (learned projection); present: per modality, [n_item] 1/0 (items without
  // the modality get a zero row); both empty when options.fusion is none.
  Mkgcn(const MkgcnOptions& options, const data::NeighborTable& neighbors, const torch::Tensor& histories,
        const torch::Tensor& alternates, const std::vector<torch::Tensor>& modal, const std::vector<torch::Tensor>& present);

  torch::Tensor forward(const torch::Tensor& users, const torch::Tensor& items) override;
  std::vector<torch::Tensor> l2_parameters() override;

  // The user vectors [B,D] of `users` when scoring `items` [B]: their histories (without the scored item)
  // read from the fused entity table.
  torch::Tensor user_vectors(const torch::Tensor& users, const torch::Tensor& items);
  // The entity table after the multimodal fusion [n_entity + 1, D] (the table itself without modalities).
  torch::Tensor fused_entities();

 private:
  torch::Tensor user_vectors(const torch::Tensor& users, const torch::Tensor& items, const torch::Tensor& table);

  MkgcnOptions options_;
  std::shared_ptr<KgcnPropagation> graph_;
  torch::nn::MultiheadAttention attention_{nullptr};
  torch::Tensor modal_fixed_;                        // PCA features, stacked [n_item, M, D] (a buffer)
  std::vector<torch::Tensor> modal_raw_;             // raw features (buffers) for the learned projections
  std::vector<torch::Tensor> modal_present_;         // [n_item, 1] masks of the learned projections
  std::vector<torch::nn::Linear> modal_projection_;  // width -> D, one per modality
  torch::nn::Linear fusion_out_{nullptr};            // concat: (M+1)D -> D; residual: W, b
  torch::Tensor histories_, alternates_, modal_index_;
};

}  // namespace emorec::models
