// Music-tagging models by name (`model.name` audio/...), each with its own keys.
#pragma once
#include <functional>
#include <memory>

#include "config/component.h"
#include "core/registry.h"
#include "models/audio/audio_model.h"

namespace emorec::models {

// Names, descriptions and keys are in models/model_choices.cpp; a name there of family `audio` has its build
// here, and the registry checks that the two agree.
struct AudioModelEntry {
  // Builds the model from its options for inputs of `n_mels` bands and `tags` outputs; ConfigError when the
  // architecture cannot take n_mels.
  std::function<std::shared_ptr<AudioModel>(const config::ComponentOptions&, int64_t n_mels, int64_t tags)>
      build;
};

const Registry<AudioModelEntry>& audio_model_registry();

}  // namespace emorec::models
