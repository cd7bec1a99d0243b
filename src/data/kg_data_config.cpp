// Fields, defaults and rules of the KG data sets' keys.
#include "data/kg_data_config.h"

#include <cmath>
#include <limits>

#include "data/modality.h"
#include "data/negative_sampling.h"

namespace emorec::data {

using config::IntRule;
using config::NumberRule;
using config::StringRule;

void KgDataConfig::visit(config::ConfigVisitor& v) {
  v.field("negatives", negatives, negative_sampling_choices().rule(),
          "how each user's negatives (as many as positives) are drawn from the items the user never listened to: "
          "uniform (KGCN), popularity (proportional to the number of users with the item as a positive, + 1), "
          "inverse_popularity (proportional to its inverse) or proportional (MKGCN's sampler, named so in the authors' "
          "code, which is an inverse popularity: only items some user likes, proportional to 1 / that number)");
  v.field("split", split, NumberRule::probability(), 3, "train / eval / test fractions of the interactions");
  double total = 0;
  for (double f : split) total += f;
  if (std::abs(total - 1.0) > 1e-9) {
    v.reject("split", "fractions must sum to 1, got " + config::format_number(total));
  }
  if (split.size() == 3 && (split[0] <= 0 || split[1] <= 0 || split[2] <= 0)) {
    v.reject("split", "every fraction must be positive");
  }
  v.field("neighbor_sample_size", neighbor_sample_size, IntRule::range(1, 1024),
          "K: neighbours sampled per entity (with replacement when an entity has fewer)");
}

void KgFileConfig::visit(config::ConfigVisitor& v) {
  v.field("rating_threshold", rating_threshold, NumberRule::any(),
          "interactions whose weight is >= this are positives (KGCN uses 0 for Last.FM)");
  KgDataConfig::visit(v);
  v.field("modalities", modalities, StringRule::any(),
          "per-item modality features (kg/mkgcn): each a file of rows itemID<TAB>f1<TAB>f2... (MKGCN's form; an "
          "optional header row; relative to the data set's folder or absolute), or lastfm-tags (kgcn-lastfm only: "
          "TF-IDF over the user tags of hetrec2011-lastfm-2k)");
  v.field("modality_missing", modality_missing, missing_modality_choices().rule(),
          "items a modality has no row for: zeros, the mean of the rows present, or an error");
}

void LastfmDataConfig::visit(config::ConfigVisitor& v) {
  KgFileConfig::visit(v);
  v.field("tag_min_items", tag_min_items, IntRule::range(1, 1 << 20),
          "lastfm-tags: a tag enters the vocabulary when this many items carry it");
}

void SyntheticConfig::visit(config::ConfigVisitor& v) {
  v.field("seed", seed, IntRule::range(0, std::numeric_limits<int32_t>::max()),
          "the data set's own seed (the experiment seed varies split, sampling and training, not the data)");
  v.field("users", users, IntRule::range(1, 1 << 24), "users");
  v.field("items", items, IntRule::range(2, 1 << 24), "items");
  v.field("attributes", attributes, IntRule::range(1, 1 << 24), "non-item entities of the graph");
  v.field("relations", relations, IntRule::range(1, 1 << 16), "relations (attribute e has relation e mod relations)");
  v.field("links_per_item", links_per_item, IntRule::range(1, 1 << 16), "distinct attributes linked to each item");
  v.field("latent", latent, IntRule::range(1, 1024), "size of the latent factors");
  v.field("modal_width", modal_width, IntRule::range(1, 1 << 16), "features per item in each modality");
  v.field("positives_per_user", positives_per_user, IntRule::range(1, 1 << 20),
          "each user's positives: its items of highest affinity");
  v.field("graph_share", graph_share, NumberRule::probability(), "share of the affinity's variance from the graph");
  v.field("modal_shares", modal_shares, NumberRule::probability(), 0,
          "share of the affinity's variance from each modality (one entry per modality; the rest of 1 is noise)");
  v.field("feature_noise", feature_noise, NumberRule::non_negative(), "noise added to the modality features");
  v.field("modal_missing", modal_missing, NumberRule::range(0, 0.99), "fraction of items without each modality");
  double total = graph_share;
  for (double s : modal_shares) total += s;
  if (total > 1 + 1e-9) {
    v.reject("modal_shares", "graph_share plus modal_shares must be at most 1, got " + config::format_number(total));
  }
}

void SyntheticKgConfig::visit(config::ConfigVisitor& v) {
  KgDataConfig::visit(v);
  v.section("synthetic", "the generator: sizes, and where preference lives (see data/synthetic_kg.h)",
            [&](config::ConfigVisitor& s) { synthetic.visit(s); });
}

}  // namespace emorec::data
