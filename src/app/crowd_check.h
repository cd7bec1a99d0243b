// Does the music fit the emotion? An offline check against the crowd: catalogue artists matched by name to
// tagged Last.FM artists (app/crowd_moods.h), then (1) per mood, how well the mood classifier's probability,
// valence and energy (each an artist's mean over its catalogue tracks) separate the artists the crowd tagged
// with that mood from the other crowd-labelled artists (ROC AUC, 95% bootstrap interval over artists); (2)
// for each emotion x policy, the crowd-mood make-up of the recommended list against the catalogue's base
// rate.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "app/app_config.h"
#include "app/catalogue.h"
#include "app/crowd_moods.h"

namespace emorec::app {

struct AucInterval {
  double auc = 0, lo = 0, hi = 0;  // NaN when a class is empty
};

struct MoodAgreement {
  std::string mood;
  int64_t artists = 0;  // crowd-labelled artists tagged with this mood
  AucInterval probability, valence, energy;
};

struct ListMakeup {
  std::string emotion, policy;
  int64_t k = 0;
  int64_t labelled = 0;       // tracks of the list whose artist carries a crowd mood
  std::vector<double> share;  // per mood: the share of those tracks tagged with it
};

struct CrowdCheck {
  std::vector<std::string> moods;
  int64_t catalogue_artists = 0, matched_artists = 0, ambiguous_artists = 0, tagged_artists = 0,
          labelled_artists = 0;   // matched; of those, with any tag; with a mood tag
  int64_t labelled_tracks = 0;    // catalogue tracks of labelled artists
  std::vector<double> base_rate;  // per mood: share of the labelled tracks tagged with it
  std::vector<MoodAgreement> agreement;
  std::vector<ListMakeup> lists;
};

// `app_config`: the recommender's config file (each registered policy is run with its default keys).
// Throws ConfigError when a mood of the catalogue has no word list.
CrowdCheck crowd_check(const Catalogue& c, const std::string& app_config, const CrowdMoodConfig& config,
                       const CrowdTags& tags);

}  // namespace emorec::app
