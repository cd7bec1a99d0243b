// The catalogue file: a header line (format, key, run, counts, the axes' mean and sd), the column names, one
// tab-separated row per track. Written atomically; read strictly.
#include "app/catalogue_file.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "core/atomic_file.h"
#include "core/error.h"
#include "core/line_reader.h"
#include "data/text_table.h"

namespace emorec::app {
namespace {

constexpr const char* kFormat = "# emorec-catalogue 1";

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

void write_catalogue(const std::string& path, const Catalogue& c) {
  std::error_code ec;
  const auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  write_file_atomic(path, [&](std::ostream& out) {
    std::string moods;
    for (const auto& m : c.moods) moods += (moods.empty() ? "" : ",") + m;
    out << kFormat << "\tkey=" << c.key << "\trun=" << clean(c.run) << "\tcheckpoint=" << c.checkpoint
        << "\tmoods=" << moods << "\trows=" << c.stats.rows << "\tmalformed=" << c.stats.malformed
        << "\tduplicates=" << c.stats.duplicates << "\ttracks=" << c.tracks.size()
        << "\tvalence_mean=" << num(c.valence_mean) << "\tvalence_sd=" << num(c.valence_sd)
        << "\tenergy_mean=" << num(c.energy_mean) << "\tenergy_sd=" << num(c.energy_sd) << "\n";
    out << "title\tartist\turi\tsource\tvalence\tenergy\tmood";
    for (const auto& m : c.moods) out << "\tp_" << m;
    out << "\n";
    for (const auto& t : c.tracks) {
      out << clean(t.title) << '\t' << clean(t.artist) << '\t' << clean(t.uri) << '\t' << clean(t.source)
          << '\t' << num(t.valence) << '\t' << num(t.energy) << '\t' << c.moods[static_cast<size_t>(t.mood)];
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
  if (c.moods.empty()) throw DataError(path + ":1: the header names no moods");
  for (size_t m = 0; m < c.moods.size(); ++m) {
    if (c.moods[m].empty()) throw DataError(path + ":1: the header's moods has an empty name");
    if (std::find(c.moods.begin(), c.moods.begin() + static_cast<std::ptrdiff_t>(m), c.moods[m]) !=
        c.moods.begin() + static_cast<std::ptrdiff_t>(m)) {
      throw DataError(path + ":1: the header names the mood " + c.moods[m] + " twice");
    }
  }
  c.stats.rows = data::parse_index(need("rows"), path, 1, "rows");
  c.stats.malformed = data::parse_index(need("malformed"), path, 1, "malformed");
  c.stats.duplicates = data::parse_index(need("duplicates"), path, 1, "duplicates");
  const int64_t tracks = data::parse_index(need("tracks"), path, 1, "tracks");
  c.valence_mean = data::parse_number(need("valence_mean"), path, 1, "valence_mean");
  c.valence_sd = data::parse_number(need("valence_sd"), path, 1, "valence_sd");
  c.energy_mean = data::parse_number(need("energy_mean"), path, 1, "energy_mean");
  c.energy_sd = data::parse_number(need("energy_sd"), path, 1, "energy_sd");
  if (c.valence_sd <= 0 || c.energy_sd <= 0) {
    throw DataError(path + ":1: valence_sd and energy_sd must be positive (they divide)");
  }
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
    for (size_t m = 0; m < c.moods.size(); ++m) {
      const double p = data::parse_number(f[7 + m], path, number, "probability");
      if (p < 0 || p > 1) {
        throw DataError(path + ":" + std::to_string(number) + ": the probability of " + c.moods[m] +
                        " is outside [0, 1]");
      }
      t.mood_probs.push_back(p);
    }
    t.mood =
        static_cast<int>(std::max_element(t.mood_probs.begin(), t.mood_probs.end()) - t.mood_probs.begin());
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

}  // namespace emorec::app
