// MKGCN forward pass.
#include "models/kg/mkgcn.h"

#include <cmath>

#include "core/error.h"
#include "ops/multimodal_fuse.h"

namespace emorec::models {
namespace {

// The mean over the sequence of multi-head self-attention with `mha`'s parameters over seq [L, N, E]
// (sequence first, no dropout): MultiheadAttention::forward(seq, seq, seq) then mean(0), in fewer and
// cheaper operators. LibTorch's module also averages the attention weights over heads for a caller that reads
// them (MKGCN does not); the output projection is affine, so it is applied once to the mean instead of to
// every position. Every reduction runs over an outer dimension, with the N * heads attention problems
// innermost: at MKGCN's sizes (8 positions, 2 features a head) ATen's softmax and batched products reduce
// over innermost dimensions of 8 and 2, and take several times longer (bench/RESULTS.md). The same
// arithmetic to float rounding (tests/unit/test_mkgcn.cpp checks it against a head-by-head reference).
torch::Tensor self_attention_mean(torch::nn::MultiheadAttentionImpl& mha, const torch::Tensor& seq) {
  const int64_t L = seq.size(0), N = seq.size(1), E = seq.size(2), heads = mha.options.num_heads();
  const int64_t head_dim = E / heads;
  const auto qkv = torch::nn::functional::linear(seq, mha.in_proj_weight, mha.in_proj_bias).chunk(3, -1);
  // [L, N, E] -> [head_dim, L, N * heads]: one attention problem per (user, head), innermost
  const auto split = [&](const torch::Tensor& t) { return t.reshape({L, N * heads, head_dim}).permute({2, 0, 1}); };
  const auto q = split(qkv[0]) * (1.0 / std::sqrt(static_cast<double>(head_dim)));
  const auto k = split(qkv[1]), v = split(qkv[2]);
  const auto scores = (q.unsqueeze(2) * k.unsqueeze(1)).sum(0);  // [L query, L key, N * heads]
  // softmax over keys; the shift by the maximum leaves it unchanged, so no gradient flows through it
  const auto e = (scores - scores.amax(1, /*keepdim=*/true).detach()).exp();
  const auto weights = e / e.sum(1, /*keepdim=*/true);
  // mean over queries of (weights @ v) = (mean over queries of weights) @ v
  const auto mean_weights = weights.mean(0);                  // [L key, N * heads]
  const auto mean = (v * mean_weights.unsqueeze(0)).sum(1);   // [head_dim, N * heads]
  return mha.out_proj->forward(mean.t().reshape({N, E}));
}

}  // namespace

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
      return self_attention_mean(*attention_, seq);
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
