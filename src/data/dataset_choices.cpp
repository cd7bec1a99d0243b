// The choice of data.dataset, from the data-set registry and the loaders.
#include "data/dataset_choices.h"

#include <stdexcept>

#include "config/experiment.h"
#include "data/dataset_registry.h"
#include "data/fer/image_data_config.h"
#include "data/loader_options.h"

namespace emorec::data {
namespace {

// train.l2_weight is the KG models' L2 term (train/kg_trainer); image and track models regularise through
// train.optimizer.weight_decay, so a value given for them would be silently ignored.
void reject_kg_l2(const config::ExperimentConfig& experiment, config::ConfigVisitor& v, const char* kind) {
  if (experiment.train.l2_weight != config::TrainConfig{}.l2_weight) {
    v.reject("train", std::string("l2_weight is the KG models' L2 term; ") + kind +
                          " models take train.optimizer.weight_decay");
  }
}

}  // namespace

config::ChoiceSet dataset_choices() {
  config::ChoiceSet set;
  set.kind = "dataset";
  for (const auto& [name, info] : dataset_registry().entries()) {
    if (!info.trainable) continue;
    if (info.kind == "kg") {
      set.entries[name] = {info.description, loader_options(info.loader), info.kind, {}};
    } else if (info.kind == "images") {
      set.entries[name] = {info.description, loader_options(info.loader), info.kind,
                           [](const config::ExperimentConfig& e, config::ConfigVisitor& v) {
                             check_image_crops(e, v);
                             reject_kg_l2(e, v, "image");
                           }};
    } else if (info.kind == "tracks") {
      set.entries[name] = {
          info.description, loader_options(info.loader), info.kind,
          [](const config::ExperimentConfig& e, config::ConfigVisitor& v) { reject_kg_l2(e, v, "track"); }};
    } else if (info.kind == "audio") {
      set.entries[name] = {
          info.description, loader_options(info.loader), info.kind,
          [](const config::ExperimentConfig& e, config::ConfigVisitor& v) { reject_kg_l2(e, v, "audio"); }};
    } else {
      throw std::logic_error("data/datasets.yaml: " + name + " has a loader, but no loaders of kind " + info.kind +
                             " are registered");
    }
  }
  return set;
}

}  // namespace emorec::data
