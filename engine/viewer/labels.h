// Scene labels: screen-facing names in vi/zh/en over buildings, zones and border markers.
#pragma once

#include <vector>

#include <osg/Group>
#include <osg/Vec3>
#include <osg/ref_ptr>
#include <osgText/Font>
#include <osgText/Text>

#include "engine/viewer/language.h"
#include "world/world.h"

namespace gatetwin::viewer {

/// Labels drawn on top of the scene at a constant size in pixels, white on a dark plate, in
/// one language at a time (switchable in place).
class Labels {
 public:
  /// How prominent a label is.
  enum class Style { kBuilding, kZone, kMarker, kRegion };

  explicit Labels(Language language);
  ~Labels();

  /// Adds a label showing `names` (in the current language) with its bottom centre at `anchor`.
  void Add(const world::Names& names, const osg::Vec3& anchor, Style style);
  /// Swaps every label's text to `language`.
  void SetLanguage(Language language);

  osg::Group* root() { return root_.get(); }
  size_t size() const { return labels_.size(); }
  /// The text label `index` shows now (UTF-8).
  std::string text(size_t index) const;

 private:
  struct Label {
    world::Names names;
    osg::ref_ptr<osgText::Text> text;
  };
  Language language_;
  osg::ref_ptr<osg::Group> root_;
  osg::ref_ptr<osgText::Font> font_;
  std::vector<Label> labels_;
};

}  // namespace gatetwin::viewer
