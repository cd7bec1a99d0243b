// emorec datasets [--root DIR]: the known data sets and whether each is present under the data root.
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "data/dataset_registry.h"

namespace emorec::cli {

Command add_datasets(CLI::App& app) {
  auto root = std::make_shared<std::string>();
  auto* sub = app.add_subcommand("datasets", "list the known data sets and whether each is present");
  sub->add_option("--root", *root, "data root (default: $EMOREC_DATA, else ../shared/data)");
  return [root] {
    std::string how;
    const std::string dir = data::resolve_data_root(*root, &how);
    std::cout << "data root: " << std::filesystem::absolute(dir).lexically_normal().string() << " (" << how
              << ")\n\n";
    for (const auto& [name, info] : data::dataset_registry().entries()) {
      std::string missing;
      for (const auto& f : info.files) {
        if (!std::filesystem::is_regular_file(std::filesystem::path(dir) / info.folder / f)) {
          missing += (missing.empty() ? "" : ", ") + f;
        }
      }
      const char* status = info.files.empty() ? "built-in" : missing.empty() ? "present" : "MISSING";
      std::printf("  %-22s %-8s %-10s %s\n", name.c_str(), status,
                  info.trainable ? "trainable" : "", info.description.c_str());
      if (!missing.empty()) std::printf("  %-22s missing: %s\n", "", missing.c_str());
    }
    return 0;
  };
}

}  // namespace emorec::cli
