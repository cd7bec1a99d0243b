// The task registry and make_task.
#include "run/task_registry.h"

#include "data/dataset_registry.h"
#include "run/task_factories.h"

namespace emorec::run {

const Registry<TaskFactory>& task_registry() {
  static const Registry<TaskFactory> r = [] {
    Registry<TaskFactory> reg("task");
    reg.add("kg_ctr", make_kg_task);
    reg.add("image_classification", make_fer_task);
    reg.add("track_classification", make_tracks_task);
    reg.add("audio_tagging", make_audio_task);
    return reg;
  }();
  return r;
}

std::unique_ptr<Task> make_task(const config::ExperimentConfig& config, torch::Device device, bool from_checkpoint) {
  return task_registry().at(data::dataset_registry().at(config.data.dataset).task)(config, device, from_checkpoint);
}

}  // namespace emorec::run
