#include "serve/api.h"

#include <torch/torch.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <filesystem>
#include <set>
#include <sstream>

#include "app/emotion_input.h"
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

// The fields a request may carry: from the query string, the form, or a JSON body (all as strings there).
std::map<std::string, std::string> request_fields(const ApiRequest& request, const std::set<std::string>& allowed) {
  std::map<std::string, std::string> out = request.fields;
  if (request.json) {
    if (!request.json->is_object()) throw HttpError(400, "", "the JSON body must be an object");
    for (const auto& [key, value] : request.json->items()) {
      if (value.is_string()) {
        out[key] = value.get<std::string>();
      } else if (key == "probs" && value.is_array()) {
        std::string joined;
        for (const auto& x : value) {
          if (!x.is_number()) throw HttpError(400, "probs", "probs: expected 7 numbers");
          joined += (joined.empty() ? "" : ",") + json(x.get<double>()).dump();
        }
        out[key] = joined;
      } else if (value.is_number_integer() || value.is_number_float()) {
        out[key] = value.dump();
      } else if (!value.is_null()) {
        throw HttpError(400, key, key + ": expected a string or a number");
      }
    }
  }
  for (const auto& [key, value] : out) {
    if (!allowed.count(key)) {
      std::string known;
      for (const auto& k : allowed) known += (known.empty() ? "" : ", ") + k;
      const auto shown = key.substr(0, 60);  // a client may send any name; the answer quotes a bounded part
      throw HttpError(400, shown, "unknown field '" + shown + "' (known: " + (known.empty() ? "none" : known) + ")");
    }
  }
  return out;
}

int64_t integer_field(const std::map<std::string, std::string>& f, const std::string& key, int64_t fallback,
                      int64_t lo, int64_t hi) {
  const auto it = f.find(key);
  if (it == f.end() || it->second.empty()) return fallback;
  char* end = nullptr;
  errno = 0;
  const long long v = std::strtoll(it->second.c_str(), &end, 10);
  if (*end != '\0' || errno == ERANGE || v < lo || v > hi) {
    throw HttpError(400, key, key + ": expected an integer from " + std::to_string(lo) + " to " + std::to_string(hi) +
                                  ", got '" + it->second.substr(0, 40) + "'");
  }
  return v;
}

}  // namespace

ApiResponse error_response(int status, const std::string& message, const std::string& field) {
  json e{{"status", status}, {"message", message}};
  e["field"] = field.empty() ? json() : json(field);
  return json_response({{"error", e}}, status);
}

const std::vector<std::string>& Api::image_types() {
  static const std::vector<std::string> types{"image/jpeg", "image/png", "image/bmp", "image/gif",
                                              "image/x-portable-anymap", "image/x-portable-graymap",
                                              "image/x-portable-pixmap", "application/octet-stream"};
  return types;
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

static void check_image(const ApiRequest& request) {
  if (!request.image) throw HttpError(400, "image", "no image: send it as the form field 'image' or as the body");
  if (request.image->empty()) throw HttpError(400, "image", "image: the upload is empty");
  const auto& types = Api::image_types();
  if (std::find(types.begin(), types.end(), request.image_type) == types.end()) {
    std::string known;
    for (const auto& t : types) known += (known.empty() ? "" : ", ") + t;
    throw HttpError(415, "image", "image: content type '" + request.image_type.substr(0, 80) +
                                      "' is not an image type this server reads (" + known + ")");
  }
}

ApiResponse Api::analyze(const ApiRequest& request) {
  request_fields(request, {});
  check_image(request);
  return json_response(analyze_image(*request.image));
}

std::array<double, 7> Api::emotion_of(const ApiRequest& request, const std::map<std::string, std::string>& f,
                                      json* faces) {
  const int given = (request.image ? 1 : 0) + static_cast<int>(f.count("emotion")) + static_cast<int>(f.count("probs"));
  if (given != 1) {
    throw HttpError(400, "", "give exactly one of: an image, 'emotion' (a name) or 'probs' (7 probabilities)");
  }
  if (request.image) {
    check_image(request);
    *faces = analyze_image(*request.image);
    std::array<double, 7> p{};
    const auto& names = data::fer_class_names();
    for (size_t k = 0; k < 7; ++k) p[k] = (*faces)["faces"][0]["probabilities"][names[k]].get<double>();
    return p;
  }
  const std::string field = f.count("emotion") ? "emotion" : "probs";
  try {
    return field == "emotion" ? app::emotion_one_hot(f.at(field)) : app::parse_probabilities(f.at(field));
  } catch (const ConfigError& e) {
    throw HttpError(400, field, field + ": " + e.what());
  }
}

ApiResponse Api::recommend(const ApiRequest& request) {
  const auto f = request_fields(request, {"policy", "user", "k", "emotion", "probs", "format"});
  json faces;
  const auto probs = emotion_of(request, f, &faces);
  const int64_t k = integer_field(f, "k", 20, 1, options_.max_k);
  const int64_t user = integer_field(f, "user", -1, 0, int64_t{1} << 40);
  const std::string format = f.count("format") ? f.at("format") : "json";
  if (format != "json" && format != "m3u" && format != "csv") {
    throw HttpError(400, "format", "format '" + format.substr(0, 40) + "': expected json, m3u or csv");
  }
  const std::string policy = f.count("policy") && !f.at("policy").empty() ? f.at("policy") : config_.policy.name;
  const auto chosen = policies_.find(policy);
  if (chosen == policies_.end()) {
    std::string known;
    for (const auto& [name, c] : policies_) known += (known.empty() ? "" : ", ") + name;
    throw HttpError(400, "policy", "policy '" + policy.substr(0, 40) + "': unknown (known: " + known + ")");
  }
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
