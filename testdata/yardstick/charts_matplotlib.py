#!/usr/bin/env python3
"""Yardstick: redraw the gtmsurvey charts with matplotlib.

Usage: charts_matplotlib.py CHARTS_DIR OUT_DIR

For every NAME.csv in CHARTS_DIR (the long-format plotted numbers that the Go
`charts and deck` stage writes next to NAME.png / NAME.svg) this draws a
comparable matplotlib chart and saves

  OUT_DIR/NAME.png        1920x1080, with title
  OUT_DIR/NAME.svg        same figure; text as paths (svg.fonttype 'path')
  OUT_DIR/NAME_slide.png  1920x920, without title
  OUT_DIR/slides.zip      the slide PNGs, stored (stand-in for the PPTX deck)

The title, subtitle, axis labels and footnotes are not in the CSV; they are
taken from the Go SVG next to it (<title>, <desc> and the <text> elements).
The CSV columns are: figure,panel,element,series,style,category,x,y,low,high,n,label
  element point  + style line   -> line with markers, CI band if low/high, direct label at the end
  element point  + style band   -> filled low..high band, direct label at the end
  element point  + style points -> point with CI error bar and value label
                                   (with a text label: verdict chart, horizontal, log p)
  element point  + style bars   -> 100% stacked bars per x, segment % labels, n on top,
                                   direct labels at the right
  element reference -> dashed line at y;  band -> shaded y range with label;
  element shade -> fill between two named series; break -> vertical line with label
"""

import csv
import html
import os
import re
import sys
import textwrap
import zipfile
from collections import OrderedDict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9",
             "#CC79A7", "#F0E442", "#000000"]
INK, GREY, GRID = "#1A1A1A", "#555555", "#DDDDDD"

# Sizes in points at dpi 100 (1 pt = 1.39 px): every text is >= 24 px.
TITLE, SUBTITLE, LABEL, TICK, NOTE, ANNOT = 33, 21.6, 20, 19, 17.5, 19

plt.rcParams.update({
    "font.family": ["Liberation Sans", "DejaVu Sans"],
    "font.size": TICK,
    "axes.edgecolor": GREY,
    "axes.labelcolor": GREY,
    "axes.labelsize": LABEL,
    "axes.titlesize": 22,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "y",
    "grid.color": GRID,
    "xtick.color": GREY,
    "ytick.color": GREY,
    "xtick.labelsize": TICK,
    "ytick.labelsize": TICK,
    "svg.fonttype": "path",
})


def num(s):
    return float(s) if s not in ("", None) else None


def read_rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        for k in ("x", "y", "low", "high", "n"):
            r[k] = num(r[k])
    return rows


def read_texts(svg_path):
    """Title, subtitle, footnotes and (x, y) axis-label pairs from the Go SVG."""
    title, desc, notes, labels = "", "", [], []
    if not os.path.exists(svg_path):
        return title, desc, notes, labels
    with open(svg_path, encoding="utf-8") as f:
        s = f.read()
    m = re.search(r"<title>(.*?)</title>", s, re.S)
    title = html.unescape(m.group(1)) if m else ""
    m = re.search(r"<desc>(.*?)</desc>", s, re.S)
    desc = html.unescape(m.group(1)) if m else ""
    body = s[s.find("</defs>"):]
    # footnotes: 18 px at the left margin (x=42); axis labels: 21 px, x then y per panel
    for m in re.finditer(r'<text x="([\d.]+)"[^>]*font-size:(18|21)px;fill:#[0-9A-Fa-f]{6}">([^<]*)<',
                         body):
        if m.group(2) == "21":
            labels.append(html.unescape(m.group(3)))
        elif m.group(1) == "42":
            notes.append(html.unescape(m.group(3)))
    return title, desc, notes, labels


def spread(ys, gap):
    """Push label positions apart so that neighbours are at least gap apart."""
    order = sorted(range(len(ys)), key=lambda i: ys[i])
    out = list(ys)
    for a, b in zip(order, order[1:]):
        if out[b] - out[a] < gap:
            out[b] = out[a] + gap
    return out


