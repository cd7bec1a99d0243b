// Mood classifiers over tracks by name (`model.name` tracks/...), each with its own keys.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "config/component.h"
#include "core/registry.h"
#include "models/tracks/track_model.h"
#include "models/tracks/track_model_configs.h"

namespace emorec::models {

// Names, descriptions and keys are in models/model_choices.cpp; a name there of family `tracks` has its build
// here, and the registry checks that the two agree.
struct TrackModelEntry {
  // Builds the model from its options for `features` inputs and `classes` outputs; `seed` seeds what it draws.
  std::function<std::shared_ptr<TrackModel>(const config::ComponentOptions&, int64_t features, int64_t classes,
                                            uint64_t seed)>
      build;
};

const Registry<TrackModelEntry>& track_model_registry();

}  // namespace emorec::models
