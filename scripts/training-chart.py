#!/usr/bin/env python3
"""Draws a training report's queues as an SVG chart: the trainee's run against the baseline,
with the incidents and the trainee's decisions marked.

    python3 scripts/training-chart.py train.json docs/img/training_queue.svg

Standard library only, so it runs on any Debian 12 machine.
"""
import json
import sys
from datetime import datetime

WIDTH, HEIGHT = 960, 400
LEFT, RIGHT, TOP, BOTTOM = 60, 30, 50, 70
TRAINEE, BASELINE, INCIDENT, ACTION = "#0072B2", "#999999", "#D55E00", "#009E73"


def parse(ts):
    return datetime.fromisoformat(ts)


def total(sample):
    return sample["vn_to_cn"] + sample["cn_to_vn"]


def main(report_path, out_path):
    with open(report_path, encoding="utf-8") as f:
        report = json.load(f)
    trainee, baseline = report["queue_series"], report["baseline_queue_series"]
    if not trainee or not baseline:
        sys.exit(f"{report_path}: the report has no queue series (an empty shift?)")
    times = [parse(s["t"]) for s in trainee + baseline]
    t0, t1 = min(times), max(times)
    span = max((t1 - t0).total_seconds(), 1)
    top = max(total(s) for s in trainee + baseline) or 1

    def x(ts):
        return LEFT + (parse(ts) - t0).total_seconds() / span * (WIDTH - LEFT - RIGHT)

    def y(v):
        return HEIGHT - BOTTOM - v / top * (HEIGHT - TOP - BOTTOM)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
           'font-family="DejaVu Sans, sans-serif" font-size="12">',
           f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
           f'<text x="{LEFT}" y="24" font-size="15">{report["scenario"]["name"]}: trucks waiting '
           f'(score {report["score"]["total"]:.1f} / 100)</text>']
    for k in range(5):
        v = top * k / 4
        out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#eee"/>')
        out.append(f'<text x="{LEFT - 8}" y="{y(v) + 4:.1f}" text-anchor="end">{v:.0f}</text>')
    for hour in range(t0.hour, t1.hour + 2):
        ts = t0.replace(hour=hour % 24, minute=0, second=0, microsecond=0)
        if ts < t0 or ts > t1:
            continue
        px = x(ts.isoformat())
        out.append(f'<text x="{px:.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle">{ts:%H:%M}</text>')
    for e in report["timeline"]:
        if e["type"] not in ("incident", "action"):
            continue
        colour = INCIDENT if e["type"] == "incident" else ACTION
        px = x(e["t"])
        out.append(f'<line x1="{px:.1f}" x2="{px:.1f}" y1="{TOP}" y2="{HEIGHT - BOTTOM}" stroke="{colour}" '
                   f'stroke-width="1" stroke-dasharray="3,3"><title>{e["t"][11:19]} {e["what"]} {e["detail"]}</title></line>')
    for series, colour, width in ((baseline, BASELINE, 2), (trainee, TRAINEE, 2.5)):
        points = " ".join(f'{x(s["t"]):.1f},{y(total(s)):.1f}' for s in series)
        out.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="{width}"/>')
    legend = [("trainee", TRAINEE), ("baseline policy", BASELINE), ("incident", INCIDENT), ("decision", ACTION)]
    for i, (label, colour) in enumerate(legend):
        lx = LEFT + i * 170
        out.append(f'<rect x="{lx}" y="{HEIGHT - 30}" width="14" height="4" fill="{colour}"/>')
        out.append(f'<text x="{lx + 20}" y="{HEIGHT - 25}">{label}</text>')
    out.append("</svg>")
    with open(out_path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
