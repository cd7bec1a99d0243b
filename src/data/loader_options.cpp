// The keys of every loader's data sets.
#include "data/loader_options.h"

#include <stdexcept>

#include "data/audio/audio_data_config.h"
#include "data/fer/image_data_config.h"
#include "data/kg_data_config.h"
#include "data/tracks/tracks_data_config.h"

namespace emorec::data {
namespace {

const std::map<std::string, std::function<config::ComponentOptions()>>& loaders() {
  static const std::map<std::string, std::function<config::ComponentOptions()>> m = {
      {"kgcn-lastfm", [] { return config::make_options<LastfmDataConfig>(); }},
      {"mkgcn-music-d", [] { return config::make_options<KgFileConfig>(); }},
      {"synthetic-kg", [] { return config::make_options<SyntheticKgConfig>(); }},
      {"fer2013", [] { return config::make_options<ImageDataConfig>(); }},
      {"spotify-moods", [] { return config::make_options<TracksDataConfig>(); }},
      {"audio", [] { return config::make_options<AudioDataConfig>(); }},
  };
  return m;
}

}  // namespace

std::function<config::ComponentOptions()> loader_options(const std::string& loader) {
  const auto it = loaders().find(loader);
  if (it == loaders().end()) throw std::logic_error("data/loader_options: no keys for the loader " + loader);
  return it->second;
}

void expect_loader_options(const std::map<std::string, const std::type_info*>& loaders) {
  for (const auto& [name, type] : loaders) {
    if (loader_options(name)().get()->type() != *type) {
      throw std::logic_error("data/loader_options: the loader " + name +
                             " reads other keys than those listed");
    }
  }
}

}  // namespace emorec::data
