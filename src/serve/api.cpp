#include "serve/api.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <sstream>

#include "app/playlist_export.h"
#include "app/policies.h"
#include "app/recommender.h"
#include "core/error.h"
#include "core/log.h"
#include "data/fer/fer2013.h"
#include "data/fer/fer_dataset.h"
#include "face/face_detector.h"
#include "image/photo.h"
#include "run/prediction_json.h"

namespace emorec::serve {
namespace {

using nlohmann::json;

ApiResponse json_response(const json& body, int status = 200) {
  ApiResponse r;
  r.status = status;
  // Messages can quote what a client sent; bytes that are not UTF-8 are replaced, never a reason to fail.
  r.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  return r;
}

}  // namespace

ApiResponse error_response(int status, const std::string& message, const std::string& field) {
  json e{{"status", status}, {"message", message}};
  e["field"] = field.empty() ? json() : json(field);
  return json_response({{"error", e}}, status);
}

Api::Api(const ServeOptions& options) : options_(options), started_(std::chrono::steady_clock::now()) {
  if (options_.fer_run.empty()) throw ConfigError("serve: --fer-run RUN is required");
  if (!face::face_detectors().contains(options_.faces.detector)) {
    throw ConfigError("serve: unknown detector " + options_.faces.detector);
  }
  classifier_ = std::make_unique<run::EmotionClassifier>(options_.fer_run, "best");
  catalogue_path_ =
      options_.catalogue.empty() ? data::resolve_cache_dir("") + "/catalogue.tsv" : options_.catalogue;
  if (!std::filesystem::is_regular_file(catalogue_path_)) {
    throw DataError(catalogue_path_ + ": no catalogue; build one with `emorec catalogue build --run MOOD_RUN`");
  }
  catalogue_ = app::read_catalogue(catalogue_path_);
  config_ = app::load_app_config(options_.app_config, options_.sets);
  for (const auto& name : app::policy_registry().names()) {
    auto sets = options_.sets;
    sets.push_back("policy.name=" + name);
    policies_.emplace(name, name == config_.policy.name ? config_ : app::load_app_config(options_.app_config, sets));
  }
  if (!options_.kg_run.empty()) taste_ = std::make_unique<app::TasteScorer>(options_.kg_run);
}

Api::~Api() = default;

ApiResponse Api::guarded(const std::function<ApiResponse()>& handler) {
  ++requests_;
  ApiResponse r;
  try {
    r = handler();
  } catch (const HttpError& e) {
    r = error_response(e.status(), e.what(), e.field());
  } catch (const run::NoFaceError& e) {
    r = error_response(422, e.what(), "image");
  } catch (const image::PhotoTooLargeError& e) {
    r = error_response(413, e.what(), "image");
  } catch (const DataError& e) {
    r = error_response(400, e.what(), "image");
  } catch (const ConfigError& e) {
    r = error_response(400, e.what());
  } catch (const std::exception& e) {
    log_warn(std::string("server: internal error: ") + e.what());
    r = error_response(500, std::string("internal error: ") + e.what());
  }
  if (r.status >= 400) ++errors_;
  return r;
}

ApiResponse Api::health() const {
  json policies = json::array();
  for (const auto& name : app::policy_registry().names()) policies.push_back(name);
  const double uptime =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  return json_response({{"status", "ok"},
                        {"fer_run", options_.fer_run},
                        {"epoch", classifier_->epoch()},
                        {"detector", options_.faces.detector},
                        {"emotions", data::fer_class_names()},
                        {"catalogue", {{"path", catalogue_path_}, {"tracks", catalogue_.tracks.size()}}},
                        {"policies", policies},
                        {"policy", config_.policy.name},
                        {"kg_run", taste_ ? json(options_.kg_run) : json()},
                        {"users", taste_ ? taste_->user_ids().size() : size_t{0}},
                        {"max_upload_bytes", options_.max_upload_bytes},
                        {"max_k", options_.max_k},
                        {"uptime_s", uptime},
                        {"requests", requests_.load()},
                        {"errors", errors_.load()}});
}

ApiResponse Api::users() const {
  return json_response({{"users", taste_ ? taste_->user_ids() : std::vector<int64_t>{}}});
}

json Api::analyze_image(const std::string& bytes) {
  const auto photo = image::decode_photo(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), "image",
                                         options_.faces.max_pixels);
  std::unique_ptr<face::FaceDetector> detector;
  {
    std::lock_guard<std::mutex> lock(detectors_mutex_);
    if (!detectors_.empty()) {
      detector = std::move(detectors_.back());
      detectors_.pop_back();
    }
  }
  if (!detector) detector = face::face_detectors().at(options_.faces.detector).make(options_.faces.detection);
  struct GiveBack {
    Api* api;
    std::unique_ptr<face::FaceDetector>& d;
    ~GiveBack() {
      std::lock_guard<std::mutex> lock(api->detectors_mutex_);
      api->detectors_.push_back(std::move(d));
    }
  } give_back{this, detector};
  const auto p = run::predict_faces(*classifier_, *detector, photo, "image", options_.faces);
  auto out = run::photo_json(p);
  out["detector"] = options_.faces.detector;
  out["epoch"] = classifier_->epoch();
  return out;
}