def direct_labels(ax, ends, colours):
    """ends: {series: (x_last, y_last)}; labels right of the plot with leader lines."""
    if not ends:
        return
    lo, hi = ax.get_ylim()
    names = list(ends)
    ys = spread([ends[s][1] for s in names], (hi - lo) * 0.055)
    for s, y in zip(names, ys):
        x0, y0 = ends[s]
        ax.annotate(s, xy=(x0, y0), xycoords="data",
                    xytext=(1.03, (y - lo) / (hi - lo)), textcoords="axes fraction",
                    va="center", ha="left", fontsize=ANNOT, fontweight="bold",
                    color=colours[s], annotation_clip=False,
                    arrowprops=dict(arrowstyle="-", color="#CCCCCC", lw=1.2,
                                    shrinkA=0, shrinkB=8))


def group(rows, key):
    g = OrderedDict()
    for r in rows:
        g.setdefault(r[key], []).append(r)
    return g


def series_colours(rows):
    names = list(OrderedDict.fromkeys(r["series"] for r in rows
                                      if r["element"] == "point"))
    return {s: OKABE_ITO[i % len(OKABE_ITO)] for i, s in enumerate(names)}


def draw_points(ax, pts, colour):
    cats = [r["category"] for r in pts]
    if cats[0] == "" and pts[0]["x"] is not None:     # numeric x (e.g. years)
        xs = [r["x"] for r in pts]
        ax.set_xticks(xs, [f"{x:g}" for x in xs])
    else:                                              # one slot per category
        xs = list(range(len(pts)))
        ax.set_xticks(xs, [f"{c}\nn = {r['n']:,.0f}" if r["n"] else c
                           for c, r in zip(cats, pts)])
        ax.set_xlim(-0.5, len(pts) - 0.5)
    ys = [r["y"] for r in pts]
    if pts[0]["low"] is not None:
        err = [[y - r["low"] for y, r in zip(ys, pts)],
               [r["high"] - y for y, r in zip(ys, pts)]]
        ax.errorbar(xs, ys, yerr=err, fmt="none", ecolor=colour, elinewidth=4,
                    capsize=12, capthick=4, zorder=2)
    ax.plot(xs, ys, "o", ms=18, mfc=colour, mec="white", mew=2, zorder=3)
    for x, y in zip(xs, ys):
        ax.annotate(f"{y:.2f}" if abs(y) < 10 else f"{y:.0f}", (x, y),
                    xytext=(14, -4), textcoords="offset points", va="center",
                    fontsize=ANNOT, fontweight="bold", color=colour)
    return xs


def draw_verdicts(ax, pts):
    ys = list(range(len(pts)))[::-1]
    ax.set_xscale("log")
    ax.grid(axis="x", visible=False)
    ax.grid(axis="y", visible=True)
    ax.plot([max(r["y"], 1e-4) for r in pts], ys, "o", ms=20, mfc=OKABE_ITO[0],
            mec="white", mew=2, zorder=3)
    ax.set_yticks(ys, [textwrap.fill(r["category"], 45) for r in pts],
                  fontweight="bold", color=INK)
    for y, r in zip(ys, pts):
        p = r["y"]
        ax.annotate("p < 0.0001" if p < 1e-4 else f"p = {p:.2g}",
                    (max(p, 1e-4), y), xytext=(14, -4), textcoords="offset points",
                    va="center", fontsize=ANNOT, color=GREY)
        ax.annotate(r["label"], (1.04, y), xycoords=("axes fraction", "data"),
                    va="center", fontsize=ANNOT + 1, fontweight="bold", color=INK)
    ax.set_xlim(6e-5, 1.3)
    ax.set_xticks([1e-4, 1e-3, 1e-2, 0.05, 1], ["0.0001", "0.001", "0.01", "0.05", "1"])
    ax.set_ylim(-0.6, len(pts) - 0.4)


