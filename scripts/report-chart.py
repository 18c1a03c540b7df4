#!/usr/bin/env python3
"""Draws a replay report's 5-minute series as an SVG chart: vehicles present and queue per lane.

    python3 scripts/report-chart.py out/demo/report.json docs/img/sample_day.svg

Standard library only, so it runs on any Debian 12 machine.
"""
import json
import sys
from datetime import datetime, timedelta

WIDTH, HEIGHT = 960, 420
LEFT, RIGHT, TOP, BOTTOM = 60, 170, 50, 50
# Okabe & Ito's colour-blind-safe palette, as the engine's snapshot uses
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]


def main(report_path, out_path):
    with open(report_path, encoding="utf-8") as f:
        report = json.load(f)
    series = report["series_5min"]
    if not series:
        sys.exit(f"{report_path}: the report has no 5-minute series (too short a feed?)")
    times = [datetime.fromisoformat(s["t"]) for s in series]
    t0, t1 = times[0], times[-1]
    span_s = max((t1 - t0).total_seconds(), 1)
    lanes = [lane for lane, v in report["lanes"].items() if v["max_queue"] > 0]
    lanes.sort(key=lambda lane: -report["lanes"][lane]["max_queue"])
    lanes = lanes[: len(PALETTE) - 1]
    peak = max([s["present"] for s in series] + [1])
    grid = 10 if peak > 20 else 5 if peak > 5 else 1  # a round count per grid line
    top = -(-peak // grid) * grid
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(t):
        return LEFT + plot_w * (t - t0).total_seconds() / span_s

    def y(v):
        return TOP + plot_h * (1 - v / top)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
           f'font-family="DejaVu Sans, sans-serif" font-size="12">',
           f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>']
    world = report["world"]
    out.append(f'<text x="{LEFT}" y="28" font-size="16" font-weight="bold">'
               f'{world["name"]} ({world["phase"]}): vehicles present and queues, every 5 minutes</text>')
    # horizontal grid with counts
    for i in range(top // grid + 1):
        v = i * grid
        out.append(f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{LEFT - 8}" y="{y(v) + 4:.1f}" text-anchor="end">{v:.0f}</text>')
    # a tick every 3 hours of local time
    hour = t0.replace(minute=0, second=0, microsecond=0)
    while hour <= t1:
        if hour >= t0 and hour.hour % 3 == 0:
            out.append(f'<line x1="{x(hour):.1f}" x2="{x(hour):.1f}" y1="{TOP}" y2="{TOP + plot_h}" stroke="#eee"/>')
            out.append(f'<text x="{x(hour):.1f}" y="{TOP + plot_h + 18}" text-anchor="middle">{hour:%H:%M}</text>')
        hour += timedelta(hours=1)

    def polyline(values, colour, width):
        points = " ".join(f"{x(t):.1f},{y(v):.1f}" for t, v in zip(times, values))
        return f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="{width}"/>'

    out.append(polyline([s["present"] for s in series], "#555", 2.5))
    legend = [("present", "#555")]
    for i, lane in enumerate(lanes):
        out.append(polyline([s["queue"].get(lane, 0) for s in series], PALETTE[i], 1.6))
        legend.append((f"queue {lane}", PALETTE[i]))
    for i, (label, colour) in enumerate(legend):
        ly = TOP + 10 + 20 * i
        out.append(f'<line x1="{WIDTH - RIGHT + 15}" x2="{WIDTH - RIGHT + 40}" y1="{ly}" y2="{ly}" '
                   f'stroke="{colour}" stroke-width="3"/>')
        out.append(f'<text x="{WIDTH - RIGHT + 46}" y="{ly + 4}">{label}</text>')
    out.append(f'<text x="{LEFT}" y="{HEIGHT - 10}" fill="#666">local time (+07:00), '
               f'{t0:%Y-%m-%d %H:%M} to {t1:%Y-%m-%d %H:%M}</text>')
    out.append("</svg>")
    with open(out_path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    print(f"wrote {out_path}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
