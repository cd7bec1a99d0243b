// The keys of kg/kgcn and kg/mkgcn: rules, defaults, documentation and the names of their enumerations (no
// LibTorch: the formats library reads them).
#include "models/kg/kgcn_config.h"

#include "config/vocabulary.h"

namespace emorec::models {
namespace {

using config::IntRule;
using config::Vocabulary;

const Vocabulary<KgcnAggregator>& aggregators() {
  static const Vocabulary<KgcnAggregator> v(
      "aggregator", {{"sum", KgcnAggregator::kSum}, {"concat", KgcnAggregator::kConcat},
                     {"neighbor", KgcnAggregator::kNeighbor}});
  return v;
}
const Vocabulary<NeighborOp>& neighbor_ops() {
  static const Vocabulary<NeighborOp> v("neighbor_op",
                                        {{"fused", NeighborOp::kFused}, {"composite", NeighborOp::kComposite}});
  return v;
}
const Vocabulary<KgInit>& inits() {
  static const Vocabulary<KgInit> v("initialisation", {{"glorot", KgInit::kGlorot}, {"torch", KgInit::kTorch}});
  return v;
}
const Vocabulary<HiddenActivation>& activations() {
  static const Vocabulary<HiddenActivation> v(
      "hidden activation", {{"relu", HiddenActivation::kRelu}, {"sigmoid", HiddenActivation::kSigmoid}});
  return v;
}
const Vocabulary<ops::NeighborScore>& scores() {
  static const Vocabulary<ops::NeighborScore> v(
      "neighbour score", {{"mean_dot", ops::NeighborScore::kMeanDot}, {"dot", ops::NeighborScore::kDot}});
  return v;
}
const Vocabulary<ops::NeighborReduce>& reductions() {
  static const Vocabulary<ops::NeighborReduce> v(
      "neighbour reduction", {{"mean", ops::NeighborReduce::kMean}, {"sum", ops::NeighborReduce::kSum}});
  return v;
}
const Vocabulary<UserAggregator>& user_aggregators() {
  static const Vocabulary<UserAggregator> v("user aggregator", {{"attention", UserAggregator::kAttention},
                                                                {"mean", UserAggregator::kMean},
                                                                {"max", UserAggregator::kMax}});
  return v;
}
// The fusion modes of emorec::multimodal_fuse, and none (no modalities).
const Vocabulary<std::optional<ops::FuseMode>>& fusions() {
  static const Vocabulary<std::optional<ops::FuseMode>> v = [] {
    std::vector<std::pair<std::string, std::optional<ops::FuseMode>>> entries = {{"none", std::nullopt}};
    for (auto mode : {ops::FuseMode::kSum, ops::FuseMode::kMean, ops::FuseMode::kMax, ops::FuseMode::kConcat,
                      ops::FuseMode::kResidual}) {
      entries.emplace_back(ops::fuse_mode_name(mode), mode);
    }
    return Vocabulary<std::optional<ops::FuseMode>>("modal fusion", entries);
  }();
  return v;
}
const Vocabulary<bool>& projections() {
  static const Vocabulary<bool> v("modal projection", {{"pca", false}, {"linear", true}});
  return v;
}

}  // namespace

void KgcnConfig::visit(config::ConfigVisitor& v) {
  v.field("dim", dim, IntRule::range(1, 4096), "embedding size");
  v.field("n_iter", n_iter, IntRule::range(1, 4), "hops of neighbour aggregation");
  aggregators().field(v, "aggregator", aggregator, "how an entity and its aggregated neighbourhood combine");
  neighbor_ops().field(v, "neighbor_op", neighbor_op,
                       "neighbour aggregation: the fused emorec operator (CPU and CUDA kernels), or the same "
                       "formula in plain LibTorch ops (for comparison)");
  inits().field(v, "init", init,
                "how the model starts: glorot (Glorot-uniform tables and layers, zero biases: KGCN's code) or "
                "torch (PyTorch's module defaults, embeddings N(0, 1): MKGCN's code)");
  activations().field(v, "hidden_activation", hidden_activation,
                      "activation of every aggregation iteration but the last, which is tanh: relu (KGCN's code) "
                      "or sigmoid (MKGCN's code)");
  scores().field(v, "neighbor_score", neighbor_score,
                 "how a neighbour's relation is scored for a user before the softmax: mean_dot (the mean over D "
                 "of user * relation: KGCN's code) or dot (their sum: MKGCN's code)");
  reductions().field(v, "neighbor_reduce", neighbor_reduce,
                     "how the K softmax-weighted neighbours are reduced: mean (KGCN's code) or sum (MKGCN's code)");
}

void MkgcnConfig::visit(config::ConfigVisitor& v) {
  graph.visit(v);
  user_aggregators().field(v, "user_aggregator", user_aggregator,
                           "how a user's sampled history items become the user vector: multi-head "
                           "self-attention then a mean, a mean-pool or a max-pool");
  v.field("heads", heads, IntRule::range(1, 64), "attention heads of the user aggregator (divides model.dim)");
  v.field("history_size", history_size, IntRule::range(1, 1024),
          "training positives sampled per user as its history (with replacement when fewer)");
  fusions().field(v, "modal_fusion", modal_fusion,
                  "the multimodal aggregator, applied to every entity vector before the hops read it (none: no "
                  "modalities)");
  projections().field(v, "modal_projection", learned_projection,
                      "how each modality is mapped to model.dim: PCA fitted once on the training items (fixed), "
                      "or a learned linear layer");
}

}  // namespace emorec::models
