// The "ours vs paper" table a finished run prints to the console and its train.log: the reported split's
// metrics at the best eval epoch beside the config's reference numbers.
#pragma once
#include <string>

#include "config/experiment.h"
#include "run/experiment_runner.h"

namespace emorec::run {

std::string format_comparison(const config::ExperimentConfig& config, const RunOutcome& outcome);

}  // namespace emorec::run
