// The model keys of kg/kgcn and kg/mkgcn, owned here and validated by the strict config reader
// (config/component.h): names of every enumeration are written once, in kgcn_config.cpp.
#pragma once
#include <cstdint>
#include <optional>

#include "config/visitor.h"
#include "models/kg/kg_modes.h"
#include "ops/fuse_mode.h"
#include "ops/neighbor_modes.h"

namespace emorec::models {

enum class NeighborOp { kFused, kComposite };

struct KgcnConfig {
  int64_t dim = 16;
  int64_t n_iter = 1;
  KgcnAggregator aggregator = KgcnAggregator::kSum;
  NeighborOp neighbor_op = NeighborOp::kFused;
  KgInit init = KgInit::kGlorot;
  HiddenActivation hidden_activation = HiddenActivation::kRelu;
  ops::NeighborScore neighbor_score = ops::NeighborScore::kMeanDot;
  ops::NeighborReduce neighbor_reduce = ops::NeighborReduce::kMean;
  void visit(config::ConfigVisitor& v);
};

// kg/mkgcn: KGCN's graph keys and its own.
struct MkgcnConfig {
  KgcnConfig graph;
  UserAggregator user_aggregator = UserAggregator::kAttention;
  int64_t heads = 8;
  int64_t history_size = 8;
  std::optional<ops::FuseMode> modal_fusion = ops::FuseMode::kResidual;  // nullopt: none
  bool learned_projection = false;                                       // modal_projection: pca | linear
  void visit(config::ConfigVisitor& v);
};

}  // namespace emorec::models
