// The page's files (src/serve/page/), embedded in the binary at build time (cmake/embed_assets.cmake), so
// the server needs no files beside it and the page loads nothing from the network.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace emorec::serve {

struct PageAsset {
  std::string path;          // "/index.html", "/app.js", "/style.css"
  std::string content_type;  // with charset
  const char* bytes;
  size_t size;
};

const std::vector<PageAsset>& page_assets();

}  // namespace emorec::serve
