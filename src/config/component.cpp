// Choice sets of registered components.
#include "config/component.h"

namespace emorec::config {

std::vector<std::string> ChoiceSet::names() const {
  std::vector<std::string> out;
  for (const auto& [name, entry] : entries) out.push_back(name);
  return out;
}

Choices& Choices::add(ChoiceSet set) {
  const std::string kind = set.kind;
  if (!sets_.emplace(kind, std::move(set)).second) throw std::logic_error("choices of " + kind + " given twice");
  return *this;
}

const ChoiceSet& Choices::at(const std::string& kind) const {
  const auto it = sets_.find(kind);
  if (it == sets_.end()) throw std::logic_error("no choices of " + kind + " were provided to the config reader");
  return it->second;
}

}  // namespace emorec::config
