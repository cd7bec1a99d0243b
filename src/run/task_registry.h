// Tasks by name, as data/datasets.yaml's `task` names them: kg_ctr (KgTask), image_classification (FerTask)
// and track_classification (TracksTask). make_task (run/task.h) builds the task its data set's entry names.
#pragma once
#include <functional>
#include <memory>

#include "core/registry.h"
#include "run/task.h"

namespace emorec::run {

using TaskFactory =
    std::function<std::unique_ptr<Task>(const config::ExperimentConfig&, torch::Device, bool from_checkpoint)>;
const Registry<TaskFactory>& task_registry();

}  // namespace emorec::run
