// `emorec serve` end to end, in process: the API on real photos (dlib's example faces, scikit-image's
// astronaut), the playlist downloads against the CLI's writers, every kind of bad request answered with a JSON
// error and the right status, a thousand malformed requests after which the server still answers with bounded
// memory, and a stalled client that does not stall the others.
#include <gtest/gtest.h>
#include <httplib.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include "app/catalogue.h"
#include "app/playlist_export.h"
#include "app/synthetic_catalogue.h"
#include "fer_fixture.h"
#include "run/components.h"
#include "run/experiment_runner.h"
#include "serve/server.h"
#include "test_util.h"

namespace emorec::serve {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::string kFaces = "/usr/share/doc/libdlib19.1/examples/faces";

std::string bytes_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A FER run (1 epoch on a 200-image fixture of the real FER2013 CSV) and a synthetic catalogue.
struct Loaded {
  test::TempDir tmp;
  ServeOptions options;
};

std::unique_ptr<Loaded> load(const std::vector<std::string>& kg_sets = {}) {
  auto l = std::make_unique<Loaded>();
  const auto& tmp = l->tmp;
  const auto f = test::make_fer_fixture(tmp.path(), 200);
  run::TrainOptions quiet;
  quiet.progress = false;
  const auto fer = run::train_experiment(
      run::load_experiment(std::string(EMOREC_SOURCE_DIR) + "/configs/fer/seed_cnn.yaml",
                           {"data.path=" + f.csv, "data.cache_dir=" + tmp.file("cache"),
                            "output.runs_dir=" + tmp.file("runs"), "device=cpu", "train.epochs=1",
                            "train.batch_size=32", "data.root=" + test::data_root()}),
      quiet);
  app::write_catalogue(tmp.file("catalogue.tsv"), app::synthetic_catalogue(600, 120, 5));
  l->options.fer_run = fer.run_dir;
  l->options.catalogue = tmp.file("catalogue.tsv");
  l->options.app_config = std::string(EMOREC_SOURCE_DIR) + "/configs/app/default.yaml";
  l->options.port = 0;
  l->options.threads = 4;
  l->options.max_upload_bytes = 2 << 20;
  if (!kg_sets.empty()) {
    l->options.kg_run = run::train_experiment(
                            run::load_experiment(std::string(EMOREC_SOURCE_DIR) + "/configs/kg/kgcn_lastfm_sum.yaml",
                                                 kg_sets),
                            quiet)
                            .run_dir;
  }
  return l;
}

// The server on a free port, in a thread, for the scope.
class Running {
 public:
  explicit Running(const ServeOptions& o) : server_(o), port_(server_.bind()), thread_([this] { server_.run(); }) {}
  ~Running() {
    server_.stop();
    thread_.join();
  }
  int port() const { return port_; }
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(60, 0);
    return c;
  }

 private:
  Server server_;
  int port_;
  std::thread thread_;
};

// The JSON error of a response, checked for shape.
json error_of(const httplib::Result& r, int status) {
  EXPECT_TRUE(r) << "no response";
  if (!r) return {};
  EXPECT_EQ(r->status, status) << r->body;
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/json") << r->body;
  const auto j = json::parse(r->body, nullptr, false);
  EXPECT_TRUE(j.is_object() && j.contains("error")) << r->body;
  if (!j.is_object() || !j.contains("error")) return {};
  EXPECT_EQ(j["error"]["status"], status);
  EXPECT_FALSE(j["error"]["message"].get<std::string>().empty());
  return j["error"];
}

httplib::Result post_image(httplib::Client& c, const std::string& path, const std::string& bytes,
                           const std::string& type, const httplib::MultipartFormDataItems& extra = {}) {
  httplib::MultipartFormDataItems items{{"image", bytes, "upload", type}};
  items.insert(items.end(), extra.begin(), extra.end());
  return c.Post(path.c_str(), items);
}

httplib::Result post_json(httplib::Client& c, const std::string& path, const std::string& body) {
  return c.Post(path.c_str(), body, "application/json");
}

// A PNG whose header claims `w` x `h` pixels, with no pixel data (stb reads the size before any data).
std::string png_header(uint32_t w, uint32_t h) {
  std::string s("\x89PNG\r\n\x1a\n", 8);
  const auto be32 = [&](uint32_t v) {
    for (int k = 3; k >= 0; --k) s.push_back(static_cast<char>((v >> (8 * k)) & 0xff));
  };
  be32(13);
  s += "IHDR";
  be32(w);
  be32(h);
  s += std::string("\x08\x00\x00\x00\x00", 5);
  be32(0);  // CRC (not checked by the size probe)
  return s;
}

