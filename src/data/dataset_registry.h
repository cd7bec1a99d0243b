// The registry of known data sets (compiled from data/datasets.yaml) and the data-root resolution.
#pragma once
#include <string>
#include <vector>

#include "core/registry.h"

namespace emorec::data {

struct DatasetInfo {
  std::string folder;
  std::string description;
  std::vector<std::string> files;
  std::string kind;        // kg | images | tracks
  std::string loader;      // the registered loader that reads it (kg_dataset.h, fer/fer_dataset.h); "" if none
  std::string task;        // the registered task that trains on it (run/task_registry.h); "" if none
  bool trainable = false;  // an experiment's data.dataset may name it: it has a loader and a task
};

// Every data set in data/datasets.yaml.
const Registry<DatasetInfo>& dataset_registry();
// Only those an experiment can train on (the choices of data.dataset).
std::vector<std::string> trainable_dataset_names();
// True for data sets of kind images (trained by the image classification task).
bool is_image_dataset(const std::string& name);

// Where data is read from: `configured` if non-empty, else $EMOREC_DATA, else ../shared/data.
// `how` receives a phrase saying which rule chose it (for error messages).
std::string resolve_data_root(const std::string& configured, std::string* how = nullptr);

// The folder of `name` under `root`; throws DataError naming every missing file and what to do.
std::string require_dataset(const std::string& root, const std::string& how, const std::string& name);

// The file a data set reads: `configured` (data.path) relative to the data set's folder under `root`, or
// absolute; empty: the data set's first file, required as require_dataset() does. Throws DataError naming
// data.path when the file does not exist.
std::string dataset_file(const std::string& root, const std::string& how, const std::string& name,
                         const std::string& configured);

}  // namespace emorec::data
