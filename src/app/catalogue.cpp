// Building, writing and reading the mood-labelled catalogue.
#include "app/catalogue.h"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "app/mood_predictor.h"
#include "app/synthetic_catalogue.h"
#include "core/atomic_file.h"
#include "core/error.h"
#include "core/line_reader.h"
#include "data/csv_table.h"
#include "data/text_table.h"
#include "run/run_dir.h"

namespace emorec::app {
namespace {

constexpr const char* kFormat = "# emorec-catalogue 1";

// The spotify-hits column of a mood-data-set feature (they name the duration differently).
std::string hits_column(const std::string& feature) { return feature == "length" ? "duration_ms" : feature; }

uLong crc_file(uLong crc, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw DataError(path + ": cannot open");
  std::vector<char> buf(1 << 20);
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    crc = crc32(crc, reinterpret_cast<const Bytef*>(buf.data()), static_cast<uInt>(in.gcount()));
  }
  return crc;
}

std::string clean(std::string s) {  // a field as one tab-separated cell
  for (char& c : s) {
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  }
  return s;
}

std::string num(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.17g", v);
  return b;
}

}  // namespace

void sort_catalogue_axes(Catalogue& c) {
  c.valence_sorted.clear(), c.energy_sorted.clear();
  for (const auto& t : c.tracks) c.valence_sorted.push_back(t.valence), c.energy_sorted.push_back(t.energy);
  std::sort(c.valence_sorted.begin(), c.valence_sorted.end());
  std::sort(c.energy_sorted.begin(), c.energy_sorted.end());
}

std::string normalize_name(const std::string& s) {
  std::string out;
  bool space = false;
  for (const unsigned char c : s) {
    const bool keep = c >= 0x80 || std::isalnum(c);
    if (!keep) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ', space = false;
    out += static_cast<char>(c >= 0x80 ? c : std::tolower(c));
  }
  return out;
}

std::string catalogue_key(const std::string& run_dir, const std::string& checkpoint,
                          const std::vector<std::string>& sources) {
  const run::RunDir dir = run::RunDir::open(run_dir);
  uLong crc = crc32(0L, Z_NULL, 0);
  crc = crc_file(crc, dir.file("config.yaml"));
  crc = crc_file(crc, dir.checkpoint(checkpoint));
  for (const auto& s : sources) crc = crc_file(crc, s);
  char b[16];
  std::snprintf(b, sizeof b, "%08lx", static_cast<unsigned long>(crc));
  return std::string(b) + "-" + std::to_string(sources.size());
}

Catalogue build_catalogue(const std::string& run_dir, const std::string& checkpoint,
                          const std::vector<std::string>& sources) {
  MoodPredictor predictor(run_dir, checkpoint);
  Catalogue c;
  c.key = catalogue_key(run_dir, checkpoint, sources);
  c.run = run_dir, c.checkpoint = checkpoint;
  c.moods = predictor.moods();
  std::vector<std::string> columns = {"track", "artist", "uri", "valence", "energy"};
  for (const auto& f : predictor.features()) columns.push_back(hits_column(f));
  std::vector<double> raw;
  std::set<std::string> seen;
  const auto note = [&](const std::string& what) {
    if (c.stats.examples.size() < 10) c.stats.examples.push_back(what);
  };
  for (const auto& path : sources) {
    data::for_each_csv_row(
        path, columns,
        [&](const data::CsvRow& row) {
          ++c.stats.rows;
          CatalogueTrack t;
          std::vector<double> x;
          try {
            t.valence = row.number(3), t.energy = row.number(4);
            for (size_t f = 0; f < predictor.features().size(); ++f) x.push_back(row.number(5 + f));
            if (normalize_name(row.text(0)).empty()) throw DataError(row.where() + "column track: empty title");
          } catch (const DataError& e) {
            ++c.stats.malformed;
            note(e.what());
            return;
          }
          const std::string id = normalize_name(row.text(0)) + "\t" + normalize_name(row.text(1));
          if (!seen.insert(id).second) {
            ++c.stats.duplicates;
            note(row.where() + "duplicate of an earlier \"" + row.text(0) + "\" by " + row.text(1));
            return;
          }
          t.title = row.text(0), t.artist = row.text(1), t.uri = row.text(2);
          t.source = path + ":" + std::to_string(row.line());
          c.tracks.push_back(std::move(t));
          raw.insert(raw.end(), x.begin(), x.end());
        },
        [&](int64_t line, const std::string& problem) {
          ++c.stats.rows, ++c.stats.malformed;
          note(path + ":" + std::to_string(line) + ": " + problem);
        });
  }
  const auto moods = static_cast<int64_t>(c.moods.size());
  const auto p = predictor.probabilities(raw, static_cast<int64_t>(c.tracks.size()));
  for (size_t i = 0; i < c.tracks.size(); ++i) {
    auto& t = c.tracks[i];
    t.mood_probs.assign(p.begin() + static_cast<std::ptrdiff_t>(i * moods),
                        p.begin() + static_cast<std::ptrdiff_t>((i + 1) * moods));
    t.mood = static_cast<int>(std::max_element(t.mood_probs.begin(), t.mood_probs.end()) - t.mood_probs.begin());
  }
  standardize_catalogue(c);
  return c;
}

