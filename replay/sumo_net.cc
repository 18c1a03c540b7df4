// Reads the <location> of a SUMO net file: its netOffset and projection (for geo placement).
#include <expat.h>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

#include "replay/gz_file.h"
#include "replay/sumo_map.h"

namespace gatetwin::replay {
namespace {

struct LocationParse {
  XML_Parser parser = nullptr;
  std::string path;
  std::optional<SumoNetLocation> location;
  std::string error;
};

// "+proj=utm +zone=48 +ellps=WGS84 ..." → zone and hemisphere; 0 when not UTM
void ParseProj(SumoNetLocation* loc) {
  const std::string& p = loc->proj;
  if (p.find("+proj=utm") == std::string::npos) return;
  const size_t z = p.find("+zone=");
  if (z == std::string::npos) return;
  const int zone = std::atoi(p.c_str() + z + 6);
  if (zone < 1 || zone > 60) return;
  loc->utm_zone = zone;
  loc->utm_north = p.find("+south") == std::string::npos;
}

void XMLCALL Start(void* data, const XML_Char* el, const XML_Char** atts) {
  auto* self = static_cast<LocationParse*>(data);
  if (std::strcmp(el, "location") != 0) return;
  SumoNetLocation loc;
  bool has_offset = false;
  for (int i = 0; atts[i] != nullptr; i += 2) {
    if (std::strcmp(atts[i], "netOffset") == 0) {
      char* end = nullptr;
      loc.net_offset_x_m = std::strtod(atts[i + 1], &end);
      if (end != nullptr && *end == ',') {
        char* end2 = nullptr;
        loc.net_offset_y_m = std::strtod(end + 1, &end2);
        has_offset = end2 != end + 1 && *end2 == '\0';
      }
    } else if (std::strcmp(atts[i], "projParameter") == 0) {
      loc.proj = atts[i + 1];
    }
  }
  if (!has_offset) {
    self->error = self->path + ":" + std::to_string(XML_GetCurrentLineNumber(self->parser)) +
                  ": <location> has no netOffset=\"x,y\" (is this a net written by netconvert?)";
  } else {
    ParseProj(&loc);
    self->location = loc;
  }
  // the location comes first in a net; the rest of the file is not needed
  XML_StopParser(self->parser, XML_FALSE);
}

}  // namespace

std::optional<SumoNetLocation> ReadSumoNetLocation(const std::string& path, std::string* error) {
  const auto file = GzFile::Open(path, error);  // a net may be gzipped (.net.xml.gz) too
  if (!file) return std::nullopt;
  LocationParse parse;
  parse.path = path;
  parse.parser = XML_ParserCreate(nullptr);
  std::unique_ptr<std::remove_pointer_t<XML_Parser>, void (*)(XML_Parser)> owner(parse.parser, &XML_ParserFree);
  XML_SetUserData(parse.parser, &parse);
  XML_SetStartElementHandler(parse.parser, &Start);
  char buffer[1 << 16];
  for (;;) {
    const size_t n = file->Read(buffer, sizeof buffer);
    if (!file->error().empty()) {
      *error = file->error();
      return std::nullopt;
    }
    const bool last = n < sizeof buffer;
    if (XML_Parse(parse.parser, buffer, static_cast<int>(n), last ? 1 : 0) == XML_STATUS_ERROR) {
      if (XML_GetErrorCode(parse.parser) == XML_ERROR_ABORTED) break;
      *error = path + ":" + std::to_string(XML_GetCurrentLineNumber(parse.parser)) +
               ": XML: " + XML_ErrorString(XML_GetErrorCode(parse.parser));
      return std::nullopt;
    }
    if (last) break;
  }
  if (!parse.error.empty()) {
    *error = parse.error;
    return std::nullopt;
  }
  if (!parse.location) {
    *error = path + ": no <location> element: not a SUMO net (write it with netconvert)";
    return std::nullopt;
  }
  return parse.location;
}

}  // namespace gatetwin::replay
