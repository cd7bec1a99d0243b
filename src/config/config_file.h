// Reading a stand-alone config file (not an experiment: the app's configs/app/*.yaml) strictly, with the
// experiment files' rules: `--set`-style overrides first, then every key visited, unknown keys refused,
// errors naming file:line:key.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "config/visitor.h"

namespace emorec::config {

// `what` names the kind of file in errors ("app config"); `visit` fills the caller's struct.
void read_config_file(const std::string& path, const std::vector<std::string>& overrides,
                      const Choices& choices, const char* what,
                      const std::function<void(ConfigVisitor&)>& visit);

}  // namespace emorec::config