void write_catalogue(const std::string& path, const Catalogue& c) {
  std::error_code ec;
  const auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  write_file_atomic(path, [&](std::ostream& out) {
    std::string moods;
    for (const auto& m : c.moods) moods += (moods.empty() ? "" : ",") + m;
    out << kFormat << "\tkey=" << c.key << "\trun=" << clean(c.run) << "\tcheckpoint=" << c.checkpoint
        << "\tmoods=" << moods << "\trows=" << c.stats.rows << "\tmalformed=" << c.stats.malformed
        << "\tduplicates=" << c.stats.duplicates << "\ttracks=" << c.tracks.size() << "\tvalence_mean="
        << num(c.valence_mean) << "\tvalence_sd=" << num(c.valence_sd) << "\tenergy_mean=" << num(c.energy_mean)
        << "\tenergy_sd=" << num(c.energy_sd) << "\n";
    out << "title\tartist\turi\tsource\tvalence\tenergy\tmood";
    for (const auto& m : c.moods) out << "\tp_" << m;
    out << "\n";
    for (const auto& t : c.tracks) {
      out << clean(t.title) << '\t' << clean(t.artist) << '\t' << clean(t.uri) << '\t' << clean(t.source) << '\t'
          << num(t.valence) << '\t' << num(t.energy) << '\t' << c.moods[static_cast<size_t>(t.mood)];
      for (double p : t.mood_probs) out << '\t' << num(p);
      out << '\n';
    }
  });
}

Catalogue read_catalogue(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw DataError(path + ": cannot open the catalogue");
  std::string line;
  if (!read_line(in, line, path, 1) || line.rfind(kFormat, 0) != 0) {
    throw DataError(path + ":1: not an emorec catalogue (expected \"" + std::string(kFormat) + "\")");
  }
  Catalogue c;
  std::map<std::string, std::string> head;
  std::istringstream fields(line.substr(std::string(kFormat).size()));
  for (std::string f; std::getline(fields, f, '\t');) {
    const auto eq = f.find('=');
    if (eq != std::string::npos) head[f.substr(0, eq)] = f.substr(eq + 1);
  }
  const auto need = [&](const char* k) -> const std::string& {
    const auto it = head.find(k);
    if (it == head.end()) throw DataError(path + ":1: the header has no " + k);
    return it->second;
  };
  c.key = need("key"), c.run = need("run"), c.checkpoint = need("checkpoint");
  std::istringstream ms(need("moods"));
  for (std::string m; std::getline(ms, m, ',');) c.moods.push_back(m);
  c.stats.rows = data::parse_index(need("rows"), path, 1, "rows");
  c.stats.malformed = data::parse_index(need("malformed"), path, 1, "malformed");
  c.stats.duplicates = data::parse_index(need("duplicates"), path, 1, "duplicates");
  const int64_t tracks = data::parse_index(need("tracks"), path, 1, "tracks");
  c.valence_mean = data::parse_number(need("valence_mean"), path, 1, "valence_mean");
  c.valence_sd = data::parse_number(need("valence_sd"), path, 1, "valence_sd");
  c.energy_mean = data::parse_number(need("energy_mean"), path, 1, "energy_mean");
  c.energy_sd = data::parse_number(need("energy_sd"), path, 1, "energy_sd");
  const size_t columns = 7 + c.moods.size();
  int64_t number = 1;
  read_line(in, line, path, ++number);  // the column header
  while (read_line(in, line, path, number + 1)) {
    ++number;
    std::vector<std::string> f;
    std::istringstream cells(line);
    for (std::string x; std::getline(cells, x, '\t');) f.push_back(x);
    if (f.size() != columns) {
      throw DataError(path + ":" + std::to_string(number) + ": expected " + std::to_string(columns) +
                      " tab-separated fields, got " + std::to_string(f.size()) + " (truncated or malformed)");
    }
    CatalogueTrack t;
    t.title = f[0], t.artist = f[1], t.uri = f[2], t.source = f[3];
    t.valence = data::parse_number(f[4], path, number, "valence");
    t.energy = data::parse_number(f[5], path, number, "energy");
    for (size_t m = 0; m < c.moods.size(); ++m) t.mood_probs.push_back(data::parse_number(f[7 + m], path, number, "probability"));
    t.mood = static_cast<int>(std::max_element(t.mood_probs.begin(), t.mood_probs.end()) - t.mood_probs.begin());
    t.valence_z = (t.valence - c.valence_mean) / c.valence_sd;
    t.energy_z = (t.energy - c.energy_mean) / c.energy_sd;
    c.tracks.push_back(std::move(t));
  }
  if (static_cast<int64_t>(c.tracks.size()) != tracks) {
    throw DataError(path + ": the header says " + std::to_string(tracks) + " tracks, the file has " +
                    std::to_string(c.tracks.size()) + " (truncated)");
  }
  sort_catalogue_axes(c);
  return c;
}

Catalogue load_or_build_catalogue(const std::string& path, const std::string& run_dir, const std::string& checkpoint,
                                  const std::vector<std::string>& sources, bool* rebuilt, std::string* reason) {
  const std::string key = catalogue_key(run_dir, checkpoint, sources);
  std::string why = "no catalogue yet";
  if (std::filesystem::is_regular_file(path)) {
    try {
      Catalogue c = read_catalogue(path);
      if (c.key == key) {
        if (rebuilt) *rebuilt = false;
        if (reason) *reason = "up to date";
        return c;
      }
      why = "the mood run or the source files changed";
    } catch (const DataError& e) {
      why = std::string("the cache was unreadable: ") + e.what();
    }
  }
  Catalogue c = build_catalogue(run_dir, checkpoint, sources);
  write_catalogue(path, c);
  if (rebuilt) *rebuilt = true;
  if (reason) *reason = why;
  return c;
}

}  // namespace emorec::app
