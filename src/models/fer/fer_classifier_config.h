// The keys of fer/vgg and fer/resnet (no LibTorch: the formats library reads them).
#pragma once
#include "config/visitor.h"

namespace emorec::models {

// fer/vgg and fer/resnet: the dropout of their classifier layers.
struct FerClassifierConfig {
  double dropout = 0.2;
  void visit(config::ConfigVisitor& v) {
    v.field("dropout", dropout, config::NumberRule::range(0, 0.99), "dropout of the classifier layers");
  }
};

}  // namespace emorec::models
