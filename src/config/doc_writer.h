// Renders the reference of every config field (key path, type, default, allowed values, meaning) as a
// Markdown table: the source of docs/CONFIG.md, so the document cannot drift from the code.
#pragma once
#include <sstream>
#include <string>

#include "config/visitor.h"

namespace emorec::config {

class DocWriter final : public ConfigVisitor {
 public:
  explicit DocWriter(std::ostringstream& out, std::string prefix = "") : out_(out), prefix_(std::move(prefix)) {}

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
  void reject(const char*, const std::string&) override {}

 private:
  void row(const char* key, const std::string& type, const std::string& def, const char* doc);
  std::ostringstream& out_;
  std::string prefix_;
};

// The Markdown table for a default-constructed `Config`.
template <class Config>
std::string config_reference() {
  Config config;
  std::ostringstream out;
  out << "| key | type | default | meaning |\n|---|---|---|---|\n";
  DocWriter writer(out);
  config.visit(writer);
  return out.str();
}

}  // namespace emorec::config
