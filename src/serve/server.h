// `emorec serve`: the API (serve/api.h) and the page (serve/page/) over cpp-httplib, on a pool of worker
// threads, bound to 127.0.0.1 unless told otherwise. Routes: GET / (the page and its script and style,
// embedded in the binary), GET /api/health, GET /api/users, POST /api/analyze, POST /api/recommend. A body
// over the upload limit is answered 413 before it is read; a client that stops sending is dropped after the
// read timeout; every error is JSON.
#pragma once
#include <functional>
#include <memory>

#include "serve/api.h"

namespace emorec::serve {

class Server {
 public:
  explicit Server(const ServeOptions& options);  // loads everything; binds nothing yet
  ~Server();
  // Binds (port 0: any free one) and returns the port; ConfigError when the address cannot be bound.
  int bind();
  // Serves until stop(); `ready` is called once the socket accepts.
  void run();
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace emorec::serve
