// table.md of a reproduction table: title, protocol, one Markdown table of mean ± sd [95% CI] per metric with
// the paired test against the best baseline, a one-sentence verdict, and where it was run.
#pragma once
#include <map>
#include <string>

#include "config/experiment.h"
#include "run/reproduce_results.h"

namespace emorec::run {

// The protocol keys of a resolved config that the table reports (data set, negatives, split, and the top-K
// evaluation keys where the config has them), as key path -> value text ("[0.6, 0.2, 0.2]").
std::map<std::string, std::string> protocol_of(const config::ExperimentConfig& config);

std::string render_markdown(const TableResults& results);

}  // namespace emorec::run
