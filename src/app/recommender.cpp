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

// The value at quantile u of sorted values (linear interpolation).
double quantile(const std::vector<double>& sorted, double u) {
  if (sorted.empty()) return 0;
  const double pos = std::clamp(u, 0.0, 1.0) * static_cast<double>(sorted.size() - 1);
  const auto lo = static_cast<size_t>(std::floor(pos));
  const size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (pos - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

double dist(double v1, double e1, double v2, double e2) { return std::hypot(v1 - v2, e1 - e2); }

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
                          int64_t k) {
  RecommendResult out;
  out.listener = emotion_point(config, probabilities);
  const auto& policy = policy_registry().at(config.policy.name);
  out.targets = policy.targets(config.policy.options, out.listener);
  if (c.tracks.empty() || k <= 0) return out;
  // The catalogue's quantiles place the targets; mood centroids say which moods lie near a target.
  std::vector<double> valence, energy;
  for (const auto& t : c.tracks) valence.push_back(t.valence), energy.push_back(t.energy);
  std::sort(valence.begin(), valence.end());
  std::sort(energy.begin(), energy.end());
  const size_t moods = c.moods.size();
  std::vector<double> cv(moods, 0), ce(moods, 0), cw(moods, 0);
  for (const auto& t : c.tracks) {
    for (size_t m = 0; m < moods; ++m) {
      cv[m] += t.mood_probs[m] * t.valence_z, ce[m] += t.mood_probs[m] * t.energy_z, cw[m] += t.mood_probs[m];
    }
  }
  for (size_t m = 0; m < moods; ++m) {
    if (cw[m] > 0) cv[m] /= cw[m], ce[m] /= cw[m];
  }
  const auto& r = config.ranking;
  const size_t n_targets = out.targets.size();
  std::map<std::string, int64_t> per_artist;
  std::vector<char> taken(c.tracks.size(), 0);
  for (size_t ti = 0; ti < n_targets; ++ti) {
    const auto& target = out.targets[ti];
    const double tv = (quantile(valence, target.valence) - c.valence_mean) / c.valence_sd;
    const double te = (quantile(energy, target.arousal) - c.energy_mean) / c.energy_sd;
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
      double d, mood, score;
    };
    std::vector<Cand> cands;
    for (size_t i = 0; i < c.tracks.size(); ++i) {
      if (taken[i]) continue;
      const auto& t = c.tracks[i];
      const double d = dist(t.valence_z, t.energy_z, tv, te);
      double mood = 0;
      for (size_t m = 0; m < moods; ++m) mood += q[m] * t.mood_probs[m];
      cands.push_back({i, d, mood, -r.distance_weight * d + r.mood_weight * mood});
    }
    const auto pool = std::min(cands.size(), static_cast<size_t>(r.pool));
    std::partial_sort(cands.begin(), cands.begin() + static_cast<std::ptrdiff_t>(pool), cands.end(),
                      [](const Cand& a, const Cand& b) { return a.score > b.score || (a.score == b.score && a.i < b.i); });
    cands.resize(pool);
    // This target's share of the k rows, in order.
    const int64_t share = k / static_cast<int64_t>(n_targets) + (static_cast<int64_t>(ti) < k % static_cast<int64_t>(n_targets) ? 1 : 0);
    std::vector<size_t> chosen;  // of this target
    for (int64_t pick = 0; pick < share; ++pick) {
      int best = -1;
      double best_value = -std::numeric_limits<double>::infinity(), best_sim = 0;
      for (size_t j = 0; j < cands.size(); ++j) {
        const auto& cand = cands[j];
        const auto& t = c.tracks[cand.i];
        if (taken[cand.i] || per_artist[normalize_name(t.artist)] >= r.artist_cap) continue;
        double sim = 0;
        for (const size_t s : chosen) {
          const auto& u = c.tracks[s];
          const double d = dist(t.valence_z, t.energy_z, u.valence_z, u.energy_z);
          sim = std::max(sim, std::exp(-d * d / 0.01));  // 1 for the same point, near 0 beyond 0.2 sd apart
        }
        const double value = r.mmr_lambda * cand.score - (1 - r.mmr_lambda) * sim;
        if (value > best_value) best_value = value, best = static_cast<int>(j), best_sim = sim;
      }
      if (best < 0) break;  // every candidate taken or capped
      const auto& cand = cands[static_cast<size_t>(best)];
      taken[cand.i] = 1;
      ++per_artist[normalize_name(c.tracks[cand.i].artist)];
      chosen.push_back(cand.i);
      Recommendation rec;
      rec.rank = static_cast<int64_t>(out.items.size()) + 1;
      rec.track = cand.i;
      rec.target = static_cast<int>(ti);
      rec.score = cand.score;
      rec.parts = {{"distance", cand.d, -r.distance_weight * cand.d},
                   {"mood", cand.mood, r.mood_weight * cand.mood},
                   {"diversity", best_sim, -(1 - r.mmr_lambda) * best_sim}};
      out.items.push_back(std::move(rec));
    }
  }
  return out;
}

}  // namespace emorec::app
