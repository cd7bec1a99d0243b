// Facial-emotion models by name (`model.name` fer/...).
#pragma once
#include <functional>
#include <memory>
#include <string>

#include "config/experiment.h"
#include "core/registry.h"
#include "models/fer/fer_model.h"

namespace emorec::models {

struct FerModelEntry {
  std::string description;
  // Builds the model for square inputs of `input_size` pixels.
  std::function<std::shared_ptr<FerModel>(const config::ModelConfig&, int64_t input_size)> build;
};

const Registry<FerModelEntry>& fer_model_registry();

}  // namespace emorec::models