def draw_bars(ax, bars, colours):
    by_x = OrderedDict()
    for r in bars:
        by_x.setdefault(r["x"], []).append(r)
    xs = list(by_x)
    bottoms = {x: 0.0 for x in xs}
    ends = OrderedDict()
    for s, rs in group(bars, "series").items():
        rx = [r["x"] for r in rs]
        ry = [r["y"] for r in rs]
        bot = [bottoms[x] for x in rx]
        ax.bar(rx, ry, bottom=bot, width=0.64, color=colours[s],
               edgecolor="white", linewidth=1, zorder=2)
        for x, y, b in zip(rx, ry, bot):
            if y >= 5:
                dark = colours[s] in ("#0072B2", "#D55E00", "#000000")
                ax.text(x, b + y / 2, f"{y:.0f}%", ha="center", va="center",
                        fontsize=ANNOT, fontweight="bold",
                        color="white" if dark else INK)
            bottoms[x] = b + y
        ends[s] = (rx[-1] + 0.32, bot[-1] + ry[-1] / 2)
    for x in xs:
        n = sum(r["n"] or 0 for r in by_x[x])
        ax.text(x, 101.5, f"n = {n:,.0f}", ha="center", va="bottom",
                fontsize=ANNOT - 1, color=GREY)
    ax.set_xticks(xs, [f"{x:g}" for x in xs])
    ax.set_ylim(0, 109)
    ax.set_yticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"])
    direct_labels(ax, ends, colours)


def draw_lines(ax, pts, colours):
    ends = OrderedDict()
    for s, rs in group(pts, "series").items():
        xs = [r["x"] for r in rs]
        ys = [r["y"] for r in rs]
        c = colours[s]
        style = rs[0]["style"]
        if rs[0]["low"] is not None and style != "points":
            ax.fill_between(xs, [r["low"] for r in rs], [r["high"] for r in rs],
                            color=c, alpha=0.3 if style == "band" else 0.16,
                            lw=0, zorder=1)
        if style == "line":
            ax.plot(xs, ys, "-o", color=c, lw=4.5, ms=16, mec="white", mew=2,
                    zorder=3)
        elif style == "points":
            ax.errorbar(xs, ys, yerr=[[y - r["low"] for y, r in zip(ys, rs)],
                                      [r["high"] - y for y, r in zip(ys, rs)]],
                        fmt="o", color=c, ms=16, mec="white", mew=2, elinewidth=4,
                        capsize=12, capthick=4, zorder=3)
        ends[s] = (xs[-1], ys[-1])
    years = sorted({r["x"] for r in pts})
    ax.set_xticks(years, [f"{x:g}" for x in years])
    pad = 0.5 if len(years) > 1 else 1
    ax.set_xlim(years[0] - pad * 0.6, years[-1] + pad * 0.6)
    return ends


def draw_panel(ax, rows, xy_labels):
    pts = [r for r in rows if r["element"] == "point"]
    colours = series_colours(rows)
    if len(colours) == 1:
        colours = {s: OKABE_ITO[0] for s in colours}
    ends = None
    if pts and pts[0]["style"] == "bars":
        draw_bars(ax, pts, colours)
    elif pts and pts[0]["style"] == "points" and pts[0]["label"]:
        draw_verdicts(ax, pts)
    elif pts and all(r["style"] == "points" for r in pts) and pts[0]["category"]:
        draw_points(ax, pts, OKABE_ITO[0])
    else:
        ends = draw_lines(ax, pts, colours)
    for r in rows:
        e = r["element"]
        if e == "reference":
            if pts and pts[0]["label"]:      # verdicts: vertical alpha line
                ax.axvline(r["y"], color=GREY, ls="--", lw=2)
                ax.text(r["y"] * 1.08, len(pts) - 0.5, f"α = {r['y']:g}",
                        fontsize=ANNOT, fontweight="bold", color=GREY)
            else:
                ax.axhline(r["y"], color=GREY, ls="--", lw=2, zorder=1)
        elif e == "band":
            ax.axhspan(r["low"], r["high"], color="#56B4E9", alpha=0.22, lw=0)
            ax.annotate(r["label"], (1.02, r["high"]),
                        xycoords=("axes fraction", "data"), va="center",
                        fontsize=ANNOT - 1, color=GREY)
        elif e == "break":
            ax.axvline(r["x"], color=GREY, ls=":", lw=2)
            ax.text(r["x"], 1.0, r["label"], transform=ax.get_xaxis_transform(),
                    ha="center", va="bottom", fontsize=ANNOT - 1, color=GREY)
        elif e == "shade":
            a, b = [s.strip() for s in r["series"].split("|")]
            ra = [p for p in pts if p["series"] == a]
            rb = [p for p in pts if p["series"] == b]
            ax.fill_between([p["x"] for p in ra], [p["y"] for p in ra],
                            [p["y"] for p in rb], color="#999999", alpha=0.2,
                            lw=0, zorder=0)
            ax.text(0.2, 0.45, r["label"], transform=ax.transAxes, fontsize=ANNOT,
                    fontweight="bold", color=GREY)
    if ends:
        direct_labels(ax, ends, colours)
    if xy_labels:
        ax.set_xlabel(xy_labels[0])
        if not (pts and pts[0]["label"]):   # verdicts: category names are the y labels
            ax.set_ylabel(xy_labels[1])
        if ax.get_yscale() == "linear" and pts and pts[0]["style"] != "bars" \
                and not pts[0]["label"]:
            ax.locator_params(axis="y", nbins=4)


