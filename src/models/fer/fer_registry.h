// Facial-emotion models by name (`model.name` fer/...).
#pragma once
#include <functional>
#include <memory>
#include <string>

#include "config/component.h"
#include "core/registry.h"
#include "models/fer/fer_model.h"

namespace emorec::models {

struct FerModelEntry {
  std::string description;
  // The model's own keys with their defaults.
  std::function<config::ComponentOptions()> options;
  // Builds the model from its options for square inputs of `input_size` pixels.
  std::function<std::shared_ptr<FerModel>(const config::ComponentOptions&, int64_t input_size)> build;
};

// fer/vgg and fer/resnet: the dropout of their classifier layers.
struct FerClassifierConfig {
  double dropout = 0.2;
  void visit(config::ConfigVisitor& v);
};

const Registry<FerModelEntry>& fer_model_registry();

}  // namespace emorec::models
