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
#include "models/model_choices.h"

namespace emorec::models {

// Names, descriptions and keys are in models/model_choices.cpp; a name there of family `kg` has its build
// here, and the registry checks that the two agree.
struct ModelEntry {
  // Builds the model from its options for `dataset`; `seed` is for the model's own random draws
  // (initialisation uses LibTorch's generator, seeded by the runner).
  std::function<std::shared_ptr<KgModel>(const config::ComponentOptions&, const data::KgDataset&, uint64_t seed)>
      build;
};

const Registry<ModelEntry>& model_registry();
// Every model name an experiment can use: the KG models above and the FER models (models/fer/fer_registry.h).
std::vector<std::string> model_names();

}  // namespace emorec::models
