// A run folder's config.yaml, with older run folders' keys of other components dropped.
#include "run/run_config.h"

#include <yaml-cpp/yaml.h>

#include <set>
#include <tuple>

#include "config/yaml_writer.h"
#include "core/error.h"
#include "core/log.h"
#include "run/components.h"

namespace emorec::run {
namespace {

// Removes the keys of `section` that neither `fixed` nor the chosen component's options (named by the
// section's `name_key`, from choice set `kind`) have; returns them.
std::vector<std::string> drop_foreign_keys(YAML::Node section, const std::string& name_key, const std::string& kind,
                                           std::set<std::string> fixed) {
  std::vector<std::string> dropped;
  if (!section.IsMap() || !section[name_key] || !section[name_key].IsScalar()) return dropped;
  const auto& entries = component_choices().at(kind).entries;
  const auto it = entries.find(section[name_key].Scalar());
  if (it == entries.end()) return dropped;  // the strict reader names the unknown component
  auto options = it->second.defaults();
  const YAML::Node own = YAML::Load(config::to_yaml(*options.get(), component_choices()));
  fixed.insert(name_key);
  for (const auto& kv : section) {
    const std::string key = kv.first.Scalar();
    if (!fixed.count(key) && !(own.IsMap() && own[key])) dropped.push_back(key);
  }
  for (const auto& key : dropped) section.remove(key);
  return dropped;
}

}  // namespace

config::ExperimentConfig load_run_config(const std::string& path, const std::vector<std::string>& overrides) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::Exception&) {
    return load_experiment(path, overrides);  // the strict reader gives the message, with its line
  }
  if (!root.IsMap()) return load_experiment(path, overrides);
  std::string note;
  for (const auto& [section, name_key, kind, fixed] :
       {std::tuple<const char*, const char*, const char*, std::set<std::string>>{"data", "dataset", "dataset", {"root"}},
        {"model", "name", "model", {}}}) {
    for (const auto& key : drop_foreign_keys(root[section], name_key, kind, fixed)) {
      note += (note.empty() ? "" : ", ") + std::string(section) + "." + key;
    }
  }
  if (note.empty()) return load_experiment(path, overrides);
  log_info(path, ": written before each data set and model owned its keys; ignoring the keys this run's data set "
           "and model do not have (they had no effect on it): ", note);
  return parse_experiment(YAML::Dump(root), path, overrides);
}

}  // namespace emorec::run
