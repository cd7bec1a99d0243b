// Components own their configuration. A registered component (a model, an optimiser, a schedule, ...) has a
// typed options struct with its own `visit(ConfigVisitor&)`; the experiment holds it type-erased as
// ComponentOptions, chosen by name through a ChoiceSet that the component's registry provides. The config
// layer knows no registry: the sets reach it as `Choices`, assembled by a higher layer.
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <typeinfo>
#include <vector>

#include "config/visitor.h"

namespace emorec::config {

struct ExperimentConfig;  // config/experiment.h

// A component's options, visited like any config struct.
class ComponentConfig {
 public:
  virtual ~ComponentConfig() = default;
  virtual void visit(ConfigVisitor& v) = 0;
  virtual std::unique_ptr<ComponentConfig> clone() const = 0;
  virtual const std::type_info& type() const = 0;
};

// Adapts a plain options struct T (with `void visit(ConfigVisitor&)`) to ComponentConfig.
template <class T>
class ConfigBlock final : public ComponentConfig {
 public:
  explicit ConfigBlock(T value = T()) : value_(std::move(value)) {}
  void visit(ConfigVisitor& v) override { value_.visit(v); }
  std::unique_ptr<ComponentConfig> clone() const override { return std::make_unique<ConfigBlock<T>>(value_); }
  const std::type_info& type() const override { return typeid(T); }
  T& value() { return value_; }
  const T& value() const { return value_; }

 private:
  T value_;
};

// For components without options.
struct NoOptions {
  void visit(ConfigVisitor&) {}
};

// A component's options by value: copies clone, so two configs never share options.
class ComponentOptions {
 public:
  ComponentOptions() = default;
  explicit ComponentOptions(std::unique_ptr<ComponentConfig> p) : p_(std::move(p)) {}
  ComponentOptions(const ComponentOptions& o) : p_(o.p_ ? o.p_->clone() : nullptr) {}
  ComponentOptions& operator=(const ComponentOptions& o) {
    if (this != &o) p_ = o.p_ ? o.p_->clone() : nullptr;
    return *this;
  }
  ComponentOptions(ComponentOptions&&) noexcept = default;
  ComponentOptions& operator=(ComponentOptions&&) noexcept = default;

  bool empty() const { return !p_; }
  ComponentConfig* get() const { return p_.get(); }
  // The options as the component's own struct; std::logic_error if they belong to another component.
  template <class T>
  const T& as() const {
    return const_cast<ComponentOptions*>(this)->as<T>();
  }
  template <class T>
  T& as() {
    if (!p_ || p_->type() != typeid(T)) {
      throw std::logic_error(std::string("component options are not of type ") + typeid(T).name());
    }
    return static_cast<ConfigBlock<T>&>(*p_).value();
  }

 private:
  std::unique_ptr<ComponentConfig> p_;
};

template <class T>
ComponentOptions make_options(T value = T()) {
  return ComponentOptions(std::make_unique<ConfigBlock<T>>(std::move(value)));
}

// What a registry offers the config layer: its kind ("model"), its names with a line of description, and
// each name's default options.
struct ChoiceSet {
  std::string kind;
  struct Entry {
    std::string description;
    std::function<ComponentOptions()> defaults;  // the component's options with their defaults
    std::string family;  // what the component works on (kg | images), for checks across sections; may be ""
    // Checks across sections that only the component can make (e.g. an image data set's input size against
    // augment.crop), run after the whole experiment is read; rejects through the visitor at the top level.
    std::function<void(const ExperimentConfig&, ConfigVisitor&)> check;
  };
  std::map<std::string, Entry> entries;

  std::vector<std::string> names() const;
  StringRule rule() const { return StringRule::one_of(names(), kind); }
};

// A registry that builds components keeps their builds apart from the choice set (which needs no LibTorch, so
// that configs are read and fuzzed without it): std::logic_error unless `built` (the registry's names) are
// exactly the set's names of `family` ("" for all of them).
void expect_same_names(const ChoiceSet& set, const std::string& family,
                       const std::vector<std::string>& built);

// The choice set of a registry whose entries carry a `description` and an `options` factory (the schedule
// and policy registries, which need no LibTorch): one entry per registered name, no family.
template <class Registry>
ChoiceSet registry_choices(std::string kind, const Registry& registry) {
  ChoiceSet set;
  set.kind = std::move(kind);
  for (const auto& [name, e] : registry.entries()) set.entries[name] = {e.description, e.options, "", {}};
  return set;
}

// Every choice set an experiment needs, by kind.
class Choices {
 public:
  Choices& add(ChoiceSet set);
  // Throws std::logic_error naming the kind when it was not provided.
  const ChoiceSet& at(const std::string& kind) const;

 private:
  std::map<std::string, ChoiceSet> sets_;
};

}  // namespace emorec::config