def build(rows, texts, height, with_title):
    """One figure at 19.2 in x height in, dpi 100."""
    title, desc, notes, labels = texts
    fig = plt.figure(figsize=(19.2, height), dpi=100)
    h = height * 100                                   # pixels
    y = h - 50
    if with_title:
        wrapped = textwrap.wrap(title, 72)
        fig.text(0.022, y / h, "\n".join(wrapped), fontsize=TITLE,
                 fontweight="bold", color=INK, va="top", linespacing=1.25)
        y -= 30 + 58 * len(wrapped)
    if desc:
        wrapped = textwrap.wrap(desc, 130)
        fig.text(0.022, y / h, "\n".join(wrapped), fontsize=SUBTITLE,
                 color=GREY, va="top")
        y -= 20 + 40 * len(wrapped)
    for i, line in enumerate(notes):
        fig.text(0.022, (30 + 32 * (len(notes) - 1 - i)) / h, line,
                 fontsize=NOTE, color=GREY, va="bottom")
    panels = group(rows, "panel")
    multi = len(panels) > 1
    point_rows = [r for r in rows if r["element"] == "point"]
    right_labels = any(r["style"] in ("line", "bars", "band") for r in point_rows) or \
        any(r["label"] for r in point_rows) or any(r["element"] == "band" for r in rows)
    top = (y - (60 if multi else 20)) / h
    bottom = (160 + 32 * len(notes)) / h
    left = 0.37 if any(r["label"] for r in point_rows) else 0.075
    fig.subplots_adjust(left=left, right=0.80 if right_labels else 0.975,
                        top=top, bottom=bottom,
                        wspace=(0.6 if multi else 0.45) if right_labels else 0.22)
    axes = fig.subplots(1, len(panels), squeeze=False)[0]
    for i, (ax, (name, prow)) in enumerate(zip(axes, panels.items())):
        if multi and name:
            ax.set_title(name, pad=18, color=INK)
        draw_panel(ax, prow, labels[2 * i:2 * i + 2] if 2 * i + 1 < len(labels) else None)
    return fig


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: charts_matplotlib.py CHARTS_DIR OUT_DIR")
    src, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    names = sorted(f[:-4] for f in os.listdir(src) if f.endswith(".csv"))
    for name in names:
        rows = read_rows(os.path.join(src, name + ".csv"))
        texts = read_texts(os.path.join(src, name + ".svg"))
        fig = build(rows, texts, 10.8, True)
        fig.savefig(os.path.join(out, name + ".png"), dpi=100)
        fig.savefig(os.path.join(out, name + ".svg"))
        plt.close(fig)
        fig = build(rows, texts, 9.2 + 1e-6, False)  # 920 px: 9.2*100 rounds down to 919
        fig.savefig(os.path.join(out, name + "_slide.png"), dpi=100)
        plt.close(fig)
    # Stand-in for the PPTX deck (python-pptx is not packaged in Debian): the slide
    # images in one zip, stored as the Go deck stores them (PNG data does not deflate).
    with zipfile.ZipFile(os.path.join(out, "slides.zip"), "w", zipfile.ZIP_STORED) as z:
        for name in names:
            z.write(os.path.join(out, name + "_slide.png"), name + "_slide.png")
    print(f"wrote {len(names)} figures x 3 files and slides.zip to {out}")


if __name__ == "__main__":
    main()
