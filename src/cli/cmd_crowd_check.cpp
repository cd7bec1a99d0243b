// emorec catalogue crowd-check [--catalogue FILE] [--words FILE] [--config FILE] [--set k=v ...] [--root DIR]
//                              [--json]
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

#include "app/catalogue.h"
#include "app/crowd_check.h"
#include "app/crowd_moods.h"
#include "cli/commands.h"
#include "core/error.h"
#include "data/dataset_registry.h"
#include "data/fer/fer_dataset.h"

namespace emorec::cli {
namespace {

nlohmann::json number(double x) {
  return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json();
}

nlohmann::json to_json(const app::AucInterval& a) {
  return {{"auc", number(a.auc)}, {"lo", number(a.lo)}, {"hi", number(a.hi)}};
}

std::string interval(const app::AucInterval& a) {
  if (!std::isfinite(a.auc)) return "-";
  char b[64];
  std::snprintf(b, sizeof b, "%.3f [%.3f, %.3f]", a.auc, a.lo, a.hi);
  return b;
}

void print_markdown(const app::CrowdCheck& r, const app::CrowdMoodConfig& cfg, const std::string& catalogue) {
  std::printf(
      "Catalogue %s: %lld artists; %lld matched by name to hetrec2011 artists (%lld names ambiguous, "
      "left out), %lld of them tagged, %lld with a mood tag (%lld tracks); an artist carries a mood at "
      "%lld tagging(s) of its words.\n\n",
      catalogue.c_str(), static_cast<long long>(r.catalogue_artists),
      static_cast<long long>(r.matched_artists), static_cast<long long>(r.ambiguous_artists),
      static_cast<long long>(r.tagged_artists), static_cast<long long>(r.labelled_artists),
      static_cast<long long>(r.labelled_tracks), static_cast<long long>(cfg.min_taggings));
  std::printf("| crowd mood | artists | AUC of p(mood) [95%% CI] | AUC of valence | AUC of energy |\n");
  std::printf("|---|---|---|---|---|\n");
  for (const auto& a : r.agreement) {
    std::printf("| %s | %lld | %s | %s | %s |\n", a.mood.c_str(), static_cast<long long>(a.artists),
                interval(a.probability).c_str(), interval(a.valence).c_str(), interval(a.energy).c_str());
  }
  std::printf(
      "\nAUC: the artists the crowd tagged with the mood against the other labelled artists (%lld in all), "
      "each scored by its mean over its catalogue tracks; 95%% intervals from %lld bootstrap resamples of "
      "artists.\n\n",
      static_cast<long long>(r.labelled_artists), static_cast<long long>(cfg.bootstrap));
  std::string head = "| emotion | policy | k | labelled |", rule = "|---|---|---|---|";
  for (const auto& m : r.moods) head += " " + m + " |", rule += "---|";
  std::printf("%s\n%s\n| (base rate) | | | %lld |", head.c_str(), rule.c_str(),
              static_cast<long long>(r.labelled_tracks));
  for (double b : r.base_rate) std::printf(" %.2f |", b);
  std::printf("\n");
  for (const auto& l : r.lists) {
    std::printf("| %s | %s | %lld | %lld |", l.emotion.c_str(), l.policy.c_str(), static_cast<long long>(l.k),
                static_cast<long long>(l.labelled));
    for (double s : l.share) std::isfinite(s) ? std::printf(" %.2f |", s) : std::printf(" - |");
    std::printf("\n");
  }
  std::printf(
      "\nShares: of a list's tracks whose artist carries a crowd mood (\"labelled\"), the share tagged with "
      "each mood (an artist may carry several).\n");
}

}  // namespace

Command add_crowd_check(CLI::App& catalogue) {
  struct Args {
    std::string catalogue, words = "configs/crowd/moods.yaml", config = "configs/app/default.yaml", root;
    std::vector<std::string> sets;
    bool json = false;
  };
  auto args = std::make_shared<Args>();
  auto* sub = catalogue.add_subcommand(
      "crowd-check",
      "measure the catalogue's moods and the recommended lists against Last.FM users' mood tags");
  sub->add_option("--catalogue", args->catalogue,
                  "catalogue file (default: $EMOREC_CACHE or .cache/emorec, /catalogue.tsv)");
  sub->add_option("--words", args->words,
                  "the crowd-mood config: word lists per mood (configs/crowd/moods.yaml)");
  sub->add_option("--config", args->config,
                  "the recommender's app config (each policy runs with its defaults)");
  sub->add_option("--set", args->sets, "override a crowd-mood key, e.g. --set min_taggings=2");
  sub->add_option("--root", args->root, "data root (default: $EMOREC_DATA, else ../shared/data)");
  sub->add_flag("--json", args->json, "print the results as JSON");
  return [args] {
    const auto cfg = app::load_crowd_mood_config(args->words, args->sets);
    const std::string path =
        args->catalogue.empty() ? data::resolve_cache_dir("") + "/catalogue.tsv" : args->catalogue;
    if (!std::filesystem::is_regular_file(path)) {
      throw DataError(path + ": no catalogue; build one with `emorec catalogue build --run MOOD_RUN`");
    }
    const auto c = app::read_catalogue(path);
    std::string how;
    const auto root = data::resolve_data_root(args->root, &how);
    const auto tags = app::read_crowd_tags(data::require_dataset(root, how, "hetrec2011-lastfm-2k"));
    const auto r = app::crowd_check(c, args->config, cfg, tags);
    if (!args->json) {
      print_markdown(r, cfg, path);
      return 0;
    }
    nlohmann::json agreement = nlohmann::json::array(), lists = nlohmann::json::array();
    for (const auto& a : r.agreement) {
      agreement.push_back({{"mood", a.mood},
                           {"artists", a.artists},
                           {"probability", to_json(a.probability)},
                           {"valence", to_json(a.valence)},
                           {"energy", to_json(a.energy)}});
    }
    for (const auto& l : r.lists) {
      nlohmann::json share = nlohmann::json::object();
      for (size_t m = 0; m < r.moods.size(); ++m) share[r.moods[m]] = number(l.share[m]);
      lists.push_back({{"emotion", l.emotion},
                       {"policy", l.policy},
                       {"k", l.k},
                       {"labelled", l.labelled},
                       {"share", share}});
    }
    nlohmann::json base = nlohmann::json::object();
    for (size_t m = 0; m < r.moods.size(); ++m) base[r.moods[m]] = r.base_rate[m];
    std::cout << nlohmann::json{{"catalogue", path},
                                {"catalogue_artists", r.catalogue_artists},
                                {"matched_artists", r.matched_artists},
                                {"ambiguous_artists", r.ambiguous_artists},
                                {"tagged_artists", r.tagged_artists},
                                {"labelled_artists", r.labelled_artists},
                                {"labelled_tracks", r.labelled_tracks},
                                {"min_taggings", cfg.min_taggings},
                                {"bootstrap", cfg.bootstrap},
                                {"base_rate", base},
                                {"agreement", agreement},
                                {"lists", lists}}
                     .dump(2)
              << "\n";
    return 0;
  };
}

}  // namespace emorec::cli
