// Scoring the graph's artists for a listener and joining them to the catalogue by name.
#include "app/personal_scores.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <mutex>
#include <unordered_map>

#include "config/experiment.h"
#include "core/error.h"
#include "data/dataset_registry.h"
#include "data/kg_dataset.h"
#include "data/kgcn_lastfm.h"
#include "data/text_table.h"
#include "run/run_config.h"
#include "run/run_dir.h"
#include "train/checkpoint.h"
#include "train/kg_trainer.h"

namespace emorec::app {
namespace {

// Artist names by artist ID from hetrec2011-lastfm-2k's artists.dat.
std::unordered_map<int64_t, std::string> artist_names(const std::string& path) {
  std::unordered_map<int64_t, std::string> names;
  data::for_each_tsv_row(path,
                         {4, "id\tname\turl\tpictureURL",
                          "the file should be as released in hetrec2011-lastfm-2k; see its SOURCE.md"},
                         [&](int64_t line, const std::vector<std::string>& f) {
                           names[data::parse_index(f[0], path, line, "artist id")] = f[1];
                         });
  return names;
}

}  // namespace

struct TasteScorer::State {
  std::string run;
  config::ExperimentConfig config;
  std::unique_ptr<data::KgDataset> ds;
  std::unique_ptr<train::KgTrainer> trainer;
  int64_t epoch = 0;
  std::vector<std::string> names;  // per item
  std::mutex mutex;                // one scoring at a time
};

TasteScorer::TasteScorer(const std::string& run_dir) : state_(std::make_unique<State>()) {
  auto& s = *state_;
  s.run = run_dir;
  const auto dir = run::RunDir::open(run_dir);
  s.config = run::load_run_config(dir.file("config.yaml"));
  if (s.config.data.dataset != "kgcn-lastfm") {
    throw ConfigError(run_dir + ": a run of " + s.config.model.name + " on " + s.config.data.dataset +
                      "; --user needs a KG model trained on kgcn-lastfm (its users are Last.FM users)");
  }
  s.ds = std::make_unique<data::KgDataset>(data::load_kg_dataset(s.config.data, static_cast<uint64_t>(s.config.seed)));
  s.trainer = std::make_unique<train::KgTrainer>(s.config, *s.ds, torch::kCPU, false);
  s.epoch = train::load_checkpoint(dir.checkpoint("best"), s.trainer->model(), nullptr).epochs_done;

  // The graph's items are the artist IDs of item_index2entity_id.txt, in file order.
  const int64_t n = s.ds->interactions.n_item;
  const auto items = data::read_kgcn_lastfm_items(s.ds->folder + "/item_index2entity_id.txt");
  std::string how;
  const auto root = data::resolve_data_root(s.config.data.root, &how);
  const auto names_path = data::require_dataset(root, how, "hetrec2011-lastfm-2k") + "/artists.dat";
  const auto names = artist_names(names_path);
  s.names.assign(static_cast<size_t>(n), "");
  for (const auto& [artist, item] : items.artist_to_item) {
    const auto name = names.find(artist);
    if (name == names.end()) {
      throw DataError(names_path + ": no artist " + std::to_string(artist) + ", an item of the run's graph");
    }
    s.names[static_cast<size_t>(item)] = name->second;
  }
}

TasteScorer::~TasteScorer() = default;

const std::vector<int64_t>& TasteScorer::user_ids() const { return state_->ds->interactions.user_ids; }

ListenerTaste TasteScorer::taste(int64_t user_id) {
  auto& s = *state_;
  const auto& ids = user_ids();
  const auto at = std::find(ids.begin(), ids.end(), user_id);
  if (at == ids.end()) {
    throw ConfigError("--user " + std::to_string(user_id) + ": not a user of " + s.run + " (" +
                      std::to_string(ids.size()) +
                      " Last.FM user IDs, those with at least one listened artist of the graph)");
  }
  const int64_t user = at - ids.begin();
  ListenerTaste out;
  out.run = s.run;
  out.user_id = user_id;
  out.epoch = s.epoch;
  out.names = s.names;
  const int64_t n = s.ds->interactions.n_item;
  torch::Tensor p;
  {
    std::lock_guard<std::mutex> lock(s.mutex);
    torch::NoGradGuard no_grad;
    p = torch::sigmoid(s.trainer->score_pairs(torch::full({n}, user, torch::kLong), torch::arange(n)))
            .to(torch::kDouble)
            .contiguous();
  }
  out.probability.assign(p.data_ptr<double>(), p.data_ptr<double>() + n);
  return out;
}

ListenerTaste listener_taste(const std::string& run_dir, int64_t user_id) {
  return TasteScorer(run_dir).taste(user_id);
}

PersonalScores join_taste(const ListenerTaste& taste, const Catalogue& c) {
  // Normalised name -> item; -1 for a name that two items share.
  std::unordered_map<std::string, int64_t> by_name;
  for (size_t i = 0; i < taste.names.size(); ++i) {
    const auto [it, fresh] = by_name.emplace(normalize_name(taste.names[i]), static_cast<int64_t>(i));
    if (!fresh) it->second = -1;
  }
  PersonalScores out;
  out.track.assign(c.tracks.size(), std::numeric_limits<double>::quiet_NaN());
  std::unordered_map<std::string, int> seen;  // catalogue artist -> 0 unmatched, 1 matched, 2 ambiguous
  for (size_t t = 0; t < c.tracks.size(); ++t) {
    const auto name = normalize_name(c.tracks[t].artist);
    const auto match = by_name.find(name);
    const int kind = match == by_name.end() ? 0 : match->second < 0 ? 2 : 1;
    if (seen.emplace(name, kind).second) {
      ++out.catalogue_artists;
      out.matched_artists += kind == 1;
      out.ambiguous_artists += kind == 2;
    }
    if (kind == 1) {
      out.track[t] = taste.probability[static_cast<size_t>(match->second)];
      ++out.matched_tracks;
    }
  }
  return out;
}

}  // namespace emorec::app
