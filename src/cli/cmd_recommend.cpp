// emorec recommend (--emotion NAME | --probs p1,...,p7 | (--image PHOTO | --video FILE) --fer-run RUN
//                  [--detector NAME ...])
//                  [--user ID --kg-run RUN]
//                  [--policy NAME] [-k N] [--catalogue FILE] [--config FILE] [--set k=v ...] [--json]
//                  [--m3u FILE] [--csv FILE]
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "app/app_config.h"
#include "app/catalogue.h"
#include "app/emotion_input.h"
#include "app/personal_scores.h"
#include "app/playlist_export.h"
#include "app/policies.h"
#include "app/recommender.h"
#include "cli/commands.h"
#include "cli/face_options.h"
#include "core/atomic_file.h"
#include "core/error.h"
#include "data/fer/fer2013.h"
#include "data/fer/fer_dataset.h"
#include "run/predict_emotion.h"
#include "run/predict_video.h"

namespace emorec::cli {
namespace {

// --emotion or --probs, the option named in the error.
std::array<double, 7> probabilities_of(const std::string& emotion, const std::string& probs) {
  try {
    return emotion.empty() ? app::parse_probabilities(probs) : app::emotion_one_hot(emotion);
  } catch (const ConfigError& e) {
    throw ConfigError((emotion.empty() ? "--probs " + probs : "--emotion " + emotion) + ": " + e.what());
  }
}

}  // namespace

Command add_recommend(CLI::App& app) {
  struct Args {
    std::string emotion, probs, image, video, fer_run, kg_run, policy, catalogue, config = "configs/app/default.yaml", m3u, csv;
    std::vector<std::string> sets;
    run::FaceOptions faces;
    int64_t k = 20, user = -1;
    bool json = false;
  };
  auto args = std::make_shared<Args>();
  auto* sub = app.add_subcommand("recommend", "songs for an emotion from the mood-labelled catalogue, with reasons");
  auto* e = sub->add_option("--emotion", args->emotion, "angry, disgust, fear, happy, sad, surprise or neutral");
  auto* p = sub->add_option("--probs", args->probs, "7 emotion probabilities, FER order, e.g. 0,0,0,0.2,0.8,0,0");
  auto* i = sub->add_option("--image", args->image, "a face photo: the emotion comes from --fer-run");
  auto* v = sub->add_option("--video", args->video, "a video: the mean emotion of its frames, from --fer-run");
  sub->add_option("--fer-run", args->fer_run, "run folder of a fer/ model (with --image)");
  add_face_options(sub, &args->faces);
  e->excludes(p)->excludes(i)->excludes(v);
  p->excludes(i)->excludes(v);
  i->excludes(v);
  sub->add_option("--user", args->user, "a Last.FM user ID: adds their personal score from --kg-run")
      ->check(CLI::NonNegativeNumber);
  sub->add_option("--kg-run", args->kg_run, "run folder of a KG model trained on kgcn-lastfm (with --user)");
  sub->add_option("--policy", args->policy, "match, lift or iso (default: the config's)");
  sub->add_option("-k", args->k, "tracks in the list")->check(CLI::Range(1, 1000));
  sub->add_option("--catalogue", args->catalogue,
                  "catalogue file from `emorec catalogue build` (default: $EMOREC_CACHE or .cache/emorec, /catalogue.tsv)");
  sub->add_option("--config", args->config, "app config (configs/app/*.yaml)");
  sub->add_option("--set", args->sets, "override an app config key, e.g. --set ranking.artist_cap=1");
  sub->add_flag("--json", args->json, "print the list as JSON");
  sub->add_option("--m3u", args->m3u, "also write the list as an M3U playlist (Spotify URIs)");
  sub->add_option("--csv", args->csv, "also write the list as CSV");
  return [args] {
    if (args->emotion.empty() && args->probs.empty() && args->image.empty() && args->video.empty()) {
      throw ConfigError("recommend: give --emotion, --probs, --image or --video (with --fer-run)");
    }
    if ((!args->image.empty() || !args->video.empty()) && args->fer_run.empty()) {
      throw ConfigError("--image and --video need --fer-run RUN");
    }
    if ((args->user >= 0) != !args->kg_run.empty()) throw ConfigError("--user ID and --kg-run RUN go together");
    if (!args->policy.empty() && !app::policy_registry().contains(args->policy)) {
      std::string known;
      for (const auto& n : app::policy_registry().names()) known += (known.empty() ? "" : ", ") + n;
      throw ConfigError("--policy " + args->policy + ": unknown policy (known: " + known + ")");
    }
    std::array<double, 7> probs{};
    if (!args->image.empty()) {
      const auto pred = run::predict_emotion(args->fer_run, args->image, "best", args->faces);
      for (size_t k = 0; k < 7; ++k) probs[k] = pred.probabilities[k];
    } else if (!args->video.empty()) {
      run::EmotionClassifier classifier(args->fer_run, "best");
      probs = run::predict_video(classifier, args->video, args->faces, {}).mean;
    } else {
      probs = probabilities_of(args->emotion, args->probs);
    }
    const std::string path =
        args->catalogue.empty() ? data::resolve_cache_dir("") + "/catalogue.tsv" : args->catalogue;
    if (!std::filesystem::is_regular_file(path)) {
      throw DataError(path + ": no catalogue; build one with `emorec catalogue build --run MOOD_RUN`");
    }
    auto sets = args->sets;
    if (!args->policy.empty()) sets.push_back("policy.name=" + args->policy);
    const auto config = app::load_app_config(args->config, sets);
    const auto c = app::read_catalogue(path);
    std::unique_ptr<app::ListenerTaste> taste;
    app::PersonalScores personal;
    if (args->user >= 0) {
      taste = std::make_unique<app::ListenerTaste>(app::listener_taste(args->kg_run, args->user));
      personal = app::join_taste(*taste, c);
    }
    const auto r = app::recommend(c, config, probs, args->k, taste ? &personal.track : nullptr);
    if (!args->m3u.empty()) write_file_atomic(args->m3u, [&](std::ostream& out) { app::write_m3u(out, c, r); });
    if (!args->csv.empty()) write_file_atomic(args->csv, [&](std::ostream& out) { app::write_csv(out, c, r); });
    if (args->json) {
      auto out = app::recommendation_json(c, r, probs, config.policy.name, taste.get(), taste ? &personal : nullptr);
      out["catalogue"] = {{"path", path}, {"tracks", c.tracks.size()}};  // as the server answers
      std::cout << out.dump(2) << "\n";
      return 0;
    }
    std::printf("listener at valence %.2f, arousal %.2f; policy %s; %zu target(s); catalogue %s (%zu tracks)\n",
                r.listener.valence, r.listener.arousal, config.policy.name.c_str(), r.targets.size(), path.c_str(),
                c.tracks.size());
    if (taste) {
      std::printf("Last.FM user %lld, scored by %s (epoch %lld): %lld of %lld catalogue artists matched by name "
                  "(%lld tracks; ambiguous names, left unscored: %lld)\n",
                  static_cast<long long>(taste->user_id), taste->run.c_str(), static_cast<long long>(taste->epoch),
                  static_cast<long long>(personal.matched_artists), static_cast<long long>(personal.catalogue_artists),
                  static_cast<long long>(personal.matched_tracks), static_cast<long long>(personal.ambiguous_artists));
    }
    std::printf("%4s  %-34s %-22s %-9s %5s %5s %7s  parts (%s)\n", "rank", "track", "artist", "mood", "val", "energy",
                "score", taste ? "distance, mood, personal, diversity" : "distance, mood, diversity");
    for (const auto& it : r.items) {
      const auto& t = c.tracks[it.track];
      std::string parts;
      for (const auto& part : it.parts) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%s%+.3f", parts.empty() ? "" : " ", part.contribution);
        parts += buf;
      }
      std::printf("%4lld  %-34.34s %-22.22s %-9s %5.2f %5.2f %7.3f  %s%s\n", static_cast<long long>(it.rank),
                  t.title.c_str(), t.artist.c_str(), c.moods[static_cast<size_t>(t.mood)].c_str(), t.valence, t.energy,
                  it.score, parts.c_str(),
                  r.targets.size() > 1 ? ("  (target " + std::to_string(it.target + 1) + ")").c_str() : "");
    }
    return 0;
  };
}

}  // namespace emorec::cli
