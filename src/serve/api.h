// The server's API without its transport: a request's fields, JSON body and image bytes in, a status, content
// type and body out. Everything is loaded once (the FER run, a detector per worker, the catalogue, the app
// config, optionally a Last.FM KG run); every answer is JSON, errors included ({"error": {"status",
// "message", "field"}}), and a bad request never changes what later requests see.
#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/app_config.h"
#include "app/catalogue.h"
#include "app/personal_scores.h"
#include "run/predict_emotion.h"
#include "serve/request.h"

namespace emorec::serve {

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 8080;                   // 0: any free port
  int threads = 8;                   // workers: one slow request holds one of them
  int64_t max_upload_bytes = 10 << 20;
  std::string fer_run;               // a fer/ run (required)
  std::string kg_run;                // a KG run on kgcn-lastfm, for the user picker (optional)
  std::string catalogue;             // empty: $EMOREC_CACHE or .cache/emorec, /catalogue.tsv
  std::string app_config = "configs/app/default.yaml";
  std::vector<std::string> sets;     // app config overrides
  run::FaceOptions faces;
  int64_t max_k = 200;
};

struct ApiResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::string filename;  // set for a download (Content-Disposition: attachment)
};

// {"error": {"status", "message", "field"}}
ApiResponse error_response(int status, const std::string& message, const std::string& field = "");

class Api {
 public:
  explicit Api(const ServeOptions& options);
  ~Api();

  // GET /api/health: what is loaded, and the request counters.
  ApiResponse health() const;
  // GET /api/users: the Last.FM user IDs the KG run knows (empty without one).
  ApiResponse users() const;
  // POST /api/analyze: the photo's faces, boxes and emotion probabilities (largest face first).
  ApiResponse analyze(const ApiRequest& request);
  // POST /api/recommend: an emotion (a photo's largest face, `emotion` or `probs`) -> the ranked list with
  // reasons; with `format` m3u or csv, the list as a file.
  ApiResponse recommend(const ApiRequest& request);
  // Runs one of the above, turning every error into its JSON answer (HttpError: its status; a photo with no
  // face: 422; an oversized photo: 413; an undecodable one: 400; anything else: 500) and counting it.
  ApiResponse guarded(const std::function<ApiResponse()>& handler);

 private:
  nlohmann::json analyze_image(const std::string& bytes);

  ServeOptions options_;
  std::unique_ptr<run::EmotionClassifier> classifier_;
  app::Catalogue catalogue_;
  std::string catalogue_path_;
  app::AppConfig config_;                          // as given (its policy is the default)
  std::map<std::string, app::AppConfig> policies_;  // the same with each registered policy, read once
  std::unique_ptr<app::TasteScorer> taste_;
  // Detectors are not thread-safe: each request takes one from the pool (made on first need).
  std::mutex detectors_mutex_;
  std::vector<std::unique_ptr<face::FaceDetector>> detectors_;
  std::chrono::steady_clock::time_point started_;
  std::atomic<int64_t> requests_{0}, errors_{0};
};

}  // namespace emorec::serve
