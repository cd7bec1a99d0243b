// --set a.b=v overrides on a YAML tree.
#include "config/overrides.h"

#include "core/error.h"

namespace emorec::config {

void apply_overrides(YAML::Node& root, const std::vector<std::string>& assignments, YamlSource& source) {
  for (const auto& assignment : assignments) {
    const std::string where = "--set " + assignment;
    const auto eq = assignment.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw ConfigError(where + ": expected KEY.PATH=VALUE, e.g. --set train.epochs=3");
    }
    const std::string path = assignment.substr(0, eq);
    const std::string text = assignment.substr(eq + 1);
    std::vector<std::string> parts;
    for (size_t start = 0;;) {
      const auto dot = path.find('.', start);
      parts.push_back(path.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
    for (const auto& p : parts) {
      if (p.empty()) throw ConfigError(where + ": empty component in key path \"" + path + "\"");
    }
    YAML::Node value;
    try {
      value = YAML::Load(text);
    } catch (const YAML::Exception& e) {
      throw ConfigError(where + ": the value is not valid YAML: " + e.msg);
    }
    if (!root.IsDefined() || root.IsNull()) root = YAML::Node(YAML::NodeType::Map);
    YAML::Node cur;
    cur.reset(root);
    std::string walked;
    for (size_t i = 0; i + 1 < parts.size(); ++i) {
      walked += (walked.empty() ? "" : ".") + parts[i];
      YAML::Node next = cur[parts[i]];
      if (!next.IsDefined() || next.IsNull()) {
        cur[parts[i]] = YAML::Node(YAML::NodeType::Map);
        next.reset(cur[parts[i]]);
      } else if (!next.IsMap()) {
        throw ConfigError(where + ": " + walked + " is " + describe_node(next) + ", not a section");
      }
      cur.reset(next);  // rebinding; plain assignment would overwrite the node's content
    }
    cur[parts.back()] = value;
    source.overrides[path] = where;
  }
}

}  // namespace emorec::config