int64_t rss_kib() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stoll(line.substr(6));
  }
  return -1;
}

TEST(Serve, PhotosListsDownloadsAndEveryBadRequest) {
  EMOREC_REQUIRE_DATASET("fer2013");
  const bool lastfm = test::have_dataset("kgcn-lastfm") && test::have_dataset("hetrec2011-lastfm-2k");
  test::TempDir kg;
  const auto l = lastfm ? load({"output.runs_dir=" + kg.path(), "data.root=" + test::data_root(), "device=cpu",
                                "train.epochs=1"})
                        : load();
  Running server(l->options);
  auto c = server.client();

  // Health: what is loaded.
  auto r = c.Get("/api/health");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  const auto health = json::parse(r->body);
  EXPECT_EQ(health["status"], "ok");
  EXPECT_EQ(health["catalogue"]["tracks"], 600);
  EXPECT_EQ(health["policies"], json({"iso", "lift", "match"}));
  EXPECT_EQ(health["emotions"].size(), 7u);
  // The page and its files, embedded; the page names its script and style.
  r = c.Get("/");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_NE(r->body.find("/app.js"), std::string::npos);
  EXPECT_EQ(r->get_header_value("Content-Type"), "text/html; charset=utf-8");
  for (const char* asset : {"/app.js", "/style.css"}) {
    r = c.Get(asset);
    ASSERT_TRUE(r) << asset;
    EXPECT_EQ(r->status, 200) << asset;
    EXPECT_GT(r->body.size(), 500u) << asset;
  }

  // Emotions and lists from probabilities, the same as the library's ranking.
  r = post_json(c, "/api/recommend", R"({"probs": [0, 0, 0, 0.2, 0.8, 0, 0], "k": 7, "policy": "lift"})");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  auto list = json::parse(r->body);
  EXPECT_EQ(list["policy"], "lift");
  ASSERT_EQ(list["items"].size(), 7u);
  EXPECT_EQ(list["items"][0]["rank"], 1);
  EXPECT_TRUE(list["items"][0]["parts"].contains("distance"));
  const auto catalogue = app::read_catalogue(l->options.catalogue);
  auto config = app::load_app_config(l->options.app_config, {"policy.name=lift"});
  const auto expected = app::recommend(catalogue, config, {0, 0, 0, 0.2, 0.8, 0, 0}, 7);
  for (size_t i = 0; i < 7; ++i) {
    EXPECT_EQ(list["items"][i]["uri"], catalogue.tracks[expected.items[i].track].uri) << i;
  }
  // The downloads are the CLI's files.
  std::ostringstream m3u, csv;
  app::write_m3u(m3u, catalogue, expected);
  app::write_csv(csv, catalogue, expected);
  r = post_json(c, "/api/recommend", R"({"probs": "0,0,0,0.2,0.8,0,0", "k": "7", "policy": "lift", "format": "m3u"})");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, m3u.str());
  EXPECT_EQ(r->get_header_value("Content-Disposition"), "attachment; filename=\"emorec-playlist.m3u\"");
  r = post_json(c, "/api/recommend", R"({"probs": [0, 0, 0, 0.2, 0.8, 0, 0], "k": 7, "policy": "lift", "format": "csv"})");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, csv.str());

  // Real photos: one face, many faces, none.
  const std::string astronaut = EMOREC_ASTRONAUT;
  if (!astronaut.empty() && fs::exists(astronaut)) {
    r = post_image(c, "/api/analyze", bytes_of(astronaut), "image/png");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    const auto j = json::parse(r->body);
    EXPECT_EQ(j["width"], 512);
    ASSERT_GE(j["faces"].size(), 1u);
    const auto& box = j["faces"][0]["box"];  // the face, about 90 pixels wide around (215, 95)
    EXPECT_NEAR(box["x"].get<int>() + box["width"].get<int>() / 2, 215, 45);
    double sum = 0;
    for (const auto& [name, p] : j["faces"][0]["probabilities"].items()) sum += p.get<double>();
    EXPECT_NEAR(sum, 1.0, 1e-5);
    // A photo to a list: the list of its largest face's probabilities.
    r = post_image(c, "/api/recommend", bytes_of(astronaut), "image/png", {{"k", "5", "", ""}});
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    const auto from_photo = json::parse(r->body);
    EXPECT_EQ(from_photo["items"].size(), 5u);
    EXPECT_EQ(from_photo["emotions"], j["faces"][0]["probabilities"]);
    EXPECT_EQ(from_photo["photo"]["faces"].size(), j["faces"].size());
  } else {
    std::cout << "[ SKIPPED  ] the astronaut part: astronaut.png not found (scripts/setup installs it)\n";
  }
  if (fs::exists(kFaces + "/bald_guys.jpg")) {
    r = post_image(c, "/api/analyze", bytes_of(kFaces + "/bald_guys.jpg"), "image/jpeg");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    const auto j = json::parse(r->body);
    ASSERT_GE(j["faces"].size(), 2u);
    const auto area = [&](size_t i) {
      return j["faces"][i]["box"]["width"].get<int>() * j["faces"][i]["box"]["height"].get<int>();
    };
    EXPECT_GE(area(0), area(1));
    EXPECT_EQ(error_of(post_image(c, "/api/analyze", bytes_of(kFaces + "/dogs.jpg"), "image/jpeg"), 422)["field"],
              "image");
    // A huge photo (the 1986-pixel-wide one enlarged to 6,000 x 4,014, 24 megapixels): detection runs on it
    // scaled down (--max-side), the boxes come back in the photo's own pixels.
    cv::Mat big;
    cv::resize(cv::imread(kFaces + "/bald_guys.jpg"), big, cv::Size(6000, 4014));
    std::vector<uint8_t> encoded;
    ASSERT_TRUE(cv::imencode(".jpg", big, encoded, {cv::IMWRITE_JPEG_QUALITY, 40}));
    ASSERT_LT(encoded.size(), size_t{2} << 20);  // under the test server's upload limit
    r = post_image(c, "/api/analyze", std::string(encoded.begin(), encoded.end()), "image/jpeg");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    const auto huge = json::parse(r->body);
    EXPECT_EQ(huge["width"], 6000);
    ASSERT_GE(huge["faces"].size(), 2u);
    EXPECT_NEAR(huge["faces"][0]["box"]["width"].get<double>() / j["faces"][0]["box"]["width"].get<double>(),
                6000.0 / 1986.0, 0.6);
    // A tiny photo (2 x 2 pixels): decoded, and no face in it.
    std::vector<uint8_t> tiny;
    ASSERT_TRUE(cv::imencode(".png", cv::Mat(2, 2, CV_8UC3, cv::Scalar(200, 150, 100)), tiny));
    error_of(post_image(c, "/api/analyze", std::string(tiny.begin(), tiny.end()), "image/png"), 422);
    // A truncated JPEG: decoded as far as it goes (stb fills the rest) or refused; either way a JSON answer.
    const auto jpeg = bytes_of(kFaces + "/bald_guys.jpg");
    r = post_image(c, "/api/analyze", jpeg.substr(0, jpeg.size() / 3), "image/jpeg");
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->status == 200 || r->status == 400 || r->status == 422) << r->status << " " << r->body;
  }

  // Bad requests: each a JSON error with its status and, where one is to blame, the field.
  EXPECT_EQ(error_of(post_image(c, "/api/analyze", "not an image at all", "image/gif"), 400)["field"], "image");
  EXPECT_EQ(error_of(post_image(c, "/api/analyze", "", "image/png"), 400)["field"], "image");
  const auto small_png = png_header(1, 1);
  EXPECT_EQ(error_of(c.Post("/api/analyze", "hello", "text/plain"), 415)["field"], "image");
  EXPECT_EQ(error_of(post_image(c, "/api/analyze", png_header(20000, 20000), "image/png"), 413)["field"], "image");
  error_of(c.Post("/api/analyze", std::string(3 << 20, 'x'), "image/png"), 413);  // over the upload limit
  error_of(post_json(c, "/api/analyze", "{}"), 400);                               // no image
  EXPECT_EQ(error_of(post_image(c, "/api/analyze", small_png, "image/png", {{"colour", "red", "", ""}}), 400)["field"],
            "colour");
  error_of(post_json(c, "/api/recommend", R"({"emotion": )"), 400);
  error_of(post_json(c, "/api/recommend", R"([1, 2])"), 400);
  error_of(post_json(c, "/api/recommend", R"({})"), 400);  // no emotion
  error_of(post_json(c, "/api/recommend", R"({"emotion": "sad", "probs": [1,0,0,0,0,0,0]})"), 400);
  EXPECT_EQ(error_of(post_json(c, "/api/recommend", R"({"emotion": "bored"})"), 400)["field"], "emotion");
  EXPECT_EQ(error_of(post_json(c, "/api/recommend", R"({"probs": [0.5, 0.5]})"), 400)["field"], "probs");
  EXPECT_EQ(error_of(post_json(c, "/api/recommend", R"({"probs": [1,0,0,0,0,0,"x"]})"), 400)["field"], "probs");
  EXPECT_EQ(error_of(post_json(c, "/api/recommend", R"({"emotion": "sad", "k": 0})"), 400)["field"], "k");
  EXPECT_EQ(error_of(post_json(c, "/api/recommend", R"({"emotion": "sad", "k": "many"})"), 400)["field"], "k");
  EXPECT_EQ(error_of(post_json(c, "/api/recommend", R"({"emotion": "sad", "k": 100000})"), 400)["field"], "k");
  EXPECT_EQ(error_of(post_json(c, "/api/recommend", R"({"emotion": "sad", "policy": "shuffle"})"), 400)["field"],
            "policy");
  EXPECT_EQ(error_of(post_json(c, "/api/recommend", R"({"emotion": "sad", "format": "xml"})"), 400)["field"],
            "format");
  EXPECT_EQ(error_of(post_json(c, "/api/recommend", R"({"emotion": "sad", "volume": 11})"), 400)["field"], "volume");
  EXPECT_EQ(error_of(post_json(c, "/api/recommend", R"({"emotion": ["sad"]})"), 400)["field"], "emotion");
  error_of(c.Get("/api/nothing"), 404);
  error_of(c.Get("/api/analyze"), 404);
  if (lastfm) {
    // A known listener adds the personal part; an unknown one is a 404 naming the field.
    r = post_json(c, "/api/recommend", R"({"emotion": "happy", "user": "842", "k": 5})");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    const auto u = json::parse(r->body);
    EXPECT_EQ(u["user"]["id"], 842);
    EXPECT_TRUE(u["items"][0]["parts"].contains("personal"));
    EXPECT_EQ(error_of(post_json(c, "/api/recommend", R"({"emotion": "happy", "user": 100000})"), 404)["field"], "user");
    r = c.Get("/api/users");
    ASSERT_TRUE(r);
    EXPECT_EQ(json::parse(r->body)["users"].size(), 1872u);
  } else {
    std::cout << "[ SKIPPED  ] the Last.FM user part: kgcn-lastfm or hetrec2011-lastfm-2k not found\n";
  }
  // Still serving, and it counted the errors.
  r = c.Get("/api/health");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_GE(json::parse(r->body)["errors"].get<int>(), 20);
}

