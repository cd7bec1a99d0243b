// The crowd's moods: Last.FM users' tags on artists (hetrec2011-lastfm-2k), a signal independent of the mood
// classifier and of Spotify's audio features. A config (configs/crowd/moods.yaml) lists, for each mood of
// the catalogue, the tags that name it; an artist carries a mood when users gave it that mood's tags at least
// `min_taggings` times. Tags and names are compared after normalize_name ("Chill-out" is "chill out").
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "config/visitor.h"

namespace emorec::app {

struct CrowdMoodConfig {
  std::string source;                                     // where the word lists come from
  std::map<std::string, std::vector<std::string>> words;  // mood -> tags naming it
  int64_t min_taggings = 1;
  int64_t bootstrap = 1000;  // resamples of artists for the AUCs' confidence intervals
  int64_t seed = 1;
  std::vector<int64_t> top_k = {20};  // list lengths whose crowd-mood make-up is reported
  void visit(config::ConfigVisitor& v);
};

// Reads `path` with `--set`-style overrides; ConfigError naming file:line:key.
CrowdMoodConfig load_crowd_mood_config(const std::string& path,
                                       const std::vector<std::string>& overrides = {});

// The tags of hetrec2011-lastfm-2k's artists.
struct CrowdTags {
  std::unordered_map<std::string, int64_t>
      artist_by_name;  // normalised name -> artist ID; -1: two artists share it
  std::unordered_map<int64_t, std::unordered_map<std::string, int64_t>>
      taggings;  // artist -> normalised tag -> times
};

// `dir`: the hetrec2011-lastfm-2k folder (artists.dat, tags.dat in latin-1, user_taggedartists.dat).
// DataError naming file and line for a malformed row or a tag ID that tags.dat does not define.
CrowdTags read_crowd_tags(const std::string& dir);

// An artist's moods, one flag per mood of `moods` (in order), by the config's word lists.
std::vector<char> crowd_moods_of(const std::unordered_map<std::string, int64_t>& taggings,
                                 const std::vector<std::string>& moods, const CrowdMoodConfig& config);

}  // namespace emorec::app
