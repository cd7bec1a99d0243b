// KGCN forward pass, following the reference implementation's shapes and order of operations.
#include "models/kg/kgcn.h"

#include "core/error.h"
#include "ops/neighbor_aggregate.h"
#include "ops/composite/composite.h"

namespace emorec::models {

torch::Tensor kg_embedding_table(torch::nn::Module& m, const char* name, int64_t rows, int64_t dim, KgInit init) {
  auto t = m.register_parameter(name, torch::empty({rows, dim}));
  if (init == KgInit::kGlorot) {
    torch::nn::init::xavier_uniform_(t);
  } else {
    torch::nn::init::normal_(t, 0.0, 1.0);  // torch.nn.Embedding's reset_parameters
  }
  return t;
}

void kg_init_linear(const torch::nn::Linear& layer, KgInit init) {
  if (init != KgInit::kGlorot) return;
  torch::nn::init::xavier_uniform_(layer->weight);
  torch::nn::init::zeros_(layer->bias);
}

KgcnPropagation::KgcnPropagation(const KgcnOptions& options, const data::NeighborTable& neighbors,
                                 int64_t extra_entities)
    : options_(options), k_(neighbors.k) {
  const int64_t D = options.dim;
  entity_emb_ = kg_embedding_table(*this, "entity_emb", options.n_entity + extra_entities, D, options.init);
  relation_emb_ = kg_embedding_table(*this, "relation_emb", options.n_relation, D, options.init);
  TORCH_CHECK(static_cast<int64_t>(neighbors.entity.size()) == options.n_entity * k_,
              "KGCN: neighbour table has ", neighbors.entity.size(), " entries, expected n_entity*K=",
              options.n_entity * k_);
  adj_entity_ = register_buffer(
      "adj_entity", torch::tensor(neighbors.entity, torch::kLong).view({options.n_entity, k_}));
  adj_relation_ = register_buffer(
      "adj_relation", torch::tensor(neighbors.relation, torch::kLong).view({options.n_entity, k_}));
  const int64_t in = options.aggregator == KgcnAggregator::kConcat ? 2 * D : D;
  for (int64_t i = 0; i < options.n_iter; ++i) {
    auto layer = register_module("agg" + std::to_string(i), torch::nn::Linear(in, D));
    kg_init_linear(layer, options.init);
    layers_.push_back(layer);
  }
}

torch::Tensor KgcnPropagation::combine(int64_t i, const torch::Tensor& self, const torch::Tensor& neighborhood) {
  torch::Tensor in;
  switch (options_.aggregator) {
    case KgcnAggregator::kSum: in = self + neighborhood; break;
    case KgcnAggregator::kConcat: in = torch::cat({self, neighborhood}, -1); break;
    case KgcnAggregator::kNeighbor: in = neighborhood; break;
  }
  auto out = layers_[static_cast<size_t>(i)]->forward(in);
  if (i == options_.n_iter - 1) return torch::tanh(out);
  return options_.hidden_activation == HiddenActivation::kSigmoid ? torch::sigmoid(out) : torch::relu(out);
}

torch::Tensor KgcnPropagation::item_vectors(const torch::Tensor& u, const torch::Tensor& items,
                                            const torch::Tensor& entity_table) {
  const auto& table = entity_table.defined() ? entity_table : entity_emb_;
  const int64_t B = items.size(0), D = options_.dim, K = k_;
  // entities[h]: [B, K^h] entity indices at hop h; relations[h]: the relations leading to hop h+1.
  std::vector<torch::Tensor> entities{items.view({B, 1})}, relations;
  for (int64_t h = 0; h < options_.n_iter; ++h) {
    const auto flat = entities.back().reshape({-1});
    entities.push_back(adj_entity_.index_select(0, flat).view({B, -1}));
    relations.push_back(adj_relation_.index_select(0, flat).view({B, -1}));
  }
  const auto aggregate = [&](const auto&... args) {
    return options_.fused_ops ? ops::neighbor_aggregate(args...) : ops::neighbor_aggregate_composite(args...);
  };
  // vectors[h]: [B*K^h, D] representations of hop-h entities after the current iteration.
  std::vector<torch::Tensor> vectors;
  for (int64_t i = 0; i < options_.n_iter; ++i) {
    std::vector<torch::Tensor> next;
    for (int64_t hop = 0; hop < options_.n_iter - i; ++hop) {
      const int64_t rows = entities[static_cast<size_t>(hop)].numel();
      const auto rel_idx = relations[static_cast<size_t>(hop)].view({rows, K});
      torch::Tensor self, neighborhood;
      if (i == 0) {  // first iteration: gather straight from the entity table
        self = table.index_select(0, entities[static_cast<size_t>(hop)].reshape({-1}));
        neighborhood = aggregate(u, relation_emb_, rel_idx, table, entities[static_cast<size_t>(hop) + 1].view({rows, K}),
                                 options_.neighbor);
      } else {
        self = vectors[static_cast<size_t>(hop)];
        neighborhood = aggregate(u, relation_emb_, rel_idx, vectors[static_cast<size_t>(hop) + 1].view({rows, K, D}),
                                 std::nullopt, options_.neighbor);
      }
      next.push_back(combine(i, self, neighborhood));
    }
    vectors = std::move(next);
  }
  return vectors[0];
}

std::vector<torch::Tensor> KgcnPropagation::l2_parameters() const {
  std::vector<torch::Tensor> out{entity_emb_, relation_emb_};
  for (const auto& layer : layers_) out.push_back(layer->weight);
  return out;
}

Kgcn::Kgcn(const KgcnOptions& options, const data::NeighborTable& neighbors) {
  user_emb_ = kg_embedding_table(*this, "user_emb", options.n_user, options.dim, options.init);
  graph_ = register_module("graph", std::make_shared<KgcnPropagation>(options, neighbors));
}

torch::Tensor Kgcn::forward(const torch::Tensor& users, const torch::Tensor& items) {
  const auto u = user_emb_.index_select(0, users);
  return (u * graph_->item_vectors(u, items)).sum(-1);
}

std::vector<torch::Tensor> Kgcn::l2_parameters() {
  auto out = graph_->l2_parameters();
  out.insert(out.begin(), user_emb_);
  return out;
}

}  // namespace emorec::models
