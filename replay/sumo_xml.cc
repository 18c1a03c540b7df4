// Streams SUMO's FCD and E1 (induction loop) XML outputs into records, with the line of each.
#include "replay/sumo_xml.h"

#include <expat.h>

#include <charconv>
#include <climits>
#include <cmath>
#include <cstring>
#include <system_error>

namespace gatetwin::replay {
namespace {

// beyond any net coordinate (UTM northings are < 1e7 m) or simulated time (1e12 s is 30,000 years)
constexpr double kMaxMagnitude = 1e12;

bool ParseDouble(const char* text, double* out) {
  const char* end = text + std::strlen(text);
  // SUMO writes plain decimals; from_chars does not skip the blanks XML allows around them
  while (text < end && (*text == ' ' || *text == '\t')) ++text;
  while (end > text && (end[-1] == ' ' || end[-1] == '\t')) --end;
  if (text < end && *text == '+') ++text;
  const auto r = std::from_chars(text, end, *out);
  // inf, nan and astronomic values are no coordinate, speed or time sumo writes
  return r.ec == std::errc() && r.ptr == end && text != end && std::fabs(*out) < kMaxMagnitude;
}

bool ParseInt(const char* text, int64_t* out) {
  const char* end = text + std::strlen(text);
  const auto r = std::from_chars(text, end, *out);
  return r.ec == std::errc() && r.ptr == end && text != end;
}

}  // namespace

struct SumoXmlReader::Impl {
  std::string name;
  SumoXmlHandler* handler;
  XML_Parser parser;
  SumoFileKind kind = SumoFileKind::kUnknown;
  int depth = 0;
  bool in_timestep = false;
  std::string error;

  Impl(std::string n, SumoXmlHandler* h) : name(std::move(n)), handler(h), parser(XML_ParserCreate(nullptr)) {
    XML_SetUserData(parser, this);
    XML_SetElementHandler(parser, &Impl::Start, &Impl::End);
  }
  ~Impl() { XML_ParserFree(parser); }

  uint64_t Line() const { return XML_GetCurrentLineNumber(parser); }

  void Fail(std::string message) {
    if (error.empty()) {
      error = name + ":" + std::to_string(XML_GetCurrentLineNumber(parser)) + ":" +
              std::to_string(XML_GetCurrentColumnNumber(parser) + 1) + ": " + std::move(message);
    }
    XML_StopParser(parser, XML_FALSE);
  }

  // a number attribute: absent leaves `*has` false, unparsable is reported and also leaves it false
  bool Number(const char* element, const char* key, const char* value, double* out, bool* has) {
    if (ParseDouble(value, out)) {
      *has = true;
    } else {
      handler->OnBadAttribute(element, key, value, Line());
    }
    return true;
  }

  void StartRoot(const char* el) {
    if (std::strcmp(el, "fcd-export") == 0) {
      kind = SumoFileKind::kFcd;
    } else if (std::strcmp(el, "detector") == 0) {
      kind = SumoFileKind::kE1;
    } else {
      Fail(std::string("root element <") + el +
           "> is neither <fcd-export> (sumo --fcd-output) nor <detector> (E1 inductionLoop output)");
    }
  }

  void StartTimestep(const char** atts) {
    double time_s = 0;
    bool ok = false;
    for (int i = 0; atts[i] != nullptr; i += 2) {
      if (std::strcmp(atts[i], "time") == 0) Number("timestep", "time", atts[i + 1], &time_s, &ok);
    }
    if (!ok && !HasAttr(atts, "time")) handler->OnBadAttribute("timestep", "time", "", Line());
    in_timestep = true;
    handler->OnTimestep(time_s, ok, Line());
  }

  static bool HasAttr(const char** atts, const char* key) {
    for (int i = 0; atts[i] != nullptr; i += 2) {
      if (std::strcmp(atts[i], key) == 0) return true;
    }
    return false;
  }

  void StartVehicle(const char** atts) {
    FcdVehicle v;
    v.line = Line();
    for (int i = 0; atts[i] != nullptr; i += 2) {
      const char* k = atts[i];
      const char* val = atts[i + 1];
      if (std::strcmp(k, "id") == 0) {
        v.id = val;
      } else if (std::strcmp(k, "x") == 0) {
        Number("vehicle", k, val, &v.x, &v.has_x);
      } else if (std::strcmp(k, "y") == 0) {
        Number("vehicle", k, val, &v.y, &v.has_y);
      } else if (std::strcmp(k, "angle") == 0) {
        Number("vehicle", k, val, &v.angle_deg, &v.has_angle);
      } else if (std::strcmp(k, "speed") == 0) {
        Number("vehicle", k, val, &v.speed_mps, &v.has_speed);
      } else if (std::strcmp(k, "pos") == 0) {
        Number("vehicle", k, val, &v.pos_m, &v.has_pos);
      } else if (std::strcmp(k, "lane") == 0) {
        v.lane = val;
      } else if (std::strcmp(k, "type") == 0) {
        v.type = val;
      }
      // the other FCD attributes (z, slope, signals, odometer, ...) are not needed
    }
    handler->OnVehicle(v);
  }

