// The crowd check's statistics.
#include "app/crowd_check.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

#include "app/policies.h"
#include "app/recommender.h"
#include "core/error.h"
#include "core/rng.h"
#include "data/fer/fer2013.h"
#include "metrics/classification.h"

namespace emorec::app {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double auc_of(const std::vector<double>& score, const std::vector<char>& label,
              const std::vector<size_t>& rows) {
  std::vector<float> s, l;
  s.reserve(rows.size()), l.reserve(rows.size());
  for (size_t r : rows) s.push_back(static_cast<float>(score[r])), l.push_back(label[r] ? 1.0f : 0.0f);
  return metrics::roc_auc(s, l);
}

// The AUC and its 95% percentile interval over `resamples` bootstrap resamples of the rows.
AucInterval auc_interval(const std::vector<double>& score, const std::vector<char>& label, int64_t resamples,
                         uint64_t seed) {
  std::vector<size_t> all(score.size());
  for (size_t i = 0; i < all.size(); ++i) all[i] = i;
  AucInterval out;
  out.auc = auc_of(score, label, all);
  if (std::isnan(out.auc)) {
    out.lo = out.hi = kNaN;
    return out;
  }
  Rng rng(seed);
  std::vector<double> aucs;
  std::vector<size_t> rows(all.size());
  for (int64_t b = 0; b < resamples; ++b) {
    for (auto& r : rows) r = static_cast<size_t>(uniform_below(rng, all.size()));
    const double a = auc_of(score, label, rows);
    if (!std::isnan(a)) aucs.push_back(a);
  }
  std::sort(aucs.begin(), aucs.end());
  const auto at = [&](double q) {
    return aucs[std::min(aucs.size() - 1,
                         static_cast<size_t>(std::floor(q * static_cast<double>(aucs.size()))))];
  };
  out.lo = at(0.025), out.hi = at(0.975);
  return out;
}

}  // namespace

CrowdCheck crowd_check(const Catalogue& c, const std::string& app_config, const CrowdMoodConfig& config,
                       const CrowdTags& tags) {
  CrowdCheck out;
  out.moods = c.moods;
  const size_t moods = c.moods.size();
  for (const auto& m : c.moods) {
    const auto list = config.words.find(m);
    if (list == config.words.end() || list->second.empty()) {
      throw ConfigError("crowd moods: no words for the catalogue's mood " + m + " (words." + m + ")");
    }
  }
  // Catalogue artists by normalised name: their tracks, and their crowd moods where the name matches.
  struct Artist {
    std::vector<size_t> tracks;
    std::vector<char> crowd;  // empty: no crowd mood (unmatched, untagged or no mood tag)
  };
  std::unordered_map<std::string, size_t> index;
  std::vector<Artist> artists;
  for (size_t t = 0; t < c.tracks.size(); ++t) {
    const auto name = normalize_name(c.tracks[t].artist);
    const auto [it, fresh] = index.emplace(name, artists.size());
    if (fresh) {
      artists.emplace_back();
      const auto match = tags.artist_by_name.find(name);
      if (match != tags.artist_by_name.end() && match->second < 0) ++out.ambiguous_artists;
      if (match != tags.artist_by_name.end() && match->second >= 0) {
        ++out.matched_artists;
        const auto tagged = tags.taggings.find(match->second);
        if (tagged != tags.taggings.end()) {
          ++out.tagged_artists;
          auto flags = crowd_moods_of(tagged->second, c.moods, config);
          if (std::find(flags.begin(), flags.end(), 1) != flags.end()) {
            ++out.labelled_artists;
            artists.back().crowd = std::move(flags);
          }
        }
      }
    }
    artists[it->second].tracks.push_back(t);
  }
  out.catalogue_artists = static_cast<int64_t>(artists.size());

  // (1) Agreement over the labelled artists.
  std::vector<const Artist*> labelled;
  for (const auto& a : artists) {
    if (!a.crowd.empty()) labelled.push_back(&a);
  }
  const size_t n = labelled.size();
  std::vector<double> valence(n, 0), energy(n, 0);
  std::vector<std::vector<double>> prob(moods, std::vector<double>(n, 0));
  for (size_t i = 0; i < n; ++i) {
    const auto& a = *labelled[i];
    for (size_t t : a.tracks) {
      valence[i] += c.tracks[t].valence, energy[i] += c.tracks[t].energy;
      for (size_t m = 0; m < moods; ++m) prob[m][i] += c.tracks[t].mood_probs[m];
    }
    const auto k = static_cast<double>(a.tracks.size());
    valence[i] /= k, energy[i] /= k;
    for (size_t m = 0; m < moods; ++m) prob[m][i] /= k;
    out.labelled_tracks += static_cast<int64_t>(a.tracks.size());
  }
  out.base_rate.assign(moods, 0);
  for (size_t m = 0; m < moods; ++m) {
    MoodAgreement agree;
    agree.mood = c.moods[m];
    std::vector<char> label(n);
    for (size_t i = 0; i < n; ++i) {
      label[i] = labelled[i]->crowd[m];
      agree.artists += label[i];
      if (label[i]) out.base_rate[m] += static_cast<double>(labelled[i]->tracks.size());
    }
    out.base_rate[m] /= std::max<double>(1, static_cast<double>(out.labelled_tracks));
    const auto seed = static_cast<uint64_t>(config.seed);
    agree.probability =
        auc_interval(prob[m], label, config.bootstrap, derive_seed(seed, "crowd " + agree.mood, 0));
    agree.valence =
        auc_interval(valence, label, config.bootstrap, derive_seed(seed, "crowd " + agree.mood, 1));
    agree.energy = auc_interval(energy, label, config.bootstrap, derive_seed(seed, "crowd " + agree.mood, 2));
    out.agreement.push_back(agree);
  }

  // (2) The lists' make-up, for every emotion and policy.
  std::vector<const std::vector<char>*> crowd_of_track(c.tracks.size(), nullptr);
  for (const auto& a : artists) {
    if (a.crowd.empty()) continue;
    for (size_t t : a.tracks) crowd_of_track[t] = &a.crowd;
  }
  const auto& emotions = data::fer_class_names();
  for (const auto& policy : policy_registry().names()) {
    const auto cfg = load_app_config(app_config, {"policy.name=" + policy});
    for (size_t e = 0; e < emotions.size(); ++e) {
      std::array<double, 7> p{};
      p[e] = 1;
      for (const int64_t k : config.top_k) {
        const auto r = recommend(c, cfg, p, k);
        ListMakeup list{emotions[e], policy, k, 0, std::vector<double>(moods, 0)};
        for (const auto& it : r.items) {
          const auto* crowd = crowd_of_track[it.track];
          if (!crowd) continue;
          ++list.labelled;
          for (size_t m = 0; m < moods; ++m) list.share[m] += (*crowd)[m];
        }
        for (auto& s : list.share) s = list.labelled ? s / static_cast<double>(list.labelled) : kNaN;
        out.lists.push_back(std::move(list));
      }
    }
  }
  return out;
}

}  // namespace emorec::app
