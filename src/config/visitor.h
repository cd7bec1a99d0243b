// The one description of every configuration field: each config struct lists its fields once, in a
// `visit(ConfigVisitor&)` method, and the strict reader, the YAML writer and the docs generator all walk it.
#pragma once
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace emorec::config {

class Choices;
class ComponentOptions;

// Constraints on a number. `what` is the phrase used in errors: "expected <what>, got ...".
struct NumberRule {
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool min_exclusive = false;
  std::string what = "a number";

  static NumberRule any() { return {}; }
  static NumberRule positive() { return {0, std::numeric_limits<double>::infinity(), true, "a positive number"}; }
  static NumberRule non_negative() {
    return {0, std::numeric_limits<double>::infinity(), false, "a number >= 0"};
  }
  static NumberRule probability() { return {0, 1, false, "a number in [0, 1]"}; }
  static NumberRule range(double lo, double hi);
  bool accepts(double v) const;
};

// Constraints on an integer.
struct IntRule {
  int64_t min = std::numeric_limits<int64_t>::min();
  int64_t max = std::numeric_limits<int64_t>::max();
  std::string what = "an integer";

  static IntRule any() { return {}; }
  static IntRule at_least(int64_t lo);
  static IntRule range(int64_t lo, int64_t hi);
  bool accepts(int64_t v) const { return v >= min && v <= max; }
};

// Constraints on a string: empty `choices` accepts anything; `kind` names the choices in errors
// ("unknown optimizer 'x' (known: adam, sgd)"). `check`, when set, returns "" for an accepted value and
// otherwise what was expected, for "expected <that>, got "x"" (a form, e.g. "KEY.PATH=VALUE").
struct StringRule {
  std::vector<std::string> choices;
  std::string kind;
  std::function<std::string(const std::string&)> check;
  static StringRule any() { return {}; }
  static StringRule one_of(std::vector<std::string> choices, std::string kind = "value");
  static StringRule matching(std::function<std::string(const std::string&)> check);
  // "" when `value` passes choices and check; else the message after "key: ".
  std::string problem(const std::string& value) const;
};

// Shortest "%g"-style text of a number, as used in messages and docs ("0.0005", "1e+30").
std::string format_number(double v);

class ConfigVisitor {
 public:
  virtual ~ConfigVisitor() = default;
  // `required` fields have no default: leaving them out is an error. Others keep their in-code default.
  virtual void field(const char* key, int64_t& value, const IntRule& rule, const char* doc,
                     bool required = false) = 0;
  virtual void field(const char* key, double& value, const NumberRule& rule, const char* doc,
                     bool required = false) = 0;
  virtual void field(const char* key, bool& value, const char* doc) = 0;
  virtual void field(const char* key, std::string& value, const StringRule& rule, const char* doc,
                     bool required = false) = 0;
  // Absent or null means "not given" (std::nullopt).
  virtual void field(const char* key, std::optional<double>& value, const NumberRule& rule, const char* doc) = 0;
  // A list of exactly `length` numbers; length 0 means any non-empty list.
  virtual void field(const char* key, std::vector<double>& value, const NumberRule& rule, size_t length,
                     const char* doc) = 0;
  // A list of integers, each accepted by `rule`; non-empty.
  virtual void field(const char* key, std::vector<int64_t>& value, const IntRule& rule, const char* doc) = 0;
  // A list of strings, each accepted by `rule`; may be empty.
  virtual void field(const char* key, std::vector<std::string>& value, const StringRule& rule, const char* doc) = 0;
  // A nested mapping. `body` visits its fields.
  virtual void section(const char* key, const char* doc, const std::function<void(ConfigVisitor&)>& body) = 0;
  // A list of mappings: each item is visited by `item(visitor, index)` as the section KEY[index]. A reader
  // first calls `resize(n)` with the list's length; a given list must hold at least `min_items`, and `noun`
  // names the items in messages ("expected a list of rows"). `size` is the list's current length.
  virtual void section_list(const char* key, const char* doc, size_t size, const std::function<void(size_t)>& resize,
                            const std::function<void(ConfigVisitor&, size_t)>& item, const char* noun,
                            size_t min_items, bool required) = 0;
  // The 1-based line of the mapping being visited, for visitors that read a file; 0 for the others.
  virtual int line() const { return 0; }
  // A registered component chosen by name (field `key`, one of choices().at(kind)), whose own options are
  // visited next, as siblings of `key` in the same mapping (config/component.h). Reading a name replaces
  // `options` by that component's defaults before its keys are read; a key no visited field claims is then
  // an error that names the component.
  virtual void choice(const char* key, std::string& name, ComponentOptions& options, const std::string& kind,
                      const char* doc, bool required) = 0;
  // The choice sets of the registries (also the vocabularies of plain names: choices().at("dataset").rule()).
  virtual const Choices& choices() const = 0;
  // Fails the field `key` (already visited) with `message`, located where the field came from. Used for
  // constraints across fields (e.g. split fractions that must sum to 1). Visitors that do not read
  // ignore it.
  virtual void reject(const char* key, const std::string& message) = 0;
};

}  // namespace emorec::config
