// The tagging models' builds by name.
#include "models/audio/audio_registry.h"

#include "models/audio/crnn.h"
#include "models/audio/short_chunk_resnet.h"
#include "models/audio/spectral_stats.h"
#include "models/model_choices.h"

namespace emorec::models {

const Registry<AudioModelEntry>& audio_model_registry() {
  static const Registry<AudioModelEntry> r = [] {
    Registry<AudioModelEntry> reg("audio model");
    reg.add("audio/crnn", {[](const config::ComponentOptions& o, int64_t mels, int64_t tags) {
              return std::shared_ptr<AudioModel>(std::make_shared<Crnn>(o.as<CrnnOptions>(), mels, tags));
            }});
    reg.add("audio/short_chunk_resnet", {[](const config::ComponentOptions& o, int64_t mels, int64_t tags) {
              return std::shared_ptr<AudioModel>(
                  std::make_shared<ShortChunkResNet>(o.as<ShortChunkResNetOptions>(), mels, tags));
            }});
    reg.add("audio/spectral_stats", {[](const config::ComponentOptions&, int64_t mels, int64_t tags) {
              return std::shared_ptr<AudioModel>(std::make_shared<SpectralStats>(mels, tags));
            }});
    config::expect_same_names(model_choices(), "audio", reg.names());
    return reg;
  }();
  return r;
}

}  // namespace emorec::models
