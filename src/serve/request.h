// A request to the server's API with its transport taken off, and everything that reads it before any model
// runs: the body's media type and JSON, the allowed fields, integers in range, the image's presence and type,
// and /api/recommend's query. No LibTorch and no HTTP library here, so that the fuzz target
// (fuzz/fuzz_request.cpp) reads requests exactly as the server does.
#pragma once
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace emorec::serve {

// A request the API refuses: the HTTP status and, where one is to blame, the field.
class HttpError : public std::runtime_error {
 public:
  HttpError(int status, std::string field, const std::string& message)
      : std::runtime_error(message), status_(status), field_(std::move(field)) {}
  int status() const { return status_; }
  const std::string& field() const { return field_; }

 private:
  int status_;
  std::string field_;
};

// What a request carries, its transport taken off.
struct ApiRequest {
  std::map<std::string, std::string> fields;  // query string and form fields
  std::optional<nlohmann::json> json;         // an application/json body
  std::optional<std::string> image;           // the image's bytes
  std::string image_type;                     // its declared content type
};

// "Image/JPEG; charset=x" -> "image/jpeg".
std::string media_type(const std::string& header);

// A body of media type `type` (already through media_type) into the request: JSON parsed (HttpError 400 when
// it is not), anything else non-empty as the image.
void read_body(const std::string& type, const std::string& body, ApiRequest* request);

// The media types the server decodes as images.
const std::vector<std::string>& image_types();

// The fields a request may carry: from the query string, the form, or a JSON body (strings or numbers there;
// `probs` also as an array of numbers). HttpError 400 naming the field for one not in `allowed` or of another
// JSON type.
std::map<std::string, std::string> request_fields(const ApiRequest& request, const std::set<std::string>& allowed);

// The field `key` as an integer in [lo, hi]; `fallback` when absent or empty; HttpError 400 otherwise.
int64_t integer_field(const std::map<std::string, std::string>& fields, const std::string& key, int64_t fallback,
                      int64_t lo, int64_t hi);

// HttpError 400 without an image or with an empty one, 415 for a type not in image_types().
void check_image(const ApiRequest& request);

// POST /api/recommend's query: exactly one of an image, `emotion` or `probs`; `k` in [1, max_k]; `user` (-1:
// none); `format` json, m3u or csv; `policy` (empty: the server's default). HttpError naming the field.
struct RecommendQuery {
  bool from_image = false;
  std::optional<std::array<double, 7>> probabilities;  // given by hand (`emotion` or `probs`)
  int64_t k = 20;
  int64_t user = -1;
  std::string format = "json";
  std::string policy;
};
RecommendQuery read_recommend_query(const ApiRequest& request, int64_t max_k);

}  // namespace emorec::serve
