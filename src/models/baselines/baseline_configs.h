// The keys of the KG baselines that have any (no LibTorch: the formats library reads them).
#pragma once
#include <cstdint>

#include "config/visitor.h"

namespace emorec::models {

// baseline/item_knn's keys.
struct ItemKnnConfig {
  int64_t knn_k = 100;
  void visit(config::ConfigVisitor& v) {
    v.field("knn_k", knn_k, config::IntRule::range(1, 1 << 20), "neighbours kept per item");
  }
};

// baseline/bpr_mf's keys.
struct BprMfConfig {
  int64_t dim = 16;
  void visit(config::ConfigVisitor& v) {
    v.field("dim", dim, config::IntRule::range(1, 4096), "factors per user and item");
  }
};

}  // namespace emorec::models
