// LoadWorld / LoadWorldFromString: read, apply overlays, build, validate; never throws.
#include "world/load.h"

#include <filesystem>

#include "world/build.h"
#include "world/diagnostics.h"
#include "world/overlay.h"
#include "world/yaml_reader.h"

namespace gatetwin::world {
namespace {

// the layered document → a validated world or the sorted errors
LoadResult Finish(const std::optional<LayeredDoc>& doc, Diagnostics* diags) {
  LoadResult result;
  std::vector<std::string> files;
  if (doc) {
    files = doc->files;
    BuiltWorld built = BuildWorld(*doc, diags);
    // elements with errors were left out, so these checks see only sound ones
    ValidateGeometry(built, diags);
    if (!diags->HasErrors()) {
      built.world.Reindex();
      result.world = std::move(built.world);
    }
  }
  result.errors = diags->TakeSorted(files);
  return result;
}

// a last line of defence: a bug of ours must not take the caller down with a bad file
LoadResult InternalError(const std::string& file, const char* what) {
  LoadResult result;
  result.errors.push_back(Diagnostic{SourceLoc{file, 0, 0}, std::string("internal error while loading: ") + what});
  return result;
}

}  // namespace

LoadResult LoadWorld(const std::string& path) {
  try {
    Diagnostics diags;
    std::string text, reason;
    if (!ReadTextFile(path, &text, &reason)) {
      diags.Error(SourceLoc{path, 0, 0}, "cannot open: " + reason);
      return Finish(std::nullopt, &diags);
    }
    std::error_code ec;
    auto canonical = std::filesystem::weakly_canonical(path, ec);
    std::vector<std::string> chain = {ec ? path : canonical.string()};
    auto doc = LoadLayers(text, path, std::filesystem::path(path).parent_path().string(), &chain, &diags);
    return Finish(doc, &diags);
  } catch (const std::exception& e) {
    return InternalError(path, e.what());
  } catch (...) {
    return InternalError(path, "unknown exception");
  }
}

LoadResult LoadWorldFromString(const std::string& yaml_text, const std::string& display_name,
                               const std::string& base_dir) {
  try {
    Diagnostics diags;
    std::vector<std::string> chain;
    auto doc = LoadLayers(yaml_text, display_name, base_dir, &chain, &diags);
    return Finish(doc, &diags);
  } catch (const std::exception& e) {
    return InternalError(display_name, e.what());
  } catch (...) {
    return InternalError(display_name, "unknown exception");
  }
}

}  // namespace gatetwin::world
