// An enumeration's names written once: the rule the strict reader checks, the parse and the name of each
// value all come from one table, so no list of choices repeats a parse function.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "config/component.h"
#include "config/visitor.h"
#include "core/error.h"

namespace emorec::config {

template <class E>
class Vocabulary {
 public:
  Vocabulary(std::string kind, std::vector<std::pair<std::string, E>> entries)
      : kind_(std::move(kind)), entries_(std::move(entries)) {}

  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& [name, value] : entries_) out.push_back(name);
    return out;
  }
  StringRule rule() const { return StringRule::one_of(names(), kind_); }
  // The names as a choice set of kind KIND without options, for a key of a section that the config layer
  // reads while the enumeration belongs to a higher layer (v.choices().at(KIND).rule()).
  ChoiceSet choice_set() const {
    ChoiceSet set;
    set.kind = kind_;
    for (const auto& [n, value] : entries_) set.entries[n] = {"", [] { return make_options<NoOptions>(); }, "", {}};
    return set;
  }
  // Throws ConfigError "unknown KIND "x" (known: ...)".
  E parse(const std::string& name) const {
    for (const auto& [n, value] : entries_) {
      if (n == name) return value;
    }
    std::string known;
    for (const auto& [n, value] : entries_) known += (known.empty() ? "" : ", ") + n;
    throw ConfigError("unknown " + kind_ + " \"" + name + "\" (known: " + known + ")");
  }
  const std::string& name(E value) const {
    for (const auto& [n, v] : entries_) {
      if (v == value) return n;
    }
    throw std::logic_error("a " + kind_ + " value without a name");
  }
  // Visits an enum-valued field as its name.
  void field(ConfigVisitor& v, const char* key, E& value, const char* doc) const {
    std::string text = name(value);
    v.field(key, text, rule(), doc);
    value = parse(text);
  }

 private:
  std::string kind_;
  std::vector<std::pair<std::string, E>> entries_;
};

}  // namespace emorec::config
