// Stand-alone config files.
#include "config/config_file.h"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>

#include "config/overrides.h"
#include "config/yaml_reader.h"
#include "core/error.h"

namespace emorec::config {

void read_config_file(const std::string& path, const std::vector<std::string>& overrides,
                      const Choices& choices, const char* what,
                      const std::function<void(ConfigVisitor&)>& visit) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError(path + ": cannot open the " + what);
  std::stringstream text;
  text << in.rdbuf();
  YAML::Node root;
  try {
    root = YAML::Load(text.str());
  } catch (const YAML::ParserException& e) {
    throw ConfigError(path + ":" + std::to_string(e.mark.line + 1) + ": YAML syntax error: " + e.msg);
  }
  if (!root.IsMap())
    throw ConfigError(path + ": expected a mapping of " + what + " settings at the top level");
  YamlSource source{path, {}};
  apply_overrides(root, overrides, source);
  try {
    YamlReader reader(root, "", source, choices);
    visit(reader);
    reader.finish();
  } catch (const YAML::Exception& e) {  // what the strict reader does not turn into a ConfigError itself
    throw ConfigError(path + ": " + e.what());
  }
}

}  // namespace emorec::config
