// Ranking a catalogue for one request (a generated catalogue of the real one's size, 40,000 tracks; synthetic:
// uniform valence and energy), per policy. The goal (issue 14): under 5 ms per request on this CPU.
#include <benchmark/benchmark.h>

#include <string>

#include "app/app_config.h"
#include "app/recommender.h"
#include "app/synthetic_catalogue.h"

namespace {

void rank(benchmark::State& state, const std::string& policy) {
  static const auto catalogue = emorec::app::synthetic_catalogue(40000, 4000, 1);
  const auto config = emorec::app::load_app_config(std::string(EMOREC_SOURCE_DIR) + "/configs/app/default.yaml",
                                                   {"policy.name=" + policy});
  const std::array<double, 7> sad = {0, 0, 0, 0, 1, 0, 0};
  for (auto _ : state) benchmark::DoNotOptimize(emorec::app::recommend(catalogue, config, sad, 20));
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(catalogue.tracks.size()));
}

}  // namespace

BENCHMARK_CAPTURE(rank, match, std::string("match"))->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(rank, lift, std::string("lift"))->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(rank, iso, std::string("iso"))->Unit(benchmark::kMillisecond);
