#include "run/audio_similar.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <stdexcept>

#include "core/error.h"
#include "core/line_reader.h"

namespace emorec::run {

EmbeddingTable read_embeddings(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw DataError(path + ": cannot open the embeddings file");
  EmbeddingTable t;
  std::vector<float> values;
  std::set<std::string> seen;
  int64_t width = -1;
  std::string line;
  for (int64_t number = 1; read_line(in, line, path, number); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const std::string where = path + ":" + std::to_string(number);
    size_t tab = line.find('\t');
    if (tab == std::string::npos) throw DataError(where + ": expected an id and values, tab separated");
    const std::string id = line.substr(0, tab);
    if (!seen.insert(id).second) throw DataError(where + ": id " + id + " appears twice");
    int64_t n = 0;
    while (tab != std::string::npos) {
      const size_t next = line.find('\t', tab + 1);
      const std::string field =
          line.substr(tab + 1, next == std::string::npos ? std::string::npos : next - tab - 1);
      size_t used = 0;
      float v = NAN;
      try {
        v = std::stof(field, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used != field.size() || field.empty() || !std::isfinite(v)) {
        throw DataError(where + ": column " + std::to_string(n + 2) + " is \"" + field +
                        "\", not a finite number");
      }
      values.push_back(v);
      ++n;
      tab = next;
    }
    if (width >= 0 && n != width) {
      throw DataError(where + ": " + std::to_string(n) + " values where the first row has " +
                      std::to_string(width));
    }
    width = n;
    t.ids.push_back(id);
  }
  if (t.ids.empty()) throw DataError(path + ": no embeddings in the file");
  t.values =
      torch::from_blob(values.data(), {static_cast<int64_t>(t.ids.size()), width}, torch::kFloat).clone();
  return t;
}

std::string id_of_track(const EmbeddingTable& table, const std::string& track_path) {
  const std::string path = std::filesystem::path(track_path).replace_extension().generic_string();
  std::string best;
  for (const auto& id : table.ids) {
    if (id.empty() || id.size() <= best.size() || id.size() > path.size()) continue;
    const size_t at = path.size() - id.size();
    if (path.compare(at, id.size(), id) == 0 && (at == 0 || path[at - 1] == '/')) best = id;
  }
  return best;
}

std::vector<Neighbour> nearest(const torch::Tensor& query, const EmbeddingTable& table, int64_t k,
                               const std::string& exclude) {
  if (query.numel() != table.values.size(1)) {
    throw std::invalid_argument("nearest: the query has " + std::to_string(query.numel()) +
                                " values, the table's rows " + std::to_string(table.values.size(1)));
  }
  const auto sims = torch::nn::functional::cosine_similarity(
                        table.values, query.reshape({1, -1}).to(torch::kFloat),
                        torch::nn::functional::CosineSimilarityFuncOptions().dim(1).eps(1e-12))
                        .to(torch::kDouble)
                        .contiguous();
  std::vector<Neighbour> all;
  for (size_t i = 0; i < table.ids.size(); ++i) {
    if (table.ids[i] == exclude) continue;
    all.push_back({table.ids[i], sims.data_ptr<double>()[i], i});
  }
  const auto better = [](const Neighbour& a, const Neighbour& b) {
    return a.similarity != b.similarity ? a.similarity > b.similarity : a.id < b.id;
  };
  const size_t keep = std::min(all.size(), static_cast<size_t>(std::max<int64_t>(k, 0)));
  std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(keep), all.end(), better);
  all.resize(keep);
  return all;
}

}  // namespace emorec::run
