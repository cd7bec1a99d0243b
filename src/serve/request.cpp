#include "serve/request.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>

#include "app/emotion_input.h"
#include "core/error.h"

namespace emorec::serve {

using nlohmann::json;

std::string media_type(const std::string& header) {
  std::string t = header.substr(0, header.find(';'));
  t.erase(0, t.find_first_not_of(" \t"));
  t.erase(t.find_last_not_of(" \t") + 1);
  std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return t;
}

void read_body(const std::string& type, const std::string& body, ApiRequest* request) {
  if (type == "application/json") {
    try {
      request->json = json::parse(body);
    } catch (const json::exception& e) {
      throw HttpError(400, "", std::string("the JSON body: ") + e.what());
    }
  } else if (!body.empty()) {
    request->image = body;
    request->image_type = type;
  }
}

const std::vector<std::string>& image_types() {
  static const std::vector<std::string> types{"image/jpeg", "image/png", "image/bmp", "image/gif",
                                              "image/x-portable-anymap", "image/x-portable-graymap",
                                              "image/x-portable-pixmap", "application/octet-stream"};
  return types;
}

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
        throw HttpError(400, key.substr(0, 60), key.substr(0, 60) + ": expected a string or a number");
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

void check_image(const ApiRequest& request) {
  if (!request.image) throw HttpError(400, "image", "no image: send it as the form field 'image' or as the body");
  if (request.image->empty()) throw HttpError(400, "image", "image: the upload is empty");
  const auto& types = image_types();
  if (std::find(types.begin(), types.end(), request.image_type) == types.end()) {
    std::string known;
    for (const auto& t : types) known += (known.empty() ? "" : ", ") + t;
    throw HttpError(415, "image", "image: content type '" + request.image_type.substr(0, 80) +
                                      "' is not an image type this server reads (" + known + ")");
  }
}

RecommendQuery read_recommend_query(const ApiRequest& request, int64_t max_k) {
  const auto f = request_fields(request, {"policy", "user", "k", "emotion", "probs", "format"});
  const int given = (request.image ? 1 : 0) + static_cast<int>(f.count("emotion")) + static_cast<int>(f.count("probs"));
  if (given != 1) {
    throw HttpError(400, "", "give exactly one of: an image, 'emotion' (a name) or 'probs' (7 probabilities)");
  }
  RecommendQuery q;
  if (request.image) {
    check_image(request);
    q.from_image = true;
  } else {
    const std::string field = f.count("emotion") ? "emotion" : "probs";
    try {
      q.probabilities = field == "emotion" ? app::emotion_one_hot(f.at(field)) : app::parse_probabilities(f.at(field));
    } catch (const ConfigError& e) {
      throw HttpError(400, field, field + ": " + e.what());
    }
  }
  q.k = integer_field(f, "k", 20, 1, max_k);
  q.user = integer_field(f, "user", -1, 0, int64_t{1} << 40);
  q.format = f.count("format") ? f.at("format") : "json";
  if (q.format != "json" && q.format != "m3u" && q.format != "csv") {
    throw HttpError(400, "format", "format '" + q.format.substr(0, 40) + "': expected json, m3u or csv");
  }
  q.policy = f.count("policy") ? f.at("policy") : "";
  return q;
}

}  // namespace emorec::serve
