// Renders the reference of every config field (key path, type, default, allowed values, meaning) as a
// Markdown table: the source of docs/CONFIG.md, so the document cannot drift from the code.
#pragma once
#include <sstream>
#include <string>

#include "config/visitor.h"

namespace emorec::config {

class DocWriter final : public ConfigVisitor {
 public:
  // `components` receives a section per registered component with options (see choice()).
  DocWriter(std::ostringstream& out, const Choices& choices, std::ostringstream& components, std::string prefix = "")
      : out_(out), choices_(choices), components_(components), prefix_(std::move(prefix)) {}

  void field(const char* key, int64_t& value, const IntRule& rule, const char* doc, bool required) override;
  void field(const char* key, double& value, const NumberRule& rule, const char* doc, bool required) override;
  void field(const char* key, bool& value, const char* doc) override;
  void field(const char* key, std::string& value, const StringRule& rule, const char* doc,
             bool required) override;
  void field(const char* key, std::optional<double>& value, const NumberRule& rule, const char* doc) override;
  void field(const char* key, std::vector<double>& value, const NumberRule& rule, size_t length,
             const char* doc) override;
  void field(const char* key, std::vector<int64_t>& value, const IntRule& rule, const char* doc) override;
  void field(const char* key, std::vector<std::string>& value, const StringRule& rule, const char* doc) override;
  void section(const char* key, const char* doc, const std::function<void(ConfigVisitor&)>& body) override;
  // The list's row, then the keys of an item under KEY[]; documents an item of the list (resized to one
  // item when empty, so the struct being documented must be a throwaway default).
  void section_list(const char* key, const char* doc, size_t size, const std::function<void(size_t)>& resize,
                    const std::function<void(ConfigVisitor&, size_t)>& item, const char* noun, size_t min_items,
                    bool required) override;
  void reject(const char*, const std::string&) override {}
  // The name's row here; each component's own keys in a section of their own, "### model: kg/kgcn".
  void choice(const char* key, std::string& name, ComponentOptions& options, const std::string& kind,
              const char* doc, bool required) override;
  const Choices& choices() const override { return choices_; }

 private:
  void row(const char* key, const std::string& type, const std::string& def, const char* doc);
  std::ostringstream& out_;
  const Choices& choices_;
  std::ostringstream& components_;
  std::string prefix_;
};

// The Markdown table for a default-constructed `Config`, then one table per component with options.
template <class Config>
std::string config_reference(const Choices& choices) {
  Config config;
  std::ostringstream out, components;
  out << "| key | type | default | meaning |\n|---|---|---|---|\n";
  DocWriter writer(out, choices, components);
  config.visit(writer);
  return out.str() + components.str();
}

}  // namespace emorec::config
