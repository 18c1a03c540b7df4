// Scene labels with osgText and Noto Sans CJK (one face draws Chinese and Vietnamese).
#include "engine/viewer/labels.h"

#include <cstdio>

#include <osg/Depth>
#include <osg/Geode>
#include <osgDB/Options>
#include <osgText/Font>
#include <osgText/Text>

namespace gatetwin::viewer {
namespace {

// NotoSansCJK-*.ttc holds JP, KR, SC, TC, HK faces; face 2 (SC) draws 友谊关 in the simplified
// forms used at Youyiguan, and its Latin has Vietnamese's stacked diacritics
osg::ref_ptr<osgText::Font> LoadFont() {
  osg::ref_ptr<osgText::Font> cached;
  const FontFiles files = FindFonts();
  if (!files.cjk.empty()) {
    osg::ref_ptr<osgDB::Options> options = new osgDB::Options("index=2");
    // osgDB's object cache keeps the parsed font for the next scene (a language or phase switch)
    options->setObjectCacheHint(osgDB::Options::CACHE_OBJECTS);
    cached = osgText::readRefFontFile(files.cjk, options.get());
  }
  if (!cached && !files.latin.empty()) {
    std::fprintf(stderr, "labels: Noto Sans CJK not found (apt install fonts-noto-cjk); Chinese names will not draw\n");
    cached = osgText::readRefFontFile(files.latin);
  }
  if (!cached) {
    std::fprintf(stderr, "labels: no font found (apt install fonts-noto-cjk fonts-dejavu-core); using OSG's own\n");
    cached = osgText::Font::getDefaultFont();
  }
  return cached;
}

}  // namespace

Labels::Labels(Language language) : language_(language), root_(new osg::Group), font_(LoadFont()) {
  root_->setName("labels");
  osg::StateSet* state = root_->getOrCreateStateSet();
  // labels stay readable over anything: drawn last, never hidden by hills or buildings
  state->setMode(GL_LIGHTING, osg::StateAttribute::OFF);
  state->setMode(GL_FOG, osg::StateAttribute::OFF);
  state->setAttributeAndModes(new osg::Depth(osg::Depth::ALWAYS, 0.0, 1.0, false));
  state->setRenderBinDetails(50, "RenderBin");
}

Labels::~Labels() = default;

void Labels::Add(const world::Names& names, const osg::Vec3& anchor, Style style) {
  osg::ref_ptr<osgText::Text> text = new osgText::Text;
  text->setFont(font_.get());
  text->setFontResolution(40, 40);
  text->setCharacterSizeMode(osgText::Text::SCREEN_COORDS);
  text->setAxisAlignment(osgText::Text::SCREEN);
  text->setAlignment(osgText::Text::CENTER_BOTTOM);
  text->setPosition(anchor);
  text->setColor(osg::Vec4(0.97f, 0.97f, 0.95f, 1));
  float size = 18, margin = 5;
  osg::Vec4 plate(0.09f, 0.12f, 0.15f, 0.78f);
  switch (style) {
    case Style::kBuilding: break;
    case Style::kZone:
      size = 15;
      margin = 4;
      plate = osg::Vec4(0.16f, 0.2f, 0.22f, 0.62f);
      break;
    case Style::kMarker:
      size = 16;
      plate = osg::Vec4(0.45f, 0.1f, 0.09f, 0.85f);  // the border's red, darkened for contrast
      break;
    case Style::kRegion:
      size = 26;
      margin = 7;
      plate = osg::Vec4(0.09f, 0.12f, 0.15f, 0.5f);
      break;
  }
  text->setCharacterSize(size);
  text->setDrawMode(osgText::Text::TEXT | osgText::Text::FILLEDBOUNDINGBOX);
  text->setBoundingBoxColor(plate);
  text->setBoundingBoxMargin(margin);
  text->setText(PickName(names, language_), osgText::String::ENCODING_UTF8);
  text->setDataVariance(osg::Object::DYNAMIC);
  // labels never hide anything, and osgText's depth pass would draw every glyph twice
  text->setEnableDepthWrites(false);
  osg::ref_ptr<osg::Geode> geode = new osg::Geode;
  // a screen-sized text's bound is only known after its first draw: small-feature culling
  // would drop it before then
  text->setCullingActive(false);
  geode->setCullingActive(false);
  geode->addDrawable(text);
  root_->addChild(geode);
  labels_.push_back({names, text});
}

void Labels::SetLanguage(Language language) {
  language_ = language;
  for (auto& label : labels_) label.text->setText(PickName(label.names, language), osgText::String::ENCODING_UTF8);
}

std::string Labels::text(size_t index) const {
  return index < labels_.size() ? labels_[index].text->getText().createUTF8EncodedString() : std::string();
}

}  // namespace gatetwin::viewer
