// A known Last.FM listener's taste, for `recommend --user`: a KG run trained on kgcn-lastfm (KGCN, MKGCN or a
// baseline) scores every artist of its graph for the listener (the model's probability that the listener
// likes the artist, at the run's best checkpoint); artists are named by hetrec2011-lastfm-2k's artists.dat
// (the graph keys its items by those artist IDs) and joined to the catalogue by normalised artist name. A
// catalogue artist with no match, or whose name matches two graph artists, gets no personal score: never a
// made-up one.
#pragma once
#include <memory>
#include <cstdint>
#include <string>
#include <vector>

#include "app/catalogue.h"

namespace emorec::app {

struct ListenerTaste {
  std::string run;
  int64_t user_id = 0;              // the Last.FM user ID
  int64_t epoch = 0;                // of the checkpoint that scored
  std::vector<std::string> names;   // per item of the graph: the artist's name
  std::vector<double> probability;  // per item: the model's probability that the listener likes the artist
};

// A KG run on kgcn-lastfm loaded once (data set, model at its best checkpoint, artist names), to score any of
// its listeners (the server keeps one). Throws ConfigError when `run_dir` is not a KG run on kgcn-lastfm,
// DataError when artists.dat is missing or malformed, RunError for an unreadable checkpoint.
class TasteScorer {
 public:
  explicit TasteScorer(const std::string& run_dir);
  ~TasteScorer();
  // ConfigError when `user_id` is not one of the run's users. Safe to call from several threads at once.
  ListenerTaste taste(int64_t user_id);
  // The Last.FM user IDs the run knows, in its own order.
  const std::vector<int64_t>& user_ids() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// TasteScorer(run_dir).taste(user_id).
ListenerTaste listener_taste(const std::string& run_dir, int64_t user_id);

struct PersonalScores {
  std::vector<double> track;      // per catalogue track: its artist's probability; NaN when not matched
  int64_t catalogue_artists = 0;  // distinct normalised artist names in the catalogue
  int64_t matched_artists = 0;    // of those, matched to exactly one artist of the graph
  int64_t ambiguous_artists = 0;  // matched to several artists of the graph (no score)
  int64_t matched_tracks = 0;
};

PersonalScores join_taste(const ListenerTaste& taste, const Catalogue& c);

}  // namespace emorec::app
