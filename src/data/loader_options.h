// The keys of each loader's data sets, by loader name (data/datasets.yaml's `loader`): what the config reader
// offers beside data.dataset (data/dataset_choices). No LibTorch: the formats library reads configs with it.
// The loaders themselves (data/kg_dataset, fer/fer_dataset, tracks/tracks_dataset) check that every name they
// load is here with the keys they read.
#pragma once
#include <functional>
#include <map>
#include <string>
#include <typeinfo>

#include "config/component.h"

namespace emorec::data {

// The keys with their defaults of `loader`'s data sets; std::logic_error for a loader it does not know.
std::function<config::ComponentOptions()> loader_options(const std::string& loader);

// std::logic_error unless every loader named in `loaders` has keys here of the type given.
void expect_loader_options(const std::map<std::string, const std::type_info*>& loaders);

}  // namespace emorec::data
