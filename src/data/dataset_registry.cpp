// Data-set registry parsed once from the embedded data/datasets.yaml, and data-root rules.
#include "data/dataset_registry.h"

#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <filesystem>

namespace emorec::data {

extern const char* const kDatasetsYaml;

const Registry<DatasetInfo>& dataset_registry() {
  static const Registry<DatasetInfo> registry = [] {
    Registry<DatasetInfo> r("dataset");
    const YAML::Node root = YAML::Load(kDatasetsYaml);
    for (const auto& kv : root) {
      DatasetInfo info;
      info.folder = kv.second["folder"].as<std::string>();
      info.description = kv.second["description"].as<std::string>();
      info.files = kv.second["files"].as<std::vector<std::string>>();
      info.kind = kv.second["kind"].as<std::string>();
      if (kv.second["loader"]) info.loader = kv.second["loader"].as<std::string>();
      if (kv.second["task"]) info.task = kv.second["task"].as<std::string>();
      if (info.loader.empty() != info.task.empty()) {
        throw std::logic_error("data/datasets.yaml: " + kv.first.as<std::string>() + " names a loader or a task, "
                               "but not both");
      }
      info.trainable = !info.task.empty();
      r.add(kv.first.as<std::string>(), info);
    }
    return r;
  }();
  return registry;
}

std::vector<std::string> trainable_dataset_names() {
  std::vector<std::string> out;
  for (const auto& [name, info] : dataset_registry().entries()) {
    if (info.trainable) out.push_back(name);
  }
  return out;
}

bool is_image_dataset(const std::string& name) {
  return dataset_registry().contains(name) && dataset_registry().at(name).kind == "images";
}

std::string resolve_data_root(const std::string& configured, std::string* how) {
  std::string root, rule;
  if (!configured.empty()) {
    root = configured, rule = "from data.root in the config";
  } else if (const char* env = std::getenv("EMOREC_DATA"); env && *env) {
    root = env, rule = "from $EMOREC_DATA";
  } else {
    root = "../shared/data", rule = "the default ../shared/data";
  }
  if (how) *how = rule;
  return root;
}

std::string require_dataset(const std::string& root, const std::string& how, const std::string& name) {
  const DatasetInfo& info = dataset_registry().at(name);
  namespace fs = std::filesystem;
  const fs::path dir = fs::absolute(fs::path(root) / info.folder).lexically_normal();
  std::string missing;
  for (const auto& f : info.files) {
    if (!fs::is_regular_file(dir / f)) missing += (missing.empty() ? "" : ", ") + f;
  }
  if (!missing.empty()) {
    throw DataError("data set " + name + " not found: looked in " + dir.string() + " (data root " + how +
                    ") and missing " + missing +
                    ". Point EMOREC_DATA or data.root at the folder that holds " + info.folder + "/.");
  }
  return dir.string();
}

std::string dataset_file(const std::string& root, const std::string& how, const std::string& name,
                         const std::string& configured) {
  namespace fs = std::filesystem;
  const DatasetInfo& info = dataset_registry().at(name);
  if (configured.empty()) return (fs::path(require_dataset(root, how, name)) / info.files.front()).string();
  const std::string path =
      fs::path(configured).is_absolute() ? configured : (fs::path(root) / info.folder / configured).string();
  if (!fs::exists(path)) throw DataError("data.path: " + path + " does not exist (data root " + how + ")");
  return path;
}

}  // namespace emorec::data
