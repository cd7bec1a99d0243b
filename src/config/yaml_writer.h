// Writes a config struct back as YAML: every field, defaults included, in declaration order. This is the
// resolved config stored with each run, and what `emorec config show` prints.
#pragma once
#include <yaml-cpp/yaml.h>

#include "config/visitor.h"

namespace emorec::config {

class YamlWriter final : public ConfigVisitor {
 public:
  YamlWriter(YAML::Emitter& out, const Choices& choices) : out_(out), choices_(choices) {}

  void field(const char* key, int64_t& value, const IntRule&, const char*, bool) override;
  void field(const char* key, double& value, const NumberRule&, const char*, bool) override;
  void field(const char* key, bool& value, const char*) override;
  void field(const char* key, std::string& value, const StringRule&, const char*, bool) override;
  void field(const char* key, std::optional<double>& value, const NumberRule&, const char*) override;
  void field(const char* key, std::vector<double>& value, const NumberRule&, size_t, const char*) override;
  void field(const char* key, std::vector<int64_t>& value, const IntRule&, const char*) override;
  void field(const char* key, std::vector<std::string>& value, const StringRule&, const char*) override;
  void section(const char* key, const char* doc, const std::function<void(ConfigVisitor&)>& body) override;
  void section_list(const char* key, const char* doc, size_t size, const std::function<void(size_t)>& resize,
                    const std::function<void(ConfigVisitor&, size_t)>& item, const char* noun, size_t min_items,
                    bool required) override;
  void reject(const char*, const std::string&) override {}
  void choice(const char* key, std::string& name, ComponentOptions& options, const std::string& kind,
              const char* doc, bool required) override;
  const Choices& choices() const override { return choices_; }

 private:
  YAML::Emitter& out_;
  const Choices& choices_;
};

// Renders any struct with `void visit(ConfigVisitor&)` as a YAML document.
template <class Config>
std::string to_yaml(Config& config, const Choices& choices) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  YamlWriter writer(out, choices);
  config.visit(writer);
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace emorec::config
