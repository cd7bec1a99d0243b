// "Songs like this one": the nearest tracks to an embedding by cosine similarity, in the run's data set or in
// a modality file written by `emorec embed-audio`.
#pragma once
#include <torch/torch.h>

#include <string>
#include <vector>

namespace emorec::run {

struct EmbeddingTable {
  std::vector<std::string> ids;
  torch::Tensor values;  // [ids, width] float
};

// A modality file (`id<TAB>f1<TAB>f2...`). DataError naming the file and line for a row of another width, a
// value that is not a finite number, a repeated id, or an empty file.
EmbeddingTable read_embeddings(const std::string& path);

struct Neighbour {
  std::string id;
  double similarity = 0;  // cosine
  size_t index = 0;       // row of the table
};

// The id that `emorec embed-audio` gave `track_path` in `table`: embed-audio writes a file's path under the
// embedded folder without its extension ("sub/clip" for FOLDER/sub/clip.wav), so this is the longest id that
// ends the track's path without extension at a folder boundary; empty when none does.
std::string id_of_track(const EmbeddingTable& table, const std::string& track_path);

// The k rows of `table` most similar to `query` [width], best first (ties by id), leaving out the row whose
// id is `exclude` (the query itself). std::invalid_argument when the widths differ.
std::vector<Neighbour> nearest(const torch::Tensor& query, const EmbeddingTable& table, int64_t k,
                               const std::string& exclude = "");

}  // namespace emorec::run
