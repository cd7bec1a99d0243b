// The concrete tasks behind make_task (run/task.h).
#pragma once
#include "run/task.h"

namespace emorec::run {

std::unique_ptr<Task> make_kg_task(const config::ExperimentConfig& config, torch::Device device, bool from_checkpoint);
std::unique_ptr<Task> make_fer_task(const config::ExperimentConfig& config, torch::Device device, bool from_checkpoint);
std::unique_ptr<Task> make_tracks_task(const config::ExperimentConfig& config, torch::Device device,
                                       bool from_checkpoint);

std::unique_ptr<Task> make_audio_task(const config::ExperimentConfig& config, torch::Device device,
                                      bool from_checkpoint);

}  // namespace emorec::run
