// summary.json: a finished (or stopped) run's outcome in one file, for scripts and `emorec reproduce`: the
// best epoch's scores of every split, the paper's reference numbers, the training time per epoch, the device
// and the commit.
#pragma once
#include "run/epoch_loop.h"

namespace emorec::run {

void write_summary(const PreparedRun& p, const RunDir& dir, const RunOutcome& out);

}  // namespace emorec::run
