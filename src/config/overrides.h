// Command-line overrides: `--set a.b=v` replaces (or adds) key path a.b in the YAML tree before the strict
// reader sees it; v is parsed as YAML, so numbers, booleans and lists work as in the file.
#pragma once
#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "config/yaml_reader.h"

namespace emorec::config {

// Applies each "path=value" to `root` and records in `source` that the path came from the command line.
// Throws ConfigError for a malformed assignment or a path through a non-mapping value.
void apply_overrides(YAML::Node& root, const std::vector<std::string>& assignments, YamlSource& source);

}  // namespace emorec::config
