// A recommended list as the outside world reads it: JSON (`recommend --json` and the server's
// /api/recommend), an M3U playlist of Spotify URIs, and CSV. One writer per format, shared by the CLI and the
// server, so a list downloaded from the page is the file the command line writes.
#pragma once
#include <array>
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

#include "app/catalogue.h"
#include "app/personal_scores.h"
#include "app/recommender.h"

namespace emorec::app {

// {"rank", "title", "artist", "uri", "mood", "valence", "energy", "score", "target", "parts": {name: {"value",
// "contribution"}}} per item (a value the track does not have is null).
nlohmann::json items_json(const Catalogue& c, const RecommendResult& r);

// The whole answer: "emotions" (the 7 probabilities), "listener", "policy", "targets", "items"; with a known
// listener also "user" (ID, run, epoch and the name-match counts).
nlohmann::json recommendation_json(const Catalogue& c, const RecommendResult& r, const std::array<double, 7>& emotions,
                                   const std::string& policy, const ListenerTaste* taste,
                                   const PersonalScores* personal);

void write_m3u(std::ostream& out, const Catalogue& c, const RecommendResult& r);
void write_csv(std::ostream& out, const Catalogue& c, const RecommendResult& r);

}  // namespace emorec::app
