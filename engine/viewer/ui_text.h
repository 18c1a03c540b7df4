// Every string of the control room in Vietnamese, Chinese (simplified) and English.
#pragma once

#include <cstdint>
#include <string_view>

#include "engine/viewer/language.h"

namespace gatetwin::viewer {

/// One piece of UI text. Ranges of consecutive ids mirror engine/replay enums (stages, event
/// kinds, doubt reasons, classes, directions), so `First + int(value)` finds their text.
enum class TextId : uint16_t {
  // title bar
  kAppTitle,
  kAppSubtitle,
  kPlaying,
  kPaused,
  kHelpHint,
  kFrameTime,
  // panels
  kTimeline,
  kKpi,
  kEventLog,
  kLayers,
  kViewpoints,
  kSelectedVehicle,
  kHelp,
  // timeline
  kPlay,
  kPause,
  kStepBack,
  kStepForward,
  kSpeed,
  kLoop,
  kLocalTime,
  kSensorFault,
  kSensorOffline,
  kClickToJump,
  kUntilEnd,
  kLive,
  kLiveFollowing,
  kFaultsInFeed,
  // KPIs
  kVehiclesPresent,
  kQueueByLane,
  kThroughput,
  kPerHour,
  kMeanTimeInSystem,
  kMinutes,
  kLastHour,
  kLiveTrend,
  kQueuedTotal,
  kCompleted,
  kVehiclesUnit,
  // event log
  kFilterSensor,
  kTime,
  kSensor,
  kLane,
  kKind,
  kDoubtfulInput,
  kRead,
  kApplied,
  kNoEvents,
  kAll,
  kNone,
  // event kinds, in replay::EventKind order
  kKindPlateRead,
  kKindPresence,
  kKindLoop,
  kKindGps,
  kKindBarrier,
  kKindWeigh,
  kKindScan,
  kKindRfid,
  kKindStatus,
  // doubt reasons, in replay::Reason order
  kReasonMalformed,
  kReasonUnknownSensor,
  kReasonUnknownKind,
  kReasonDuplicate,
  kReasonLate,
  kReasonOutsideRange,
  // layers, in bit order of the layer mask
  kLayerGround,
  kLayerLanes,
  kLayerBuildings,
  kLayerSensors,
  kLayerLabels,
  kLayerVehicles,
  kLayerOverlays,
  kColourBy,
  kByStage,
  kByDirection,
  kLanguage,
  kLegend,
  // stages, in engine::SnapshotStage order
  kStageApproaching,
  kStageQueued,
  kStageInService,
  kStageCleared,
  kStageInYard,
  kStageExited,
  // directions, in world::Direction order
  kDirVnToCn,
  kDirCnToVn,
  // vehicle classes, in world::VehicleClass order
  kClassTruck,
  kClassContainer,
  kClassTanker,
  kClassCar,
  kClassBus,
  kClassOther,
  // selected vehicle
  kPlate,
  kClass,
  kStage,
  kDirection,
  kBooth,
  kYard,
  kEntered,
  kTimeInSystem,
  kStageTimes,
  kFollow,
  kStopFollow,
  kDeselect,
  kNoVehicleSelected,
  kVehicleLeft,
  kScanHold,
  kGrossWeight,
  kFollowing,
  // help
  kHelpMouse,
  kHelpKeyboard,
  kKeyLeftDrag,
  kKeyPanDrag,
  kKeyWheel,
  kKeyClick,
  kKeySpace,
  kActOrbit,
  kActPan,
  kActZoom,
  kActPick,
  kActPlayPause,
  kActStep,
  kActSpeed,
  kActViewpoint,
  kActFollow,
  kActLanguage,
  kActHelp,
  kActPresentation,
  kActQuit,
  kClose,
  // language names (each in its own language)
  kLangVi,
  kLangZh,
  kLangEn,
  // training (the instructor and trainee panel); incident kinds in train::IncidentKind order
  kTraining,
  kAlarms,
  kNoAlarmsYet,
  kAcknowledge,
  kAcknowledgedAt,
  kDecisions,
  kOpen,
  kCloseIt,
  kReverseLane,
  kDivertToYard,
  kPerishableFirst,
  kInstructor,
  kInjectNow,
  kNote,
  kAddNote,
  kShiftTimeline,
  kScoreNow,
  kScoreOutOf100,
  kTotalDelay,
  kPerishableDelay,
  kPeakQueue,
  kResponse,
  kTrainee,
  kBaseline,
  kRefused,
  kIncScannerFault,
  kIncLaneClosure,
  kIncBarrierStuck,
  kIncSurge,
  kIncBoothBlocked,
  kIncSensorOffline,
  kIncRain,
  kIncPerishableConvoy,
  kNewIncident,
  kStrikeNow,
  kLastingMinutes,
  kTruckCount,
  kSpeedFactor,
  kCount
};
inline constexpr int kTextIdCount = static_cast<int>(TextId::kCount);

/// The text of `id` in `language` (UTF-8, never null, never empty).
const char* Tr(TextId id, Language language);

/// `first` offset by `index` (for the enum-mirroring ranges), e.g. Offset(kStageApproaching, stage).
constexpr TextId Offset(TextId first, int index) { return static_cast<TextId>(static_cast<int>(first) + index); }

/// Every string of the table in every language, for building the font atlas's glyph ranges.
std::string_view AllUiText(int index);  // index in [0, kTextIdCount * kLanguageCount)

}  // namespace gatetwin::viewer
