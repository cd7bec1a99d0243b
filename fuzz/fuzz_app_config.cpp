// The strict config reader (config/yaml_reader, overrides, visitor) through the app's config
// (configs/app/*.yaml): piece 1 the YAML file, piece 2 one `--set` assignment per line.
#include <sstream>

#include "app/app_config.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto parts = emorec::fuzz::split_input(data, size, 2);
  const auto path = emorec::fuzz::write_file("app.yaml", parts[0]);
  std::vector<std::string> sets;
  std::istringstream lines(parts[1]);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty()) sets.push_back(line);
  }
  emorec::fuzz::expect_clean([&] { emorec::app::load_app_config(path, sets); });
  return 0;
}