ApiResponse Api::analyze(const ApiRequest& request) {
  request_fields(request, {});
  check_image(request);
  return json_response(analyze_image(*request.image));
}

ApiResponse Api::recommend(const ApiRequest& request) {
  const auto q = read_recommend_query(request, options_.max_k);
  const std::string policy = q.policy.empty() ? config_.policy.name : q.policy;
  const auto chosen = policies_.find(policy);
  if (chosen == policies_.end()) {
    std::string known;
    for (const auto& [name, c] : policies_) known += (known.empty() ? "" : ", ") + name;
    throw HttpError(400, "policy", "policy '" + policy.substr(0, 40) + "': unknown (known: " + known + ")");
  }
  json faces;
  std::array<double, 7> probs{};
  if (q.from_image) {
    faces = analyze_image(*request.image);
    const auto& names = data::fer_class_names();
    for (size_t k = 0; k < 7; ++k) probs[k] = faces["faces"][0]["probabilities"][names[k]].get<double>();
  } else {
    probs = *q.probabilities;
  }
  const int64_t k = q.k, user = q.user;
  const std::string& format = q.format;
  const auto& config = chosen->second;
  std::unique_ptr<app::ListenerTaste> taste;
  app::PersonalScores personal;
  if (user >= 0) {
    if (!taste_) throw HttpError(400, "user", "user: this server was started without --kg-run, so it knows no users");
    const auto& ids = taste_->user_ids();
    if (std::find(ids.begin(), ids.end(), user) == ids.end()) {
      throw HttpError(404, "user", "user " + std::to_string(user) + ": not a Last.FM user of " + options_.kg_run);
    }
    taste = std::make_unique<app::ListenerTaste>(taste_->taste(user));
    personal = app::join_taste(*taste, catalogue_);
  }
  const auto r = app::recommend(catalogue_, config, probs, k, taste ? &personal.track : nullptr);
  if (format != "json") {
    ApiResponse out;
    std::ostringstream text;
    if (format == "m3u") {
      app::write_m3u(text, catalogue_, r);
      out.content_type = "audio/x-mpegurl";
      out.filename = "emorec-playlist.m3u";
    } else {
      app::write_csv(text, catalogue_, r);
      out.content_type = "text/csv";
      out.filename = "emorec-playlist.csv";
    }
    out.body = text.str();
    return out;
  }
  auto out = app::recommendation_json(catalogue_, r, probs, config.policy.name, taste.get(),
                                      taste ? &personal : nullptr);
  if (!faces.is_null()) out["photo"] = faces;
  out["catalogue"] = {{"path", catalogue_path_}, {"tracks", catalogue_.tracks.size()}};
  return json_response(out);
}

}  // namespace emorec::serve
