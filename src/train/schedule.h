// Learning-rate schedules by name (`train.schedule.name`): a pure function of the epoch, so a resumed run
// needs no schedule state.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "config/experiment.h"

namespace emorec::train {

std::vector<std::string> schedule_names();

// Learning rate for 0-based `epoch` of `epochs`, starting from `base_lr`.
double scheduled_lr(const config::ScheduleConfig& schedule, double base_lr, int64_t epoch, int64_t epochs);

}  // namespace emorec::train
