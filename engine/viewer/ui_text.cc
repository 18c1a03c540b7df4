// The UI string table: one row per TextId, Vietnamese / Chinese (simplified) / English.
#include "engine/viewer/ui_text.h"

#include <array>

namespace gatetwin::viewer {

namespace {

struct Row {
  TextId id;  // checked against the row's position (a test and Tr's debug check)
  const char* vi;
  const char* zh;
  const char* en;
};

// Terms follow the customs vocabulary of both sides: "thông quan" / "通关" for clearance,
// "bốt kiểm soát" / "查验亭" for the inspection booths, "bãi" / "堆场" for the yards.
constexpr Row kRows[] = {
    {TextId::kAppTitle, "Cửa khẩu Hữu Nghị", "友谊关口岸", "Hữu Nghị Border Gate"},
    {TextId::kAppSubtitle, "Bản sao số · Phòng điều hành", "数字孪生 · 指挥中心", "Digital twin · Control room"},
    {TextId::kPlaying, "Đang phát", "播放中", "Playing"},
    {TextId::kPaused, "Tạm dừng", "已暂停", "Paused"},
    {TextId::kHelpHint, "F1: Trợ giúp", "F1：帮助", "F1: Help"},
    {TextId::kFrameTime, "khung hình", "帧", "frame"},
    {TextId::kTimeline, "Dòng thời gian", "时间轴", "Timeline"},
    {TextId::kKpi, "Chỉ số vận hành", "运行指标", "Key indicators"},
    {TextId::kEventLog, "Nhật ký sự kiện", "事件日志", "Event log"},
    {TextId::kLayers, "Lớp hiển thị", "图层", "Layers"},
    {TextId::kViewpoints, "Điểm nhìn", "视角", "Viewpoints"},
    {TextId::kSelectedVehicle, "Phương tiện đang chọn", "所选车辆", "Selected vehicle"},
    {TextId::kHelp, "Trợ giúp", "帮助", "Help"},
    {TextId::kPlay, "Phát", "播放", "Play"},
    {TextId::kPause, "Tạm dừng", "暂停", "Pause"},
    {TextId::kStepBack, "Lùi 1 phút", "后退1分钟", "Back 1 min"},
    {TextId::kStepForward, "Tiến 1 phút", "前进1分钟", "Forward 1 min"},
    {TextId::kSpeed, "Tốc độ", "速度", "Speed"},
    {TextId::kLoop, "Lặp lại", "循环", "Loop"},
    {TextId::kLocalTime, "Giờ địa phương", "当地时间", "Local time"},
    {TextId::kSensorFault, "Cảm biến lỗi", "传感器故障", "Sensor fault"},
    {TextId::kSensorOffline, "Cảm biến mất kết nối", "传感器离线", "Sensor offline"},
    {TextId::kClickToJump, "Nhấp để chuyển đến", "点击跳转", "Click to jump there"},
    {TextId::kUntilEnd, "đến hết", "至结束", "until the end"},
    {TextId::kLive, "TRỰC TIẾP", "实时", "LIVE"},
    {TextId::kLiveFollowing, "Theo dõi trực tiếp các cảm biến", "实时跟踪传感器", "Following the sensors live"},
    {TextId::kFaultsInFeed, "sự cố", "次故障", "faults"},
    {TextId::kVehiclesPresent, "Phương tiện trong khu vực", "区域内车辆", "Vehicles present"},
    {TextId::kQueueByLane, "Hàng chờ theo làn", "各车道排队", "Queue by lane"},
    {TextId::kThroughput, "Lưu lượng thông quan", "通关量", "Throughput"},
    {TextId::kPerHour, "xe/giờ", "辆/小时", "veh/h"},
    {TextId::kMeanTimeInSystem, "Thời gian lưu trung bình", "平均滞留时间", "Mean time in system"},
    {TextId::kMinutes, "phút", "分钟", "min"},
    {TextId::kLastHour, "trong 1 giờ qua", "近1小时", "last hour"},
    {TextId::kLiveTrend, "Diễn biến (mỗi phút)", "实时趋势（每分钟）", "Live trend (per minute)"},
    {TextId::kQueuedTotal, "Đang chờ", "排队中", "Queued"},
    {TextId::kCompleted, "Đã thông quan", "已通关", "Cleared through"},
    {TextId::kVehiclesUnit, "xe", "辆", "veh"},
    {TextId::kFilterSensor, "Lọc theo cảm biến", "按传感器筛选", "Filter by sensor"},
    {TextId::kTime, "Thời gian", "时间", "Time"},
    {TextId::kSensor, "Cảm biến", "传感器", "Sensor"},
    {TextId::kLane, "Làn", "车道", "Lane"},
    {TextId::kKind, "Loại", "类型", "Kind"},
    {TextId::kDoubtfulInput, "Dữ liệu đáng ngờ", "可疑输入", "Doubtful input"},
    {TextId::kRead, "Đã đọc", "已读取", "Read"},
    {TextId::kApplied, "Đã áp dụng", "已应用", "Applied"},
    {TextId::kNoEvents, "Chưa có sự kiện", "暂无事件", "No events yet"},
    {TextId::kAll, "Tất cả", "全部", "All"},
    {TextId::kNone, "Bỏ hết", "全不选", "None"},
    {TextId::kKindPlateRead, "Đọc biển số", "车牌识别", "Plate read"},
    {TextId::kKindPresence, "Hiện diện", "存在检测", "Presence"},
    {TextId::kKindLoop, "Vòng từ", "地感线圈", "Loop"},
    {TextId::kKindGps, "GPS", "GPS", "GPS"},
    {TextId::kKindBarrier, "Barie", "道闸", "Barrier"},
    {TextId::kKindWeigh, "Cân xe", "称重", "Weigh"},
    {TextId::kKindScan, "Soi chiếu", "X光查验", "Scan"},
    {TextId::kKindRfid, "RFID", "RFID", "RFID"},
    {TextId::kKindStatus, "Trạng thái", "状态", "Status"},
    {TextId::kReasonMalformed, "Sai định dạng", "格式错误", "Malformed"},
    {TextId::kReasonUnknownSensor, "Cảm biến không rõ", "未知传感器", "Unknown sensor"},
    {TextId::kReasonUnknownKind, "Loại không rõ", "未知类型", "Unknown kind"},
    {TextId::kReasonDuplicate, "Trùng lặp", "重复", "Duplicate"},
    {TextId::kReasonLate, "Đến muộn", "迟到", "Late"},
    {TextId::kReasonOutsideRange, "Ngoài khoảng thời gian", "超出时间范围", "Outside the range"},
    {TextId::kLayerGround, "Mặt đất", "地面", "Ground"},
    {TextId::kLayerLanes, "Làn xe", "车道", "Lanes"},
    {TextId::kLayerBuildings, "Công trình", "建筑", "Buildings"},
    {TextId::kLayerSensors, "Cảm biến", "传感器", "Sensors"},
    {TextId::kLayerLabels, "Nhãn", "标签", "Labels"},
    {TextId::kLayerVehicles, "Phương tiện", "车辆", "Vehicles"},
    {TextId::kLayerOverlays, "Lớp phủ", "叠加层", "Overlays"},
    {TextId::kColourBy, "Tô màu theo", "着色方式", "Colour by"},
    {TextId::kByStage, "Giai đoạn", "阶段", "Stage"},
    {TextId::kByDirection, "Hướng đi", "方向", "Direction"},
    {TextId::kLanguage, "Ngôn ngữ", "语言", "Language"},
    {TextId::kLegend, "Chú giải", "图例", "Legend"},
    {TextId::kStageApproaching, "Đang tiếp cận", "驶近中", "Approaching"},
    {TextId::kStageQueued, "Đang xếp hàng", "排队中", "Queued"},
    {TextId::kStageInService, "Đang kiểm tra", "查验中", "In inspection"},
    {TextId::kStageCleared, "Đã thông quan", "已放行", "Cleared"},
    {TextId::kStageInYard, "Trong bãi", "在堆场", "In a yard"},
    {TextId::kStageExited, "Đã rời đi", "已离开", "Exited"},
    {TextId::kDirVnToCn, "Việt Nam → Trung Quốc", "越南 → 中国", "Việt Nam → China"},
    {TextId::kDirCnToVn, "Trung Quốc → Việt Nam", "中国 → 越南", "China → Việt Nam"},
    {TextId::kClassTruck, "Xe tải", "货车", "Truck"},
    {TextId::kClassContainer, "Xe container", "集装箱车", "Container truck"},
    {TextId::kClassTanker, "Xe bồn", "罐车", "Tanker"},
    {TextId::kClassCar, "Ô tô con", "小汽车", "Car"},
    {TextId::kClassBus, "Xe khách", "客车", "Bus"},
    {TextId::kClassOther, "Khác", "其他", "Other"},
    {TextId::kPlate, "Biển số", "车牌", "Plate"},
    {TextId::kClass, "Loại xe", "车型", "Class"},
    {TextId::kStage, "Giai đoạn", "阶段", "Stage"},
    {TextId::kDirection, "Hướng", "方向", "Direction"},
    {TextId::kBooth, "Bốt kiểm soát", "查验亭", "Booth"},
    {TextId::kYard, "Bãi", "堆场", "Yard"},
    {TextId::kEntered, "Vào khu vực", "进入区域", "Entered"},
    {TextId::kTimeInSystem, "Thời gian lưu", "滞留时间", "Time in system"},
    {TextId::kStageTimes, "Mốc thời gian", "各阶段时间", "Stage times"},
    {TextId::kFollow, "Bám theo", "跟随", "Follow"},
    {TextId::kStopFollow, "Thôi bám theo", "停止跟随", "Stop following"},
    {TextId::kDeselect, "Bỏ chọn", "取消选择", "Deselect"},
    {TextId::kNoVehicleSelected, "Nhấp vào một phương tiện trong cảnh 3D để xem chi tiết.",
     "在三维场景中点击车辆以查看详情。", "Click a vehicle in the 3D view to see its details."},
    {TextId::kVehicleLeft, "Phương tiện đã rời khu vực.", "车辆已离开区域。", "The vehicle has left the area."},
    {TextId::kScanHold, "Bị giữ lại sau soi chiếu", "X光查验后扣留", "Held after X-ray scan"},
    {TextId::kGrossWeight, "Tổng trọng lượng", "总重", "Gross weight"},
    {TextId::kFollowing, "Đang bám theo", "正在跟随", "Following"},
    {TextId::kHelpMouse, "Chuột", "鼠标", "Mouse"},
    {TextId::kHelpKeyboard, "Bàn phím", "键盘", "Keyboard"},
    {TextId::kKeyLeftDrag, "Kéo chuột trái", "左键拖动", "Left drag"},
    {TextId::kKeyPanDrag, "Kéo chuột phải / giữa, Shift + kéo trái", "右键或中键拖动，Shift + 左键拖动",
     "Right or middle drag, Shift + left drag"},
    {TextId::kKeyWheel, "Con lăn chuột", "滚轮", "Wheel"},
    {TextId::kKeyClick, "Nhấp chuột trái", "左键单击", "Left click"},
    {TextId::kKeySpace, "Phím cách", "空格键", "Space"},
    {TextId::kActOrbit, "Xoay quanh tâm nhìn", "环绕旋转", "Orbit"},
    {TextId::kActPan, "Di chuyển khung nhìn", "平移视图", "Pan"},
    {TextId::kActZoom, "Phóng to / thu nhỏ tại con trỏ", "以光标为中心缩放", "Zoom to the cursor"},
    {TextId::kActPick, "Chọn phương tiện", "选择车辆", "Select a vehicle"},
    {TextId::kActPlayPause, "Phát / tạm dừng", "播放 / 暂停", "Play / pause"},
    {TextId::kActStep, "Lùi / tiến 1 phút", "后退 / 前进1分钟", "Step 1 min back / forward"},
    {TextId::kActSpeed, "Tăng / giảm tốc độ", "加速 / 减速", "Faster / slower"},
    {TextId::kActViewpoint, "Chuyển đến điểm nhìn", "切换视角", "Go to a viewpoint"},
    {TextId::kActFollow, "Bám theo phương tiện đang chọn", "跟随所选车辆", "Follow the selected vehicle"},
    {TextId::kActLanguage, "Đổi ngôn ngữ", "切换语言", "Switch language"},
    {TextId::kActHelp, "Hiện / ẩn trợ giúp", "显示 / 隐藏帮助", "Show / hide help"},
    {TextId::kActPresentation, "Chế độ trình chiếu (ẩn bảng điều khiển)", "演示模式（隐藏面板）",
     "Presentation mode (hide the panels)"},
    {TextId::kActQuit, "Thoát", "退出", "Quit"},
    {TextId::kClose, "Đóng", "关闭", "Close"},
    {TextId::kLangVi, "Tiếng Việt", "Tiếng Việt", "Tiếng Việt"},
    {TextId::kLangZh, "中文", "中文", "中文"},
    {TextId::kLangEn, "English", "English", "English"},
    {TextId::kTraining, "Huấn luyện", "培训", "Training"},
    {TextId::kAlarms, "Cảnh báo", "警报", "Alarms"},
    {TextId::kNoAlarmsYet, "Chưa có cảnh báo", "暂无警报", "No alarms yet"},
    {TextId::kAcknowledge, "Xác nhận", "确认", "Acknowledge"},
    {TextId::kAcknowledgedAt, "Đã xác nhận lúc", "确认于", "Acknowledged at"},
    {TextId::kDecisions, "Quyết định", "决策", "Decisions"},
    {TextId::kOpen, "Mở", "开放", "Open"},
    {TextId::kCloseIt, "Đóng", "关闭", "Close"},
    {TextId::kReverseLane, "Đảo chiều làn", "潮汐车道换向", "Reverse lane"},
    {TextId::kDivertToYard, "Đưa vào bãi", "转入堆场", "Divert to yard"},
    {TextId::kPerishableFirst, "Ưu tiên hàng tươi sống", "生鲜优先", "Perishables first"},
    {TextId::kInstructor, "Giảng viên", "教员", "Instructor"},
    {TextId::kInjectNow, "Gây sự cố ngay", "立即触发", "Inject now"},
    {TextId::kNote, "Ghi chú", "备注", "Note"},
    {TextId::kAddNote, "Thêm ghi chú", "添加备注", "Add note"},
    {TextId::kShiftTimeline, "Diễn biến ca trực", "班次时间线", "Shift timeline"},
    {TextId::kScoreNow, "Chấm điểm", "评分", "Score"},
    {TextId::kScoreOutOf100, "Điểm / 100", "得分 / 100", "Score / 100"},
    {TextId::kTotalDelay, "Tổng thời gian chậm", "总延误", "Total delay"},
    {TextId::kPerishableDelay, "Chậm hàng tươi sống", "生鲜延误", "Perishable delay"},
    {TextId::kPeakQueue, "Hàng chờ cao nhất", "最长排队", "Peak queue"},
    {TextId::kResponse, "Thời gian phản ứng", "响应时间", "Response"},
    {TextId::kTrainee, "Học viên", "学员", "Trainee"},
    {TextId::kBaseline, "Chuẩn", "基准", "Baseline"},
    {TextId::kRefused, "Không thực hiện được", "未执行", "Refused"},
    {TextId::kIncScannerFault, "Máy soi hỏng", "扫描仪故障", "Scanner fault"},
    {TextId::kIncLaneClosure, "Đóng làn", "车道封闭", "Lane closure"},
    {TextId::kIncBarrierStuck, "Barie bị kẹt", "道闸卡住", "Barrier stuck"},
    {TextId::kIncSurge, "Xe dồn đến", "车流激增", "Surge of trucks"},
    {TextId::kIncBoothBlocked, "Xe chặn bốt kiểm tra", "货车堵住查验台", "Truck blocking a booth"},
    {TextId::kIncSensorOffline, "Cảm biến mất kết nối", "传感器离线", "Sensor offline"},
    {TextId::kIncRain, "Mưa lớn", "大雨", "Heavy rain"},
    {TextId::kIncPerishableConvoy, "Đoàn xe hàng tươi sống", "生鲜车队", "Perishable convoy"},
    {TextId::kNewIncident, "Sự cố mới", "新事件", "New incident"},
    {TextId::kStrikeNow, "Gây ngay", "立即发生", "Strike now"},
    {TextId::kLastingMinutes, "phút (0: đến hết ca)", "分钟（0：至班次结束）", "min (0: to the end)"},
    {TextId::kTruckCount, "xe", "辆车", "trucks"},
    {TextId::kSpeedFactor, "tốc độ ×", "车速 ×", "speed ×"},
};
static_assert(std::size(kRows) == static_cast<size_t>(kTextIdCount), "one row per TextId");

constexpr bool RowsInOrder() {
  for (size_t i = 0; i < std::size(kRows); ++i) {
    if (static_cast<size_t>(kRows[i].id) != i) return false;
  }
  return true;
}
static_assert(RowsInOrder(), "kRows must list the TextIds in enum order");

}  // namespace

const char* Tr(TextId id, Language language) {
  const auto i = static_cast<size_t>(id);
  if (i >= std::size(kRows)) return "?";
  const Row& row = kRows[i];
  switch (language) {
    case Language::kVi: return row.vi;
    case Language::kZh: return row.zh;
    case Language::kEn: return row.en;
  }
  return row.en;
}

std::string_view AllUiText(int index) {
  if (index < 0 || index >= kTextIdCount * kLanguageCount) return {};
  return Tr(static_cast<TextId>(index / kLanguageCount), static_cast<Language>(index % kLanguageCount));
}

}  // namespace gatetwin::viewer
