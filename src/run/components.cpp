// The choice sets of every registered component, for the config reader (no LibTorch).
#include "run/components.h"

#include "data/dataset_choices.h"
#include "models/model_choices.h"
#include "train/optimizer_choices.h"
#include "train/schedule.h"

namespace emorec::run {

const config::Choices& component_choices() {
  static const config::Choices choices = [] {
    config::Choices c;
    c.add(data::dataset_choices());
    c.add(models::model_choices());
    c.add(train::optimizer_choices());
    c.add(train::schedule_choices());
    return c;
  }();
  return choices;
}

config::ExperimentConfig load_experiment(const std::string& path, const std::vector<std::string>& overrides) {
  return config::load_experiment(path, component_choices(), overrides);
}

config::ExperimentConfig parse_experiment(const std::string& yaml, const std::string& origin,
                                          const std::vector<std::string>& overrides) {
  return config::parse_experiment(yaml, origin, component_choices(), overrides);
}

std::string experiment_to_yaml(const config::ExperimentConfig& config) {
  return config::experiment_to_yaml(config, component_choices());
}

std::string experiment_reference() { return config::experiment_reference(component_choices()); }

}  // namespace emorec::run
