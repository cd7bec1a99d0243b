// Facial-emotion models by name (`model.name` fer/...).
#pragma once
#include <functional>
#include <memory>
#include <string>

#include "config/component.h"
#include "core/registry.h"
#include "models/fer/fer_classifier_config.h"
#include "models/fer/fer_model.h"

namespace emorec::models {

// Names, descriptions and keys are in models/model_choices.cpp; a name there of family `images` has its build
// here, and the registry checks that the two agree.
struct FerModelEntry {
  // Builds the model from its options for square inputs of `input_size` pixels.
  std::function<std::shared_ptr<FerModel>(const config::ComponentOptions&, int64_t input_size)> build;
};

const Registry<FerModelEntry>& fer_model_registry();

}  // namespace emorec::models
