// MKGCN forward pass.
#include "models/kg/mkgcn.h"

#include "core/error.h"
#include "ops/multimodal_fuse.h"

namespace emorec::models {

Mkgcn::Mkgcn(const MkgcnOptions& options, const data::NeighborTable& neighbors, const torch::Tensor& histories,
             const torch::Tensor& alternates, const std::vector<torch::Tensor>& modal, const std::vector<torch::Tensor>& present)
    : options_(options) {
  const int64_t D = options.graph.dim;
  // One extra entity row: the history of a user without training positives.
  graph_ = register_module("graph", std::make_shared<KgcnPropagation>(options.graph, neighbors, 1));
  if (options.user_aggregator == UserAggregator::kAttention) {
    TORCH_CHECK(D % options.heads == 0, "MKGCN: model.dim=", D, " is not a multiple of model.heads=", options.heads);
    attention_ = register_module("attention", torch::nn::MultiheadAttention(
                                                  torch::nn::MultiheadAttentionOptions(D, options.heads)));
  }
  TORCH_CHECK(alternates.sizes() == histories.sizes(), "MKGCN: alternates must have the histories' shape");
  histories_ = register_buffer("histories", histories.to(torch::kLong));
  alternates_ = register_buffer("history_alternates", alternates.to(torch::kLong));
  if (options.fusion) {
    TORCH_CHECK(!modal.empty(), "MKGCN: model.modal_fusion needs a data set with modalities");
    std::vector<torch::Tensor> fixed;
    for (size_t j = 0; j < modal.size(); ++j) {
      TORCH_CHECK(modal[j].dim() == 2 && modal[j].size(0) == options.n_item, "MKGCN: modality ", j,
                  " must be [n_item, width], got ", modal[j].sizes());
      const auto name = "modal" + std::to_string(j);
      TORCH_CHECK(present.size() == modal.size() && present[j].numel() == options.n_item, "MKGCN: modality ", j,
                  " needs a presence mask of n_item entries");
      // Items without the modality contribute a zero row (not the projection of a fallback row).
      const auto mask = present[j].to(torch::kFloat).view({options.n_item, 1});
      if (options.learned_projection) {
        modal_present_.push_back(register_buffer(name + "_present", mask));
        modal_raw_.push_back(register_buffer(name, modal[j].to(torch::kFloat)));
        auto proj = register_module(name + "_projection", torch::nn::Linear(modal[j].size(1), D));
        kg_init_linear(proj, options.graph.init);
        modal_projection_.push_back(proj);
      } else {
        TORCH_CHECK(modal[j].size(1) == D, "MKGCN: PCA features of modality ", j, " must have width D=", D);
        fixed.push_back(modal[j].to(torch::kFloat) * mask);
      }
    }
    // Fixed features never change: stacked once into the [n_item, M, D] table the fusion reads.
    if (!fixed.empty()) modal_fixed_ = register_buffer("modal", torch::stack(fixed, 1));
    const auto M = static_cast<int64_t>(modal.size());
    if (*options.fusion == ops::FuseMode::kConcat || *options.fusion == ops::FuseMode::kResidual) {
      const int64_t in = *options.fusion == ops::FuseMode::kConcat ? (M + 1) * D : D;
      fusion_out_ = register_module("fusion", torch::nn::Linear(in, D));
      kg_init_linear(fusion_out_, options.graph.init);
    }
    // Entities 0..n_item-1 are items (row i of the modality tables); the rest have no modalities.
    const int64_t rows = options.graph.n_entity + 1;
    auto index = torch::full({rows}, -1, torch::kLong);
    index.narrow(0, 0, options.n_item).copy_(torch::arange(options.n_item, torch::kLong));
    modal_index_ = register_buffer("modal_index", index);
  }
}

torch::Tensor Mkgcn::fused_entities() {
  auto& table = graph_->entity_emb();
  if (!options_.fusion) return table;
  torch::Tensor modal = modal_fixed_;  // [n_item, M, D]
  if (!modal.defined()) {
    std::vector<torch::Tensor> per_modality;
    for (size_t j = 0; j < modal_raw_.size(); ++j) {
      per_modality.push_back(modal_projection_[j]->forward(modal_raw_[j]) * modal_present_[j]);
    }
    modal = torch::stack(per_modality, 1);
  }
  const auto mode = *options_.fusion;
  if (mode == ops::FuseMode::kResidual) {
    return ops::multimodal_fuse(table, modal, modal_index_, mode, fusion_out_->weight, fusion_out_->bias);
  }
  const auto fused = ops::multimodal_fuse(table, modal, modal_index_, mode);
  return mode == ops::FuseMode::kConcat ? fusion_out_->forward(fused) : fused;
}

torch::Tensor Mkgcn::user_vectors(const torch::Tensor& users, const torch::Tensor& items) {
  return user_vectors(users, items, fused_entities());
}

torch::Tensor Mkgcn::user_vectors(const torch::Tensor& users, const torch::Tensor& items_scored,
                                  const torch::Tensor& table) {
  // The scored item never appears in its own user's history: a training positive would otherwise find
  // itself there (a shortcut that test rows never offer). Its slots read their alternates instead, so that the
  // history stays a sample of the user's other positives (a padding slot would be a shortcut of its own).
  auto history = histories_.index_select(0, users);  // [B, H]
  history = torch::where(history == items_scored.view({-1, 1}), alternates_.index_select(0, users), history);
  const int64_t B = history.size(0), H = history.size(1), D = options_.graph.dim;
  const auto items = table.index_select(0, history.reshape({-1})).view({B, H, D});
  switch (options_.user_aggregator) {
    case UserAggregator::kMean: return items.mean(1);
    case UserAggregator::kMax: return std::get<0>(items.max(1));
    case UserAggregator::kAttention: {
      const auto seq = items.transpose(0, 1);  // [H, B, D], LibTorch's (sequence, batch, feature) layout
      const auto attended = std::get<0>(attention_->forward(seq, seq, seq));
      return attended.mean(0);
    }
  }
  return {};
}

torch::Tensor Mkgcn::forward(const torch::Tensor& users, const torch::Tensor& items) {
  const auto table = fused_entities();  // every entity vector of every hop, and the histories, read this
  const auto u = user_vectors(users, items, table);
  return (u * graph_->item_vectors(u, items, table)).sum(-1);
}

std::vector<torch::Tensor> Mkgcn::l2_parameters() {
  auto out = graph_->l2_parameters();
  for (auto& p : modal_projection_) out.push_back(p->weight);
  if (fusion_out_) out.push_back(fusion_out_->weight);
  return out;
}

}  // namespace emorec::models