// Raw bytes to the server's port (not HTTP, or HTTP cut short); returns what came back before it closed.
std::string raw_exchange(int port, const std::string& bytes) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval tv{15, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  std::string out;
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    (void)!write(fd, bytes.data(), bytes.size());
    shutdown(fd, SHUT_WR);
    char buf[4096];
    for (ssize_t n; (n = read(fd, buf, sizeof buf)) > 0;) out.append(buf, static_cast<size_t>(n));
  }
  close(fd);
  return out;
}

TEST(Serve, AThousandMalformedRequestsLeaveItServingWithBoundedMemory) {
  EMOREC_REQUIRE_DATASET("fer2013");
  const auto l = load();
  Running server(l->options);
  auto c = server.client();
  std::mt19937 rng(7);
  const std::string png = png_header(48, 48);
  const auto garbage = [&](size_t n) {
    std::string s(n, '\0');
    for (auto& ch : s) ch = static_cast<char>(rng() & 0xff);
    return s;
  };
  int answered = 0;
  const auto one = [&](int kind) {
    httplib::Result r{nullptr, httplib::Error::Unknown};
    switch (kind) {
      case 0: r = c.Post("/api/analyze", garbage(1 + rng() % 4096), "image/jpeg"); break;
      case 1: r = post_image(c, "/api/analyze", png + garbage(rng() % 64), "image/png"); break;
      case 2: r = post_json(c, "/api/recommend", garbage(1 + rng() % 256)); break;
      case 3: r = post_json(c, "/api/recommend", R"({"k": ")" + std::to_string(rng()) + R"(x", "emotion": "sad"})"); break;
      case 4: r = c.Post("/api/recommend", "--x\r\nContent-Disposition: form-data; name=\"image\"\r\n\r\nabc",
                         "multipart/form-data; boundary=x"); break;
      case 5: r = c.Post("/api/analyze", std::string((3 << 20) + 1, 'a'), "image/png"); break;
      case 6: r = post_image(c, "/api/analyze", png_header(100000, 100000), "image/png"); break;
      case 7: r = c.Get(("/" + std::to_string(rng()) + "?q=" + std::string(rng() % 200, '%')).c_str()); break;
      case 8: r = post_json(c, "/api/recommend", R"({"probs": [)" + std::to_string(rng()) + "]}"); break;
      default: {
        const auto back = raw_exchange(server.port(), kind == 9 ? garbage(1 + rng() % 512)
                                                                : "POST /api/analyze HTTP/1.1\r\nContent-Length: 99\r\n\r\nabc");
        (void)back;
        ++answered;
        return;
      }
    }
    ASSERT_TRUE(r) << "kind " << kind;
    EXPECT_GE(r->status, 400) << "kind " << kind << ": " << r->body;
    EXPECT_LT(r->status, 500) << "kind " << kind << ": " << r->body;
    if (r->status != 413 || kind != 5) {
      const auto j = json::parse(r->body, nullptr, false);
      EXPECT_TRUE(j.is_object() && j.contains("error")) << "kind " << kind << ": " << r->body.substr(0, 200);
    }
    ++answered;
  };
  for (int i = 0; i < 100; ++i) one(i % 11);  // warm-up: allocator pools and the detector pool fill
  const int64_t before = rss_kib();
  for (int i = 0; i < 1000; ++i) one(static_cast<int>(rng() % 11));
  const int64_t after = rss_kib();
  EXPECT_EQ(answered, 1100);
  auto r = c.Get("/api/health");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  r = post_json(c, "/api/recommend", R"({"emotion": "happy", "k": 3})");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  // The bound: 32 MiB of growth over the 1,000 (the test process, server and client together, holds ~650 MiB).
  std::cout << "RSS " << before / 1024 << " MiB before the 1,000 requests, " << after / 1024 << " MiB after\n";
  EXPECT_LT(after - before, 32 * 1024);
}

