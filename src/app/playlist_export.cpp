#include "app/playlist_export.h"

#include <cmath>

#include "run/prediction_json.h"

namespace emorec::app {

nlohmann::json items_json(const Catalogue& c, const RecommendResult& r) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& it : r.items) {
    const auto& t = c.tracks[it.track];
    nlohmann::json parts = nlohmann::json::object();
    for (const auto& part : it.parts) {
      parts[part.name] = {{"value", std::isfinite(part.value) ? nlohmann::json(part.value) : nlohmann::json()},
                          {"contribution", part.contribution}};
    }
    items.push_back({{"rank", it.rank}, {"title", t.title}, {"artist", t.artist}, {"uri", t.uri},
                     {"mood", c.moods[static_cast<size_t>(t.mood)]}, {"valence", t.valence}, {"energy", t.energy},
                     {"score", it.score}, {"target", it.target}, {"parts", parts}});
  }
  return items;
}

nlohmann::json recommendation_json(const Catalogue& c, const RecommendResult& r, const std::array<double, 7>& emotions,
                                   const std::string& policy, const ListenerTaste* taste,
                                   const PersonalScores* personal) {
  nlohmann::json targets = nlohmann::json::array();
  for (const auto& t : r.targets) targets.push_back({{"valence", t.valence}, {"arousal", t.arousal}});
  nlohmann::json out{{"emotions", run::probabilities_json(emotions)},
                     {"listener", {{"valence", r.listener.valence}, {"arousal", r.listener.arousal}}},
                     {"policy", policy},
                     {"targets", targets},
                     {"items", items_json(c, r)}};
  if (taste && personal) {
    out["user"] = {{"id", taste->user_id},
                   {"kg_run", taste->run},
                   {"epoch", taste->epoch},
                   {"catalogue_artists", personal->catalogue_artists},
                   {"matched_artists", personal->matched_artists},
                   {"ambiguous_artists", personal->ambiguous_artists},
                   {"matched_tracks", personal->matched_tracks}};
  }
  return out;
}

void write_m3u(std::ostream& out, const Catalogue& c, const RecommendResult& r) {
  out << "#EXTM3U\n";
  for (const auto& it : r.items) {
    const auto& t = c.tracks[it.track];
    out << "#EXTINF:-1," << t.artist << " - " << t.title << "\n" << t.uri << "\n";
  }
}

void write_csv(std::ostream& out, const Catalogue& c, const RecommendResult& r) {
  out << "rank,title,artist,uri,mood,valence,energy,score\n";
  const auto q = [](const std::string& s) {
    std::string o = "\"";
    for (char ch : s) o += ch == '"' ? std::string("\"\"") : std::string(1, ch);
    return o + "\"";
  };
  for (const auto& it : r.items) {
    const auto& t = c.tracks[it.track];
    out << it.rank << "," << q(t.title) << "," << q(t.artist) << "," << t.uri << ","
        << c.moods[static_cast<size_t>(t.mood)] << "," << t.valence << "," << t.energy << "," << it.score << "\n";
  }
}

}  // namespace emorec::app
