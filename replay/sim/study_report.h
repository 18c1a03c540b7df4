// The layout study's report: a self-contained HTML page with SVG charts, CSV figures, JSON.
//
// DIR/index.html   conclusion, demand, layouts, tables, three charts (inline SVG)
// DIR/summary.csv  one row per layout: the main figures with their 95 % half-widths
// DIR/sweep.csv    one row per layout × sweep point: mean time from arrival vs trucks/day
// DIR/queue.csv    trucks waiting at each 5-minute point, mean over replications, per layout
// DIR/runs.csv     one row per simulated run (main and sweep)
// DIR/study.json   all of the above, with the options
#pragma once

#include <string>
#include <vector>

#include "replay/sim/layout_study.h"

namespace gatetwin::replay::sim {

/// The name a layout goes by in the report: its English phase name, else its phase id, else its file.
std::string LayoutName(const StudyLayout& layout);

/// The conclusion in plain words, generated from the figures (one paragraph, no markup).
std::string StudyConclusion(const StudyResult& result);

/// The report's files as text.
std::string StudyHtml(const StudyResult& result);
std::string SummaryCsv(const StudyResult& result);
std::string SweepCsv(const StudyResult& result);
std::string QueueCsv(const StudyResult& result);
std::string RunsCsv(const StudyResult& result);
std::string StudyJson(const StudyResult& result);

/// Writes every file into `dir` (created when missing). False with messages naming the file otherwise.
bool WriteStudyReport(const StudyResult& result, const std::string& dir, std::vector<std::string>* errors);

}  // namespace gatetwin::replay::sim
