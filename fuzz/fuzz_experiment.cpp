// The experiment loader (config/experiment, yaml_reader, overrides, every registered component's keys through
// run/components): piece 1 the YAML file, piece 2 one `--set` assignment per line. An experiment that reads
// must write (experiment_to_yaml, as a run folder's config.yaml) and read back to the same YAML, as resuming
// a run does.
#include <cstdlib>
#include <sstream>

#include "fuzz_util.h"
#include "run/components.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto parts = emorec::fuzz::split_input(data, size, 2);
  std::vector<std::string> sets;
  std::istringstream lines(parts[1]);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty()) sets.push_back(line);
  }
  emorec::fuzz::expect_clean([&] {
    const auto config = emorec::run::parse_experiment(parts[0], "experiment.yaml", sets);
    const auto written = emorec::run::experiment_to_yaml(config);
    const auto again = emorec::run::experiment_to_yaml(emorec::run::parse_experiment(written, "config.yaml"));
    if (again != written) std::abort();
  });
  return 0;
}
