// The keys of audio/crnn and audio/short_chunk_resnet.
#include "models/audio/audio_model_configs.h"

namespace emorec::models {

void CrnnOptions::visit(config::ConfigVisitor& v) {
  v.field("channels", channels, config::IntRule::range(2, 4096),
          "channels c of the convolution blocks (c/2, c, c, c; the reference's 128)");
  v.field("hidden", hidden, config::IntRule::range(1, 4096), "units of each of the two GRU layers");
  v.field("dropout", dropout, config::NumberRule::range(0, 0.99), "dropout before the dense layer");
}

void ShortChunkResNetOptions::visit(config::ConfigVisitor& v) {
  v.field("channels", channels, config::IntRule::range(1, 4096),
          "channels c of the first blocks (c, 2c, 4c)");
  v.field("dropout", dropout, config::NumberRule::range(0, 0.99), "dropout before the last dense layer");
}

}  // namespace emorec::models
