#include "data/fer/fer_dataset.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "core/error.h"
#include "core/log.h"
#include "core/rng.h"
#include "data/dataset_registry.h"
#include "data/fer/fer_cache.h"
#include "data/loader_options.h"

namespace fs = std::filesystem;

namespace emorec::data {

std::string resolve_cache_dir(const std::string& configured) {
  if (!configured.empty()) return configured;
  if (const char* env = std::getenv("EMOREC_CACHE"); env && *env) return env;
  return ".cache/emorec";
}

std::string FerDataset::summary() const {
  return images.summary() + "; training on " + std::to_string(train.size()) + ", selecting on " +
         std::to_string(eval.size()) + " (PublicTest), reporting " + std::to_string(test.size()) + " (PrivateTest)";
}

namespace {

// FER2013 from its image archive, an extracted folder or the original CSV (data.path).
FerDataset load_fer2013(const config::DataConfig& data, uint64_t seed) {
  const ImageDataConfig& keys = image_data_config(data);
  FerDataset ds;
  std::string how;
  const std::string root = resolve_data_root(data.root, &how);
  ds.source = dataset_file(root, how, data.dataset, keys.path);
  FerCacheInfo cache;
  ds.images = load_fer_cached(ds.source, resolve_cache_dir(keys.cache_dir), &cache);
  if (!cache.rebuilt) log_info("FER2013 from cache ", cache.path);
  ds.train = ds.images.indices(FerUsage::kTraining);
  ds.eval = ds.images.indices(FerUsage::kPublicTest);
  ds.test = ds.images.indices(FerUsage::kPrivateTest);
  if (keys.train_subset > 0 && keys.train_subset < static_cast<int64_t>(ds.train.size())) {
    Rng rng(derive_seed(seed, "train_subset"));
    shuffle(ds.train, rng);
    ds.train.resize(static_cast<size_t>(keys.train_subset));
    std::sort(ds.train.begin(), ds.train.end());
  }
  return ds;
}

}  // namespace

const Registry<ImageLoader>& image_loaders() {
  static const Registry<ImageLoader> r = [] {
    Registry<ImageLoader> reg("image loader");
    reg.add("fer2013", {load_fer2013});
    expect_loader_options({{"fer2013", &typeid(ImageDataConfig)}});
    return reg;
  }();
  return r;
}

FerDataset load_fer_dataset(const config::DataConfig& data, uint64_t seed) {
  return image_loaders().at(dataset_registry().at(data.dataset).loader).load(data, seed);
}

}  // namespace emorec::data
