// The server's request handling before any model runs (serve/request.h), as server.cpp calls it: piece 1 the
// Content-Type header, piece 2 the body, piece 3 the query or form fields (one name=value per line); then the
// fields /api/analyze and /api/recommend allow, the image check and /api/recommend's whole query. A refusal
// must be an HttpError with a 4xx status and a message.
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "fuzz_util.h"
#include "serve/request.h"

namespace {

void expect_refusal_or_success(void (*body)(const emorec::serve::ApiRequest&), const emorec::serve::ApiRequest& r) {
  emorec::fuzz::expect_clean([&] {
    try {
      body(r);
    } catch (const emorec::serve::HttpError& e) {
      if (e.status() < 400 || e.status() > 499 || std::string(e.what()).empty()) {
        std::fprintf(stderr, "fuzz: HttpError %d '%s'\n", e.status(), e.what());
        std::abort();
      }
    }
  });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace emorec::serve;
  const auto parts = emorec::fuzz::split_input(data, size, 3);
  ApiRequest request;
  std::istringstream lines(parts[2]);
  for (std::string line; std::getline(lines, line);) {
    const auto eq = line.find('=');
    request.fields[line.substr(0, eq)] = eq == std::string::npos ? "" : line.substr(eq + 1);
  }
  try {
    read_body(media_type(parts[0]), parts[1], &request);
  } catch (const HttpError& e) {
    if (e.status() != 400) std::abort();
    return 0;
  }
  expect_refusal_or_success([](const ApiRequest& r) { request_fields(r, {}); }, request);
  expect_refusal_or_success([](const ApiRequest& r) { check_image(r); }, request);
  expect_refusal_or_success([](const ApiRequest& r) { read_recommend_query(r, 200); }, request);
  return 0;
}
