// The choice of data.dataset, from the data-set registry and the loaders.
#include "data/dataset_choices.h"

#include <stdexcept>

#include "data/dataset_registry.h"
#include "data/fer/fer_dataset.h"
#include "data/fer/image_data_config.h"
#include "data/kg_dataset.h"
#include "data/tracks/tracks_dataset.h"

namespace emorec::data {

config::ChoiceSet dataset_choices() {
  config::ChoiceSet set;
  set.kind = "dataset";
  for (const auto& [name, info] : dataset_registry().entries()) {
    if (!info.trainable) continue;
    if (info.kind == "kg") {
      set.entries[name] = {info.description, kg_loaders().at(info.loader).options, info.kind, {}};
    } else if (info.kind == "images") {
      set.entries[name] = {info.description, image_loaders().at(info.loader).options, info.kind, check_image_crops};
    } else if (info.kind == "tracks") {
      set.entries[name] = {info.description, tracks_loaders().at(info.loader).options, info.kind, {}};
    } else {
      throw std::logic_error("data/datasets.yaml: " + name + " has a loader, but no loaders of kind " + info.kind +
                             " are registered");
    }
  }
  return set;
}

}  // namespace emorec::data
