// The registries' choice sets (data sets, models, optimisers, schedules) for the config
// layer, and experiment configs read, written and documented with them. Everything above the config layer
// loads experiments through these.
#pragma once
#include <string>
#include <vector>

#include "config/experiment.h"

namespace emorec::run {

const config::Choices& component_choices();

config::ExperimentConfig load_experiment(const std::string& path, const std::vector<std::string>& overrides = {});
config::ExperimentConfig parse_experiment(const std::string& yaml, const std::string& origin,
                                          const std::vector<std::string>& overrides = {});
std::string experiment_to_yaml(const config::ExperimentConfig& config);
std::string experiment_reference();

}  // namespace emorec::run