TEST(Serve, AStalledClientDoesNotStallTheOthers) {
  EMOREC_REQUIRE_DATASET("fer2013");
  auto l = load();
  l->options.threads = 2;
  Running server(l->options);
  // A client that promises a body and sends 3 bytes of it: its worker waits for the rest (10 s read timeout).
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(server.port()));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  const std::string head = "POST /api/analyze HTTP/1.1\r\nHost: x\r\nContent-Type: image/png\r\nContent-Length: 100000\r\n\r\nabc";
  ASSERT_EQ(write(fd, head.data(), head.size()), static_cast<ssize_t>(head.size()));
  // Meanwhile another client is answered, and the stalled one has had no answer yet.
  auto c = server.client();
  c.set_read_timeout(5, 0);
  for (int i = 0; i < 3; ++i) {
    auto r = c.Get("/api/health");
    ASSERT_TRUE(r) << "the server did not answer while a client stalled";
    EXPECT_EQ(r->status, 200);
  }
  char byte;
  EXPECT_EQ(recv(fd, &byte, 1, MSG_DONTWAIT), -1);
  EXPECT_TRUE(errno == EAGAIN || errno == EWOULDBLOCK);
  close(fd);
}

TEST(Serve, CommandLineErrors) {
  std::string out;
  EXPECT_EQ(test::run_command(std::string(EMOREC_BINARY) + " serve", &out), 2) << out;
  EXPECT_NE(out.find("--fer-run"), std::string::npos) << out;
  EXPECT_EQ(test::run_command(std::string(EMOREC_BINARY) + " serve --fer-run /no/such/run", &out), 1) << out;
  EXPECT_NE(out.find("/no/such/run"), std::string::npos) << out;
  EXPECT_EQ(test::run_command(std::string(EMOREC_BINARY) + " serve --fer-run x --port 70000", &out), 2) << out;
}

}  // namespace
}  // namespace emorec::serve
