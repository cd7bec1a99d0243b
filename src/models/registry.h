// Models by name: `model.name` in an experiment picks one of these.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "config/component.h"
#include "core/registry.h"
#include "data/kg_dataset.h"
#include "models/kg_model.h"

namespace emorec::models {

struct ModelEntry {
  std::string description;
  // The model's own keys with their defaults (config/component.h).
  std::function<config::ComponentOptions()> options;
  // Builds the model from its options for `dataset`; `seed` is for the model's own random draws
  // (initialisation uses LibTorch's generator, seeded by the runner).
  std::function<std::shared_ptr<KgModel>(const config::ComponentOptions&, const data::KgDataset&, uint64_t seed)>
      build;
};

const Registry<ModelEntry>& model_registry();
// Every model name an experiment can use: the KG models above and the FER models (models/fer/fer_registry.h).
std::vector<std::string> model_names();
// Every model with its options, for the config reader (family kg or images).
config::ChoiceSet model_choices();

}  // namespace emorec::models
