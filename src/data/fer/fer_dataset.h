// FER2013 ready for training: the images (from the cache) and the official splits as row lists.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "config/experiment.h"
#include "core/registry.h"
#include "data/fer/fer2013.h"
#include "data/fer/image_data_config.h"

namespace emorec::data {

struct FerDataset {
  std::string source;  // the file or folder read
  FerImages images;
  std::vector<int64_t> train, eval, test;  // Training (or its data.train_subset), PublicTest, PrivateTest
  std::string summary() const;
};

// An image loader: the loading itself (its data set's keys: image_data_config.h, named in
// data/loader_options).
struct ImageLoader {
  std::function<FerDataset(const config::DataConfig& data, uint64_t seed)> load;
};
// The image loaders by name, as data/datasets.yaml's `loader` names them: fer2013.
const Registry<ImageLoader>& image_loaders();

// Loads `data.dataset` with the loader its data-set entry names: resolves data.path against the data root
// (default: the image archive), loads it through the cache in data.cache_dir and builds the splits; `seed`
// draws the training subset.
FerDataset load_fer_dataset(const config::DataConfig& data, uint64_t seed);

// The cache folder: data.cache_dir, else $EMOREC_CACHE, else .cache/emorec.
std::string resolve_cache_dir(const std::string& configured);

}  // namespace emorec::data
