// Loading KG data sets by registry name.
#include "data/kg_dataset.h"

#include <functional>
#include <map>
#include <unordered_map>

#include "core/registry.h"
#include "core/rng.h"
#include "data/dataset_registry.h"
#include "data/kg_modalities.h"
#include "data/kg_sampling.h"
#include "data/kgcn_lastfm.h"
#include "data/loader_options.h"
#include "data/mkgcn_music_d.h"
#include "data/synthetic_kg.h"

namespace emorec::data {
namespace {

using ItemIds = std::unordered_map<std::string, int64_t>;

ItemIds lastfm_item_ids(const std::string& dir) {
  ItemIds out;
  for (const auto& [artist, item] : read_kgcn_lastfm_items(dir + "/item_index2entity_id.txt").artist_to_item) {
    out.emplace(std::to_string(artist), item);
  }
  return out;
}

ItemIds music_d_item_ids(const std::string& dir) { return read_music_d_items(dir + "/itemID2entityID.txt").by_item_id; }

// A loader whose data set's keys are `Options`.
template <class Options>
KgLoader make_loader(std::function<LoadedKg(const config::DataConfig&, const Options&, uint64_t)> load) {
  KgLoader l;
  l.options_type = &typeid(Options);
  l.common = [](const config::ComponentOptions& o) -> const KgDataConfig& { return o.as<Options>(); };
  l.load = [load](const config::DataConfig& data, uint64_t seed) { return load(data, data.options.as<Options>(), seed); };
  return l;
}

// A loader of KG data read from files: its interactions and graph, then the modalities data.modalities names
// (files in the data set's folder, keyed by the item IDs the loader gives, or built-in sources).
template <class Options>
KgLoader file_loader(const std::string& dataset,
                     std::function<KgcnRaw(const std::string&, double, uint64_t, NegativeSampling)> load,
                     std::function<ItemIds(const std::string&)> item_ids) {
  return make_loader<Options>([=](const config::DataConfig& data, const Options& options, uint64_t seed) {
    std::string how;
    const std::string root = resolve_data_root(data.root, &how);
    LoadedKg out;
    out.folder = require_dataset(root, how, dataset);
    out.raw = load(out.folder, options.rating_threshold, derive_seed(seed, "negatives"),
                   parse_negative_sampling(options.negatives));
    if (!options.modalities.empty()) {
      out.modalities = load_kg_modalities(data, options, out.folder, item_ids(out.folder), root, how);
    }
    return out;
  });
}

SyntheticOptions synthetic_options(const SyntheticConfig& c) {
  SyntheticOptions o;
  o.users = c.users, o.items = c.items, o.attributes = c.attributes, o.relations = c.relations;
  o.links_per_item = c.links_per_item, o.latent = c.latent, o.modal_width = c.modal_width;
  o.positives_per_user = c.positives_per_user, o.graph_share = c.graph_share, o.modal_shares = c.modal_shares;
  o.feature_noise = c.feature_noise, o.modal_missing = c.modal_missing;
  return o;
}

// The generated KG: nothing to read; its modalities come with it.
LoadedKg generate(const config::DataConfig&, const SyntheticKgConfig& options, uint64_t) {
  auto data = generate_synthetic_kg(synthetic_options(options.synthetic), static_cast<uint64_t>(options.synthetic.seed),
                                    parse_negative_sampling(options.negatives));
  LoadedKg out;
  out.folder = "(generated)";
  out.raw = std::move(data.raw);
  out.modalities = std::move(data.modalities);
  return out;
}

}  // namespace

const Registry<KgLoader>& kg_loaders() {
  static const Registry<KgLoader> r = [] {
    Registry<KgLoader> reg("KG loader");
    reg.add("kgcn-lastfm", file_loader<LastfmDataConfig>("kgcn-lastfm", load_kgcn_lastfm, lastfm_item_ids));
    reg.add("mkgcn-music-d", file_loader<KgFileConfig>("mkgcn-music-d", load_mkgcn_music_d, music_d_item_ids));
    reg.add("synthetic-kg", make_loader<SyntheticKgConfig>(generate));
    std::map<std::string, const std::type_info*> types;
    for (const auto& [name, loader] : reg.entries()) types[name] = loader.options_type;
    expect_loader_options(types);
    return reg;
  }();
  return r;
}

namespace {

std::string modality_summary(const std::vector<ModalityTable>& modalities) {
  std::string out;
  for (const auto& t : modalities) {
    int64_t present = 0;
    for (auto p : t.present) present += p;
    out += (out.empty() ? "; modalities: " : ", ") + t.name + " (width " + std::to_string(t.width) + ", " +
           std::to_string(present) + " of " + std::to_string(t.present.size()) + " items)";
  }
  return out;
}

}  // namespace

std::string KgDataset::summary() const {
  return name + " (" + negatives + " negatives): " + std::to_string(interactions.n_user) + " users, " +
         std::to_string(interactions.n_item) +
         " items, " + std::to_string(interactions.size()) + " interactions (" +
         std::to_string(interactions.positives()) + " positive), " + std::to_string(kg.n_entity) + " entities, " +
         std::to_string(kg.n_relation) + " relations, " + std::to_string(kg.triples.size()) + " triples; split " +
         std::to_string(split.train.size()) + "/" + std::to_string(split.eval.size()) + "/" +
         std::to_string(split.test.size()) + modality_summary(modalities);
}

KgDataset load_kg_dataset(const config::DataConfig& data, uint64_t seed) {
  const KgLoader& loader = kg_loaders().at(dataset_registry().at(data.dataset).loader);
  const KgDataConfig& options = loader.common(data.options);
  KgDataset ds;
  ds.name = data.dataset;
  ds.negatives = options.negatives;
  auto loaded = loader.load(data, seed);
  ds.folder = std::move(loaded.folder);
  ds.modalities = std::move(loaded.modalities);
  ds.interactions = std::move(loaded.raw.interactions);
  ds.kg = std::move(loaded.raw.kg);
  ds.split = random_split(static_cast<int64_t>(ds.interactions.size()), options.split, derive_seed(seed, "split"));
  ds.neighbors = sample_neighbors(ds.kg, options.neighbor_sample_size, derive_seed(seed, "neighbors"));
  return ds;
}

}  // namespace emorec::data
