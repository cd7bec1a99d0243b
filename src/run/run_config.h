// Reading a run folder's config.yaml (the resolved config `emorec train` wrote there).
#pragma once
#include <string>
#include <vector>

#include "config/experiment.h"

namespace emorec::run {

// The run's config, read strictly like any experiment file, with one allowance for run folders written before
// each data set and model owned its keys (before 2026-12-01): their config.yaml holds every data set's keys
// under data and every model's keys under model. The keys that the run's own data set or model does not have
// had no effect on the run; they are dropped, and a line names them.
config::ExperimentConfig load_run_config(const std::string& path, const std::vector<std::string>& overrides = {});

}  // namespace emorec::run
