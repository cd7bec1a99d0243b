#include "serve/server.h"

#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <string>

#include "core/error.h"
#include "core/log.h"
#include "serve/page_assets.h"

namespace emorec::serve {
namespace {

ApiRequest to_api(const httplib::Request& req) {
  ApiRequest a;
  for (const auto& [key, value] : req.params) a.fields[key] = value;
  if (req.is_multipart_form_data()) {
    for (const auto& [name, part] : req.files) {
      if (name == "image") {
        a.image = part.content;
        a.image_type = part.content_type.empty() ? "application/octet-stream" : media_type(part.content_type);
      } else {
        a.fields[name] = part.content;
      }
    }
    return a;
  }
  read_body(media_type(req.get_header_value("Content-Type")), req.body, &a);
  return a;
}

void send(httplib::Response& res, const ApiResponse& r) {
  res.status = r.status;
  if (!r.filename.empty()) res.set_header("Content-Disposition", "attachment; filename=\"" + r.filename + "\"");
  res.set_content(r.body, r.content_type.c_str());
}

const char* status_text(int status) {
  switch (status) {
    case 400: return "bad request";
    case 404: return "no such page or API";
    case 405: return "method not allowed";
    case 413: return "the request body is over the upload limit";
    case 414: return "the URI is too long";
    case 415: return "unsupported content type";
    case 416: return "range not satisfiable";
    default: return "request failed";
  }
}

}  // namespace

struct Server::Impl {
  ServeOptions options;
  Api api;
  httplib::Server http;
  int port = -1;
  explicit Impl(const ServeOptions& o) : options(o), api(o) {}
};

Server::Server(const ServeOptions& options) : impl_(std::make_unique<Impl>(options)) {
  auto& http = impl_->http;
  auto& api = impl_->api;
  const int threads = std::max(1, options.threads);
  http.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  http.set_payload_max_length(static_cast<size_t>(options.max_upload_bytes));
  http.set_read_timeout(10, 0);
  http.set_write_timeout(10, 0);
  http.set_keep_alive_timeout(2);
  http.set_default_headers({{"X-Content-Type-Options", "nosniff"},
                            {"Cache-Control", "no-store"},
                            {"Content-Security-Policy",
                             "default-src 'self'; img-src 'self' blob: data:; media-src 'self' blob: mediastream:; "
                             "connect-src 'self'; frame-ancestors 'none'"}});

  for (const auto& asset : page_assets()) {
    const std::string body(asset.bytes, asset.size);
    const std::string type = asset.content_type;
    http.Get(asset.path == "/index.html" ? "/" : asset.path,
             [body, type](const httplib::Request&, httplib::Response& res) { res.set_content(body, type.c_str()); });
  }
  http.Get("/api/health", [&api](const httplib::Request&, httplib::Response& res) {
    send(res, api.guarded([&] { return api.health(); }));
  });
  http.Get("/api/users", [&api](const httplib::Request&, httplib::Response& res) {
    send(res, api.guarded([&] { return api.users(); }));
  });
  http.Post("/api/analyze", [&api](const httplib::Request& req, httplib::Response& res) {
    send(res, api.guarded([&] { return api.analyze(to_api(req)); }));
  });
  http.Post("/api/recommend", [&api](const httplib::Request& req, httplib::Response& res) {
    send(res, api.guarded([&] { return api.recommend(to_api(req)); }));
  });
  // Errors httplib answers itself (no route, an oversized or malformed body) get the same JSON as the API's.
  http.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return;
    const auto r = error_response(res.status, status_text(res.status));
    res.set_content(r.body, r.content_type.c_str());
  });
  http.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    const auto r = error_response(500, "internal error");
    send(res, r);
  });
  http.set_logger([](const httplib::Request& req, const httplib::Response& res) {
    log_info(req.method, " ", req.path, " -> ", res.status, " (", req.body.size(), " bytes in, ", res.body.size(),
             " out)");
  });
}

Server::~Server() = default;

int Server::bind() {
  auto& o = impl_->options;
  if (o.port == 0) {
    impl_->port = impl_->http.bind_to_any_port(o.host);
  } else {
    impl_->port = impl_->http.bind_to_port(o.host, o.port) ? o.port : -1;
  }
  if (impl_->port < 0) {
    throw ConfigError("serve: cannot listen on " + o.host + ":" + std::to_string(o.port) +
                      " (in use, or not an address of this machine)");
  }
  return impl_->port;
}

void Server::run() {
  if (impl_->port < 0) bind();
  impl_->http.listen_after_bind();
}

void Server::stop() { impl_->http.stop(); }

}  // namespace emorec::serve