  void StartInterval(const char** atts) {
    E1Interval iv;
    iv.line = Line();
    for (int i = 0; atts[i] != nullptr; i += 2) {
      const char* k = atts[i];
      const char* val = atts[i + 1];
      if (std::strcmp(k, "id") == 0) {
        iv.id = val;
      } else if (std::strcmp(k, "begin") == 0) {
        Number("interval", k, val, &iv.begin_s, &iv.has_begin);
      } else if (std::strcmp(k, "end") == 0) {
        Number("interval", k, val, &iv.end_s, &iv.has_end);
      } else if (std::strcmp(k, "nVehContrib") == 0) {
        if (ParseInt(val, &iv.count) && iv.count >= 0) {
          iv.has_count = true;
        } else {
          handler->OnBadAttribute("interval", k, val, iv.line);
        }
      } else if (std::strcmp(k, "flow") == 0) {
        bool has = false;
        Number("interval", k, val, &iv.flow_vph, &has);
      } else if (std::strcmp(k, "occupancy") == 0) {
        Number("interval", k, val, &iv.occupancy_pct, &iv.has_occupancy);
      } else if (std::strcmp(k, "speed") == 0) {
        Number("interval", k, val, &iv.speed_mps, &iv.has_speed);
      }
    }
    handler->OnInterval(iv);
  }

  static void XMLCALL Start(void* data, const XML_Char* el, const XML_Char** atts) {
    auto* self = static_cast<Impl*>(data);
    ++self->depth;
    if (self->depth == 1) {
      self->StartRoot(el);
    } else if (self->kind == SumoFileKind::kFcd && self->depth == 2 && std::strcmp(el, "timestep") == 0) {
      self->StartTimestep(atts);
    } else if (self->kind == SumoFileKind::kFcd && self->depth == 3 && self->in_timestep &&
               std::strcmp(el, "vehicle") == 0) {
      self->StartVehicle(atts);
    } else if (self->kind == SumoFileKind::kE1 && self->depth == 2 && std::strcmp(el, "interval") == 0) {
      self->StartInterval(atts);
    } else if (!(self->depth > 2 && self->kind == SumoFileKind::kE1) &&
               !(self->depth > 3 && self->kind == SumoFileKind::kFcd)) {
      // children of the records themselves (params) belong to a counted record; anything else is told
      self->handler->OnIgnoredElement(el, self->Line());
    }
  }

  static void XMLCALL End(void* data, const XML_Char* el) {
    auto* self = static_cast<Impl*>(data);
    if (self->depth == 2 && std::strcmp(el, "timestep") == 0) self->in_timestep = false;
    --self->depth;
  }
};

SumoXmlReader::SumoXmlReader(std::string name, SumoXmlHandler* handler)
    : impl_(std::make_unique<Impl>(std::move(name), handler)) {}
SumoXmlReader::~SumoXmlReader() = default;

bool SumoXmlReader::Parse(const char* data, size_t n, bool last) {
  if (!impl_->error.empty()) return false;
  // expat takes an int length: feed huge pieces in parts
  while (n > static_cast<size_t>(INT_MAX / 2)) {
    if (!Parse(data, INT_MAX / 2, false)) return false;
    data += INT_MAX / 2;
    n -= INT_MAX / 2;
  }
  if (XML_Parse(impl_->parser, data, static_cast<int>(n), last ? 1 : 0) == XML_STATUS_ERROR) {
    if (impl_->error.empty()) {
      const XML_Error code = XML_GetErrorCode(impl_->parser);
      std::string what = XML_ErrorString(code);
      if (code == XML_ERROR_NO_ELEMENTS) what = "no XML element: not a SUMO output file";
      impl_->error = impl_->name + ":" + std::to_string(XML_GetCurrentLineNumber(impl_->parser)) + ":" +
                     std::to_string(XML_GetCurrentColumnNumber(impl_->parser) + 1) + ": XML: " + what +
                     " (the file is cut short or not what sumo wrote; regenerate it)";
    }
    return false;
  }
  return true;
}

SumoFileKind SumoXmlReader::kind() const { return impl_->kind; }
const std::string& SumoXmlReader::error() const { return impl_->error; }
uint64_t SumoXmlReader::line() const { return XML_GetCurrentLineNumber(impl_->parser); }

}  // namespace gatetwin::replay
