// The keys of the audio/ tagging models (no LibTorch: the formats library reads them).
#pragma once
#include <cstdint>

#include "config/visitor.h"

namespace emorec::models {

// audio/crnn (models/audio/crnn.h).
struct CrnnOptions {
  int64_t channels = 128;  // c of the convolution blocks (c/2, c, c, c); the reference's 128
  int64_t hidden = 32;     // GRU units
  double dropout = 0.5;
  void visit(config::ConfigVisitor& v);
};

// audio/short_chunk_resnet (models/audio/short_chunk_resnet.h).
struct ShortChunkResNetOptions {
  int64_t channels = 128;
  double dropout = 0.5;
  void visit(config::ConfigVisitor& v);
};

}  // namespace emorec::models
