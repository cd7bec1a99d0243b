// Emotion-to-music policies: from the listener's affect point to the targets a playlist aims at, each a
// registered component with its own keys (policy.name chooses; the keys sit beside it).
//   match: the emotion's own point (mood-congruent music).
//   lift:  the emotion's point moved toward pleasant by `step` (valence + step, at most 1).
//   iso:   the music-therapy iso principle: `steps` targets on the line from the emotion's point to `goal`,
//          the first at the emotion, the last at the goal; the playlist is ordered by them.
#pragma once
#include <string>
#include <vector>

#include "app/app_config.h"
#include "config/component.h"
#include "core/registry.h"

namespace emorec::app {

struct LiftConfig {
  double step = 0.3;
  void visit(config::ConfigVisitor& v);
};

struct IsoConfig {
  int64_t steps = 4;
  Affect goal{0.78125, 0.18625};  // "relaxed" in Warriner et al. (2013): valence 7.25, arousal 2.49
  void visit(config::ConfigVisitor& v);
};

struct PolicyEntry {
  std::string description;
  std::function<config::ComponentOptions()> options;
  // The targets, in playlist order, for the listener at `from`.
  std::function<std::vector<Affect>(const config::ComponentOptions&, const Affect& from)> targets;
};

const Registry<PolicyEntry>& policy_registry();
config::ChoiceSet policy_choices();

}  // namespace emorec::app
