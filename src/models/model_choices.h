// Every model an experiment can name (`model.name`), with its description, its own keys and its family (kg,
// images, tracks), for the config reader. No LibTorch: the formats library reads configs with it; the builds
// are in the registries (models/registry.h, fer/fer_registry.h, tracks/tracks_registry.h), which check that
// they cover exactly these names.
#pragma once
#include "config/component.h"

namespace emorec::models {

config::ChoiceSet model_choices();

}  // namespace emorec::models
