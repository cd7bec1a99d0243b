// Scoring, diversifying and capping the recommendation list.
#include "app/recommender.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>

#include "app/policies.h"

namespace emorec::app {
namespace {

// The value at quantile u of sorted values (linear interpolation between order statistics, numpy's default).
double quantile(const std::vector<double>& sorted, double u) {
  if (sorted.empty()) return 0;
  const double pos = std::clamp(u, 0.0, 1.0) * static_cast<double>(sorted.size() - 1);
  const auto lo = static_cast<size_t>(std::floor(pos));
  const size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (pos - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

double dist(double v1, double e1, double v2, double e2) {
  const double dv = v1 - v2, de = e1 - e2;
  return std::sqrt(dv * dv + de * de);
}

}  // namespace

Affect emotion_point(const AppConfig& config, const std::array<double, 7>& p) {
  double total = 0;
  for (double x : p) {
    if (!(x >= 0) || !std::isfinite(x)) throw std::invalid_argument("emotion probabilities must be finite and >= 0");
    total += x;
  }
  if (std::abs(total - 1) > 1e-3) {
    throw std::invalid_argument("emotion probabilities must sum to 1, got " + std::to_string(total));
  }
  Affect a{0, 0};
  for (size_t k = 0; k < p.size(); ++k) {
    a.valence += p[k] / total * config.emotions[k].valence;
    a.arousal += p[k] / total * config.emotions[k].arousal;
  }
  return a;
}

RecommendResult recommend(const Catalogue& c, const AppConfig& config, const std::array<double, 7>& probabilities,
                          int64_t k, const std::vector<double>* personal) {
  RecommendResult out;
  out.listener = emotion_point(config, probabilities);
  const auto& policy = policy_registry().at(config.policy.name);
  out.targets = policy.targets(config.policy.options, out.listener);
  if (c.tracks.empty() || k <= 0) return out;
  // The columns the scoring reads, gathered once (the tracks' records are large and scattered); the
  // catalogue's quantiles place the targets, and mood centroids say which moods lie near a target.
  const size_t n = c.tracks.size(), moods = c.moods.size();
  if (c.valence_sorted.size() != n || c.energy_sorted.size() != n) {
    throw std::invalid_argument("recommend: the catalogue's axes are not sorted (sort_catalogue_axes)");
  }
  if (personal && personal->size() != n) {
    throw std::invalid_argument("recommend: " + std::to_string(personal->size()) + " personal scores for " +
                                std::to_string(n) + " tracks");
  }
  std::vector<double> vz(n), ez(n), probs(n * moods);
  for (size_t i = 0; i < n; ++i) {
    const auto& t = c.tracks[i];
    vz[i] = t.valence_z, ez[i] = t.energy_z;
    std::copy(t.mood_probs.begin(), t.mood_probs.end(), probs.begin() + static_cast<std::ptrdiff_t>(i * moods));
  }
  std::vector<double> cv(moods, 0), ce(moods, 0), cw(moods, 0);
  for (size_t i = 0; i < n; ++i) {
    for (size_t m = 0; m < moods; ++m) {
      const double p = probs[i * moods + m];
      cv[m] += p * vz[i], ce[m] += p * ez[i], cw[m] += p;
    }
  }
  for (size_t m = 0; m < moods; ++m) {
    if (cw[m] > 0) cv[m] /= cw[m], ce[m] /= cw[m];
  }
  const auto& r = config.ranking;
  const size_t n_targets = out.targets.size();
  std::map<std::string, int64_t> per_artist;
  std::vector<char> taken(n, 0);
  for (size_t ti = 0; ti < n_targets; ++ti) {
    const auto& target = out.targets[ti];
    const double tv = (quantile(c.valence_sorted, target.valence) - c.valence_mean) / c.valence_sd;
    const double te = (quantile(c.energy_sorted, target.arousal) - c.energy_mean) / c.energy_sd;
    out.planted.emplace_back(tv, te);
    std::vector<double> q(moods);
    double qsum = 0;
    for (size_t m = 0; m < moods; ++m) {
      const double d = dist(tv, te, cv[m], ce[m]);
      q[m] = std::exp(-d * d), qsum += q[m];
    }
    for (auto& x : q) x /= qsum;
    out.target_moods.push_back(q);
    // Relevance of every track not yet chosen, then the best `pool` of them.
    struct Cand {
      size_t i;
      double d, mood, personal, score;
    };
    std::vector<Cand> cands;
    cands.reserve(n);
    for (size_t i = 0; i < n; ++i) {
      if (taken[i]) continue;
      const double d = dist(vz[i], ez[i], tv, te);
      double mood = 0;
      for (size_t m = 0; m < moods; ++m) mood += q[m] * probs[i * moods + m];
      const double p = personal ? (*personal)[i] : std::numeric_limits<double>::quiet_NaN();
      const double lift = std::isfinite(p) ? r.personal_weight * (p - 0.5) : 0.0;
      cands.push_back({i, d, mood, p, -r.distance_weight * d + r.mood_weight * mood + lift});
    }
    const auto pool = std::min(cands.size(), static_cast<size_t>(r.pool));
    const auto better = [](const Cand& a, const Cand& b) {
      return a.score > b.score || (a.score == b.score && a.i < b.i);
    };
    std::nth_element(cands.begin(), cands.begin() + static_cast<std::ptrdiff_t>(pool), cands.end(), better);
    cands.resize(pool);
    std::sort(cands.begin(), cands.end(), better);
    // This target's share of the k rows, in order.
    const auto nt = static_cast<int64_t>(n_targets);
    const int64_t share = k / nt + (static_cast<int64_t>(ti) < k % nt ? 1 : 0);
    // Maximal marginal relevance over the pool: each candidate's highest similarity to the tracks chosen for
    // this target, updated as each is chosen; artists by normalised name, counted over the whole list.
    std::vector<double> sim(cands.size(), 0.0);
    std::vector<std::string> artist(cands.size());
    for (size_t j = 0; j < cands.size(); ++j) artist[j] = normalize_name(c.tracks[cands[j].i].artist);
    for (int64_t pick = 0; pick < share; ++pick) {
      int best = -1;
      double best_value = -std::numeric_limits<double>::infinity();
      for (size_t j = 0; j < cands.size(); ++j) {
        if (taken[cands[j].i]) continue;
        const auto a = per_artist.find(artist[j]);
        if (a != per_artist.end() && a->second >= r.artist_cap) continue;
        const double value = r.mmr_lambda * cands[j].score - (1 - r.mmr_lambda) * sim[j];
        if (value > best_value) best_value = value, best = static_cast<int>(j);
      }
      if (best < 0) break;  // every candidate taken or capped
      const auto& cand = cands[static_cast<size_t>(best)];
      const auto& chosen = c.tracks[cand.i];
      taken[cand.i] = 1;
      ++per_artist[artist[static_cast<size_t>(best)]];
      Recommendation rec;
      rec.rank = static_cast<int64_t>(out.items.size()) + 1;
      rec.track = cand.i;
      rec.target = static_cast<int>(ti);
      rec.score = cand.score;
      const double s_best = sim[static_cast<size_t>(best)];
      rec.parts = {{"distance", cand.d, -r.distance_weight * cand.d}, {"mood", cand.mood, r.mood_weight * cand.mood}};
      if (personal) {
        const double lift = std::isfinite(cand.personal) ? r.personal_weight * (cand.personal - 0.5) : 0.0;
        rec.parts.push_back({"personal", cand.personal, lift});
      }
      rec.parts.push_back({"diversity", s_best, -(1 - r.mmr_lambda) * s_best});
      out.items.push_back(std::move(rec));
      for (size_t j = 0; j < cands.size(); ++j) {
        const double d = dist(vz[cands[j].i], ez[cands[j].i], chosen.valence_z, chosen.energy_z);
        sim[j] = std::max(sim[j], std::exp(-d * d / 0.01));  // 1 at the same point, near 0 beyond 0.2 sd apart
      }
    }
  }
  return out;
}

}  // namespace emorec::app
