//! A chart as SVG, written by hand: the unit of the value axis, the legend, grid lines with
//! Vietnamese tick labels, then bars labelled with their values, stacked bars, or lines with
//! markers, and the category labels and notes under the axis.
//!
//! Sizes are in user units of a 600 × 340 view box. Placed across a report's text width
//! (16,5 cm), one unit is about 0,78 pt, so the 13-unit labels print at about 10 pt.
//!
//! Category labels are wrapped at spaces to their band; a label that still does not fit (a
//! month "T12/2022" among twelve) is set smaller, down to 9 units, and when even that does not
//! fit only every second (third …) label is printed, always including the last category.
//! Markers and stacked segments carry a `<title>` ("Qua mạng, T4/2023: 29.465"), which a
//! browser shows on hover.

use std::fmt::Write;

use baocao_core::format;

use crate::measure::text_width;
use crate::{Chart, ChartKind, Value};

/// Width of the view box.
pub const WIDTH: f64 = 600.0;
/// Height of the view box.
pub const HEIGHT: f64 = 340.0;

/// Labels of categories, ticks and the legend.
const LABEL_SIZE: f64 = 13.0;
/// Smallest size a category label shrinks to when its band is narrow.
const MIN_LABEL_SIZE: f64 = 9.0;
/// Values over the bars and notes under the categories.
const SMALL_SIZE: f64 = 12.0;
/// Smallest size a value label shrinks to when its bar is narrow.
const MIN_VALUE_SIZE: f64 = 9.0;
/// Space around the drawing.
const PAD: f64 = 8.0;
/// Widest bar.
const MAX_BAR: f64 = 64.0;
/// Share of a category's band its bars may fill.
const GROUP_SHARE: f64 = 0.78;
/// Share of a category's band a stacked bar fills.
const STACK_SHARE: f64 = 0.6;
/// Room above the tallest bar for its value.
const VALUE_ROOM: f64 = 18.0;
/// Line pitch of labels (1,15 × 13).
const LINE: f64 = 15.0;
/// Width of a line chart's lines.
const LINE_WIDTH: f64 = 2.0;
/// Half the size of a line chart's markers.
const MARKER: f64 = 3.5;
/// Fill colours of the series, in order: dark and light blue, orange, grey, green, gold;
/// distinct in luminance too, so that a greyscale print tells them apart.
const COLOURS: [&str; 6] = [
    "#1f4e79", "#9dc3e6", "#ed7d31", "#7f7f7f", "#70ad47", "#ffc000",
];
/// The colour of a label printed on each fill: white on the dark ones.
const TEXT_ON: [&str; 6] = [
    "#ffffff", "#000000", "#000000", "#ffffff", "#000000", "#000000",
];
/// The typeface (see `baocao-fonts`).
const FONT: &str = baocao_fonts::FAMILY;

/// The chart as an SVG document (UTF-8 text).
pub fn svg(chart: &Chart) -> String {
    let mut out = String::with_capacity(8 * 1024);
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" font-family="{FONT}">"#
    );
    // Top: the unit, then the legend.
    let mut top = PAD;
    if !chart.unit.is_empty() {
        text(
            &mut out,
            PAD,
            top + SMALL_SIZE,
            SMALL_SIZE,
            Anchor::Start,
            Style::Italic,
            &format!("Đơn vị tính: {}", chart.unit),
        );
        top += LINE;
    }
    if chart.series.len() > 1 {
        top = legend(&mut out, chart, top + 4.0);
    }

    // The value axis, and the plot's width: a line chart of several series keeps room on the
    // right for the label of each line's last value.
    let axis = Axis::of(chart);
    let left = PAD + axis.label_width();
    let end_labels = end_labels(chart);
    let right = WIDTH - PAD - end_labels.as_ref().map_or(0.0, |l| l.room);

    // Bottom: category labels and notes, wrapped to the band.
    let band = (right - left) / chart.categories.len().max(1) as f64;
    let labels = CategoryLabels::layout(chart, band);
    let baseline = HEIGHT - PAD - labels.room();

    let axis_top = top + VALUE_ROOM;
    let scale = (baseline - axis_top) / (axis.step * axis.count as f64);
    let plot = Plot {
        left,
        band,
        baseline,
        start: axis.start,
        scale,
    };
    for i in 0..=axis.count {
        let value = axis.start + axis.step * i as f64;
        let y = plot.y(value);
        if i > 0 {
            let _ = write!(
                out,
                r##"<line x1="{left:.1}" y1="{y:.1}" x2="{right:.1}" y2="{y:.1}" stroke="#d9d9d9" stroke-width="0.8"/>"##
            );
        }
        text(
            &mut out,
            left - 6.0,
            y + LABEL_SIZE * 0.35,
            LABEL_SIZE,
            Anchor::End,
            Style::Normal,
            &format::decimal(value, axis.decimals),
        );
    }

    match chart.kind {
        ChartKind::Bars => bars(&mut out, chart, &plot),
        ChartKind::StackedBars => stacked_bars(&mut out, chart, &plot),
        ChartKind::Line => lines(&mut out, chart, &plot, end_labels.as_ref()),
    }
    labels.draw(&mut out, &plot);
    let _ = write!(
        out,
        r##"<line x1="{left:.1}" y1="{baseline:.1}" x2="{right:.1}" y2="{baseline:.1}" stroke="#404040" stroke-width="1"/>"##
    );
    out.push_str("</svg>");
    out
}

/// Where the plot is: its left edge, the width of a category's band, the y of the axis, the
/// value at the axis and the units per value.
struct Plot {
    left: f64,
    band: f64,
    baseline: f64,
    start: f64,
    scale: f64,
}

impl Plot {
    /// The x of a category's centre.
    fn centre(&self, category: usize) -> f64 {
        self.left + self.band * (category as f64 + 0.5)
    }

    /// The y of a value.
    fn y(&self, value: f64) -> f64 {
        self.baseline - (value - self.start) * self.scale
    }
}

/// The value axis: from `start`, `count` steps of `step`, labelled with `decimals`.
struct Axis {
    start: f64,
    step: f64,
    count: usize,
    decimals: u32,
}

impl Axis {
    /// Bars start at zero; a line starts at zero unless every value lies in the upper half of
    /// the range (then at a round number a little under the smallest), or below zero when a
    /// value is negative.
    fn of(chart: &Chart) -> Axis {
        let max = chart.max_value();
        let min = chart.min_value().unwrap_or(0.0);
        if chart.kind == ChartKind::Line && max > min && (min < 0.0 || min >= max / 2.0) {
            let top = max.max(0.0);
            let (step, _, decimals) = ticks(top - min, chart.decimals);
            // A little room under the smallest value, so that no marker sits on the axis.
            let start = ((min - (top - min) * 0.05) / step).floor() * step;
            let count = ((top - start) / step).ceil().max(1.0) as usize;
            return Axis {
                start,
                step,
                count,
                decimals,
            };
        }
        let (step, count, decimals) = ticks(max, chart.decimals);
        Axis {
            start: 0.0,
            step,
            count,
            decimals,
        }
    }

    /// Width reserved left of the plot for the tick labels.
    fn label_width(&self) -> f64 {
        let first = format::decimal(self.start, self.decimals);
        let last = format::decimal(self.start + self.step * self.count as f64, self.decimals);
        text_width(&first, LABEL_SIZE, false).max(text_width(&last, LABEL_SIZE, false)) + 8.0
    }
}

/// Category labels and notes laid out under the axis.
struct CategoryLabels {
    /// Each category's label, wrapped.
    lines: Vec<Vec<String>>,
    /// Each category's note, wrapped.
    notes: Vec<Vec<String>>,
    /// The labels' size.
    size: f64,
    /// Only every `every`-th label is printed (counting back from the last).
    every: usize,
    /// Rows of the longest label and note.
    label_rows: usize,
    note_rows: usize,
}

impl CategoryLabels {
    fn layout(chart: &Chart, band: f64) -> CategoryLabels {
        let wrap_at = |size: f64| -> Vec<Vec<String>> {
            chart
                .categories
                .iter()
                .map(|c| wrap(&c.label, band - 6.0, size, false))
                .collect()
        };
        let widest = |lines: &[Vec<String>], size: f64| {
            lines
                .iter()
                .flatten()
                .map(|l| text_width(l, size, false))
                .fold(0.0, f64::max)
        };
        let mut size = LABEL_SIZE;
        let mut lines = wrap_at(size);
        while size > MIN_LABEL_SIZE && widest(&lines, size) > band - 4.0 {
            size -= 0.5;
            lines = wrap_at(size);
        }
        let width = widest(&lines, size);
        let mut every = 1;
        while every < chart.categories.len() && width > band * every as f64 - 4.0 {
            every += 1;
        }
        let notes: Vec<Vec<String>> = chart
            .categories
            .iter()
            .map(|c| {
                c.note
                    .as_deref()
                    .map(|n| wrap(n, band - 6.0, SMALL_SIZE, false))
                    .unwrap_or_default()
            })
            .collect();
        CategoryLabels {
            label_rows: lines.iter().map(Vec::len).max().unwrap_or(0),
            note_rows: notes.iter().map(Vec::len).max().unwrap_or(0),
            lines,
            notes,
            size,
            every,
        }
    }

    /// Line pitch of the labels.
    fn pitch(&self) -> f64 {
        self.size * LINE / LABEL_SIZE
    }

    /// Height under the axis.
    fn room(&self) -> f64 {
        6.0 + self.label_rows as f64 * self.pitch() + self.note_rows as f64 * LINE
    }

    fn draw(&self, out: &mut String, plot: &Plot) {
        let last = self.lines.len().saturating_sub(1);
        for (c, lines) in self.lines.iter().enumerate() {
            let centre = plot.centre(c);
            if (last - c).is_multiple_of(self.every) {
                let mut y = plot.baseline + 6.0 + self.size;
                for line in lines {
                    text(
                        out,
                        centre,
                        y,
                        self.size,
                        Anchor::Middle,
                        Style::Normal,
                        line,
                    );
                    y += self.pitch();
                }
            }
            let mut y = plot.baseline + 6.0 + self.size + self.label_rows as f64 * self.pitch();
            for line in &self.notes[c] {
                text(
                    out,
                    centre,
                    y,
                    SMALL_SIZE,
                    Anchor::Middle,
                    Style::Italic,
                    line,
                );
                y += LINE;
            }
        }
    }
}

/// Vertical bars, grouped by category, each with its value above it.
fn bars(out: &mut String, chart: &Chart, plot: &Plot) {
    for c in 0..chart.categories.len() {
        let centre = plot.centre(c);
        let present: Vec<(usize, &Value)> = chart
            .series
            .iter()
            .enumerate()
            .filter_map(|(s, series)| series.values.get(c)?.as_ref().map(|v| (s, v)))
            .collect();
        if present.is_empty() {
            continue;
        }
        let n = present.len() as f64;
        let group = (plot.band * GROUP_SHARE).min(n * MAX_BAR);
        let slot = group / n;
        let gap = (slot * 0.08).min(3.0);
        let bar = slot - gap;
        for (k, (s, value)) in present.iter().enumerate() {
            let x = centre - group / 2.0 + slot * k as f64 + gap / 2.0;
            let height = (value.value.max(0.0) * plot.scale).max(0.0);
            let y = plot.baseline - height;
            let _ = write!(
                out,
                r#"<rect x="{x:.1}" y="{y:.1}" width="{bar:.1}" height="{height:.1}" fill="{}"/>"#,
                COLOURS[s % COLOURS.len()]
            );
            let mut size = SMALL_SIZE;
            while size > MIN_VALUE_SIZE && text_width(&value.text, size, false) > slot {
                size -= 0.5;
            }
            text(
                out,
                x + bar / 2.0,
                y - 4.0,
                size,
                Anchor::Middle,
                Style::Normal,
                &value.text,
            );
        }
    }
}

/// One bar per category, the series stacked from the axis up in order; a segment is labelled
/// inside when its value fits, and carries a hover title.
fn stacked_bars(out: &mut String, chart: &Chart, plot: &Plot) {
    let bar = (plot.band * STACK_SHARE).min(MAX_BAR);
    // One size for every segment's label: the largest at which the widest fits, or the
    // smallest, at which a label that still does not fit is left out.
    let widest = chart
        .values()
        .map(|v| text_width(&v.text, 1.0, false))
        .fold(0.0, f64::max);
    let mut size = SMALL_SIZE;
    while size > MIN_VALUE_SIZE && widest * size > bar - 2.0 {
        size -= 0.5;
    }
    for (c, category) in chart.categories.iter().enumerate() {
        let x = plot.centre(c) - bar / 2.0;
        let mut bottom = plot.baseline;
        for (s, series) in chart.series.iter().enumerate() {
            let Some(value) = series.values.get(c).and_then(Option::as_ref) else {
                continue;
            };
            let height = value.value.max(0.0) * plot.scale;
            if height <= 0.0 {
                continue;
            }
            let y = bottom - height;
            let _ = write!(
                out,
                r#"<rect x="{x:.1}" y="{y:.1}" width="{bar:.1}" height="{height:.1}" fill="{}">"#,
                COLOURS[s % COLOURS.len()]
            );
            title(out, &series.name, &category.label, value);
            out.push_str("</rect>");
            if height >= size + 2.0 && text_width(&value.text, size, false) <= bar - 2.0 {
                text_coloured(
                    out,
                    x + bar / 2.0,
                    y + height / 2.0 + size * 0.35,
                    size,
                    &value.text,
                    TEXT_ON[s % TEXT_ON.len()],
                );
            }
            bottom = y;
        }
    }
}

/// The labels of the last value of each line, right of the plot, when a line chart has
/// several series: the room they need and, per series, the category of its last value.
struct EndLabels {
    room: f64,
    last: Vec<Option<usize>>,
}

fn end_labels(chart: &Chart) -> Option<EndLabels> {
    if chart.kind != ChartKind::Line || chart.series.len() < 2 {
        return None;
    }
    let last: Vec<Option<usize>> = chart
        .series
        .iter()
        .map(|s| s.values.iter().rposition(Option::is_some))
        .collect();
    let widest = chart
        .series
        .iter()
        .zip(&last)
        .filter_map(|(s, c)| s.values.get((*c)?)?.as_ref())
        .map(|v| text_width(&v.text, SMALL_SIZE, false))
        .fold(0.0, f64::max);
    Some(EndLabels {
        room: widest + 8.0,
        last,
    })
}

/// A line per series through its values, broken where a value is missing, with a marker at
/// each value; a single series is labelled at each value, several at their last value.
fn lines(out: &mut String, chart: &Chart, plot: &Plot, end: Option<&EndLabels>) {
    for (s, series) in chart.series.iter().enumerate() {
        let colour = COLOURS[s % COLOURS.len()];
        let mut path = String::new();
        let mut previous = false;
        for (c, value) in series.values.iter().enumerate() {
            match value {
                Some(v) => {
                    let command = if previous { 'L' } else { 'M' };
                    let _ = write!(
                        path,
                        "{command}{:.1} {:.1}",
                        plot.centre(c),
                        plot.y(v.value)
                    );
                    previous = true;
                }
                None => previous = false,
            }
        }
        if path.contains('L') {
            let _ = write!(
                out,
                r#"<path d="{path}" fill="none" stroke="{colour}" stroke-width="{LINE_WIDTH}" stroke-linejoin="round" stroke-linecap="round"/>"#
            );
        }
        for (c, value) in series.values.iter().enumerate() {
            let Some(v) = value else { continue };
            let label = chart.categories.get(c).map_or("", |k| k.label.as_str());
            marker(
                out,
                s,
                plot.centre(c),
                plot.y(v.value),
                Some((&series.name, label, v)),
            );
        }
    }
    match end {
        None => {
            let Some(series) = chart.series.first() else {
                return;
            };
            let room = plot.band - 2.0;
            let mut size = SMALL_SIZE;
            while size > MIN_VALUE_SIZE
                && series
                    .values
                    .iter()
                    .flatten()
                    .any(|v| text_width(&v.text, size, false) > room)
            {
                size -= 0.5;
            }
            let at = |c: Option<usize>| -> Option<f64> {
                series.values.get(c?)?.as_ref().map(|v| v.value)
            };
            for (c, value) in series.values.iter().enumerate() {
                let Some(v) = value else { continue };
                // Above the marker, or under it where the line comes down to it and goes
                // up again (a dip, or an end whose neighbour is higher), so that the line
                // does not cross the label; never under the axis.
                let before = at(c.checked_sub(1));
                let after = at(Some(c + 1));
                let higher = |n: Option<f64>| n.is_none_or(|n| n > v.value);
                let dip = (before.is_some() || after.is_some()) && higher(before) && higher(after);
                let below = plot.y(v.value) + MARKER + 3.0 + size;
                let y = if dip && below < plot.baseline - 2.0 {
                    below
                } else {
                    plot.y(v.value) - MARKER - 4.0
                };
                text(
                    out,
                    plot.centre(c),
                    y,
                    size,
                    Anchor::Middle,
                    Style::Normal,
                    &v.text,
                );
            }
        }
        Some(end) => {
            // Beside each line's last marker, moved apart vertically so that none overlaps.
            let mut placed: Vec<(f64, f64, &str)> = chart
                .series
                .iter()
                .zip(&end.last)
                .filter_map(|(series, c)| {
                    let c = (*c)?;
                    let v = series.values.get(c)?.as_ref()?;
                    Some((
                        plot.centre(c) + MARKER + 4.0,
                        plot.y(v.value),
                        v.text.as_str(),
                    ))
                })
                .collect();
            // Pushed apart downwards, then, if the lowest would fall under the axis, upwards.
            placed.sort_by(|a, b| a.1.total_cmp(&b.1));
            let gap = SMALL_SIZE + 1.0;
            for i in 1..placed.len() {
                placed[i].1 = placed[i].1.max(placed[i - 1].1 + gap);
            }
            if let Some(last) = placed.last_mut() {
                last.1 = last.1.min(plot.baseline - SMALL_SIZE * 0.5);
            }
            for i in (0..placed.len().saturating_sub(1)).rev() {
                placed[i].1 = placed[i].1.min(placed[i + 1].1 - gap);
            }
            for (x, y, label) in placed {
                text(
                    out,
                    x,
                    y + SMALL_SIZE * 0.35,
                    SMALL_SIZE,
                    Anchor::Start,
                    Style::Normal,
                    label,
                );
            }
        }
    }
}

/// A marker of series `s` centred on (x, y): circle, square, triangle, diamond, triangle
/// down, in turn; with a hover title when given (series, category, value).
fn marker(out: &mut String, s: usize, x: f64, y: f64, hover: Option<(&str, &str, &Value)>) {
    let colour = COLOURS[s % COLOURS.len()];
    let m = MARKER;
    let shape = match s % 5 {
        0 => format!(r#"<circle cx="{x:.1}" cy="{y:.1}" r="{m}""#),
        1 => format!(
            r#"<rect x="{:.1}" y="{:.1}" width="{}" height="{}""#,
            x - m,
            y - m,
            2.0 * m,
            2.0 * m
        ),
        2 => format!(
            r#"<path d="M{x:.1} {:.1}L{:.1} {:.1}L{:.1} {:.1}Z""#,
            y - 1.25 * m,
            x + 1.15 * m,
            y + 0.85 * m,
            x - 1.15 * m,
            y + 0.85 * m
        ),
        3 => format!(
            r#"<path d="M{x:.1} {:.1}L{:.1} {y:.1}L{x:.1} {:.1}L{:.1} {y:.1}Z""#,
            y - 1.3 * m,
            x + 1.3 * m,
            y + 1.3 * m,
            x - 1.3 * m
        ),
        _ => format!(
            r#"<path d="M{x:.1} {:.1}L{:.1} {:.1}L{:.1} {:.1}Z""#,
            y + 1.25 * m,
            x + 1.15 * m,
            y - 0.85 * m,
            x - 1.15 * m,
            y - 0.85 * m
        ),
    };
    let tag = shape[1..].split(' ').next().unwrap_or("path").to_string();
    let _ = write!(
        out,
        r##"{shape} fill="{colour}" stroke="#ffffff" stroke-width="1">"##
    );
    if let Some((series, category, value)) = hover {
        title(out, series, category, value);
    }
    let _ = write!(out, "</{tag}>");
}

/// A hover title: "series, category: value".
fn title(out: &mut String, series: &str, category: &str, value: &Value) {
    let _ = write!(
        out,
        "<title>{}</title>",
        escape(&format!("{series}, {category}: {}", value.text))
    );
}

/// The legend from `top`: a swatch and the name of each series, in centred rows that wrap.
/// Returns the y below it.
fn legend(out: &mut String, chart: &Chart, top: f64) -> f64 {
    const SWATCH: f64 = 10.0;
    const LINE_SWATCH: f64 = 18.0;
    const ITEM_GAP: f64 = 18.0;
    let swatch = if chart.kind == ChartKind::Line {
        LINE_SWATCH
    } else {
        SWATCH
    };
    let items: Vec<(usize, f64)> = chart
        .series
        .iter()
        .enumerate()
        .map(|(i, s)| (i, swatch + 5.0 + text_width(&s.name, LABEL_SIZE, false)))
        .collect();
    let available = WIDTH - 2.0 * PAD;
    let mut rows: Vec<Vec<(usize, f64)>> = vec![Vec::new()];
    let mut row_width = 0.0;
    for item in items {
        let extra = if row_width > 0.0 { ITEM_GAP } else { 0.0 };
        if row_width > 0.0 && row_width + extra + item.1 > available {
            rows.push(Vec::new());
            row_width = 0.0;
        }
        row_width += if row_width > 0.0 { ITEM_GAP } else { 0.0 } + item.1;
        if let Some(row) = rows.last_mut() {
            row.push(item);
        }
    }
    let mut y = top;
    for row in rows {
        let width: f64 =
            row.iter().map(|(_, w)| w).sum::<f64>() + ITEM_GAP * row.len().saturating_sub(1) as f64;
        let mut x = (WIDTH - width) / 2.0;
        for (i, w) in row {
            if chart.kind == ChartKind::Line {
                let mid = y + 2.0 + SWATCH / 2.0;
                let _ = write!(
                    out,
                    r#"<line x1="{x:.1}" y1="{mid:.1}" x2="{:.1}" y2="{mid:.1}" stroke="{}" stroke-width="{LINE_WIDTH}"/>"#,
                    x + LINE_SWATCH,
                    COLOURS[i % COLOURS.len()]
                );
                marker(out, i, x + LINE_SWATCH / 2.0, mid, None);
            } else {
                let _ = write!(
                    out,
                    r#"<rect x="{x:.1}" y="{:.1}" width="{SWATCH}" height="{SWATCH}" fill="{}"/>"#,
                    y + 2.0,
                    COLOURS[i % COLOURS.len()]
                );
            }
            text(
                out,
                x + swatch + 5.0,
                y + LABEL_SIZE - 1.0,
                LABEL_SIZE,
                Anchor::Start,
                Style::Normal,
                &chart.series[i].name,
            );
            x += w + ITEM_GAP;
        }
        y += LINE;
    }
    y
}

/// A round step (1, 2, 2,5 or 5 × 10ⁿ) giving 3 to 6 intervals up to `max`, the number of
/// intervals, and the decimals its labels need.
fn ticks(max: f64, decimals: u32) -> (f64, usize, u32) {
    let max = if max > 0.0 && max.is_finite() {
        max
    } else {
        1.0
    };
    let raw = max / 6.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude);
    let count = (max / step).ceil().max(1.0) as usize;
    let needed = if step >= 1.0 {
        0
    } else {
        (-step.log10().floor()) as u32
            + u32::from(step * 10f64.powf(-step.log10().floor()) % 1.0 != 0.0)
    };
    (step, count, decimals.max(needed).min(6))
}

/// Splits `text` into lines no wider than `width`, at spaces.
fn wrap(text: &str, width: f64, size: f64, bold: bool) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let candidate = if current.is_empty() {
            word.to_string()
        } else {
            format!("{current} {word}")
        };
        if !current.is_empty() && text_width(&candidate, size, bold) > width {
            lines.push(std::mem::replace(&mut current, word.to_string()));
        } else {
            current = candidate;
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

/// Where a text is anchored.
#[derive(Clone, Copy)]
enum Anchor {
    Start,
    Middle,
    End,
}

/// Upright or italic.
#[derive(Clone, Copy, PartialEq)]
enum Style {
    Normal,
    Italic,
}

/// A `<text>` element; `content` is escaped, so it prints literally.
fn text(out: &mut String, x: f64, y: f64, size: f64, anchor: Anchor, style: Style, content: &str) {
    let anchor = match anchor {
        Anchor::Start => "start",
        Anchor::Middle => "middle",
        Anchor::End => "end",
    };
    let style = if style == Style::Italic {
        r#" font-style="italic""#
    } else {
        ""
    };
    let _ = write!(
        out,
        r#"<text x="{x:.1}" y="{y:.1}" font-size="{size}" text-anchor="{anchor}"{style}>{}</text>"#,
        escape(content)
    );
}

/// A centred `<text>` in a colour; `content` is escaped.
fn text_coloured(out: &mut String, x: f64, y: f64, size: f64, content: &str, colour: &str) {
    let _ = write!(
        out,
        r#"<text x="{x:.1}" y="{y:.1}" font-size="{size}" text-anchor="middle" fill="{colour}">{}</text>"#,
        escape(content)
    );
}

/// Escapes the characters XML gives a meaning to, and drops those it forbids.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::{Category, Series, Value};

    fn value(v: f64) -> Option<Value> {
        Some(Value {
            value: v,
            text: format::decimal(v, 0),
        })
    }

    pub(crate) fn sample() -> Chart {
        Chart {
            number: 1,
            title: "Hồ sơ tiếp nhận theo kênh và cấp".into(),
            kind: ChartKind::Bars,
            unit: "hồ sơ".into(),
            decimals: 0,
            categories: vec![
                Category {
                    label: "Cấp tỉnh".into(),
                    note: Some("trực tuyến 71,88%".into()),
                },
                Category {
                    label: "Cấp xã <&>".into(),
                    note: None,
                },
            ],
            series: vec![
                Series {
                    name: "Trực tiếp".into(),
                    values: vec![value(11380.0), value(7081.0)],
                },
                Series {
                    name: "Qua mạng".into(),
                    values: vec![value(29465.0), None],
                },
            ],
        }
    }

    #[test]
    fn ticks_are_round() {
        assert_eq!(ticks(29465.0, 0), (5000.0, 6, 0));
        assert_eq!(ticks(8080.0, 0), (2000.0, 5, 0));
        assert_eq!(ticks(597428.0, 0), (100000.0, 6, 0));
        assert_eq!(ticks(116.1, 1), (20.0, 6, 1));
        assert_eq!(ticks(0.0, 0), (0.2, 5, 1));
        assert_eq!(ticks(1.1, 0), (0.2, 6, 1));
        assert_eq!(ticks(2.7, 0), (0.5, 6, 1));
    }

    #[test]
    fn labels_are_vietnamese_and_escaped() {
        let svg = svg(&sample());
        assert!(svg.starts_with("<svg "), "{svg}");
        for text in [
            ">11.380<",
            ">29.465<",
            ">7.081<",
            ">Đơn vị tính: hồ sơ<",
            ">trực tuyến 71,88%<",
            ">Cấp xã &lt;&amp;&gt;<",
            ">30.000<",
            ">Trực tiếp<",
        ] {
            assert!(svg.contains(text), "`{text}` in {svg}");
        }
        // Three bars and two legend swatches.
        assert_eq!(svg.matches("<rect ").count(), 5);
    }

    #[test]
    fn one_series_has_no_legend() {
        let mut chart = sample();
        chart.series.truncate(1);
        assert!(!svg(&chart).contains(">Trực tiếp<"));
    }

    #[test]
    fn long_labels_wrap() {
        let lines = wrap(
            "Dịch vụ hành chính, công ích sự nghiệp",
            80.0,
            LABEL_SIZE,
            false,
        );
        assert!(lines.len() >= 3, "{lines:?}");
    }

    /// The twelve months from May 2022 to April 2023, as the dashboard labels them.
    pub(crate) fn months() -> Vec<Category> {
        (0..12)
            .map(|i| {
                let (year, month) = if i < 8 { (2022, i + 5) } else { (2023, i - 7) };
                Category {
                    label: format!("T{month}/{year}"),
                    note: None,
                }
            })
            .collect()
    }

    fn rate(v: f64) -> Option<Value> {
        Some(Value {
            value: v,
            text: format::decimal(v, 2),
        })
    }

    /// The online dossier rate (%) over twelve months, with no figure for October 2022.
    pub(crate) fn online_rate() -> Chart {
        let values = [
            61.05, 62.4, 63.18, 64.02, 64.9, -1.0, 66.31, 67.2, 65.87, 68.44, 69.9, 70.96,
        ];
        Chart {
            number: 1,
            title: "Tỷ lệ hồ sơ tiếp nhận trực tuyến".into(),
            kind: ChartKind::Line,
            unit: "%".into(),
            // Whole numbers on the axis; the values are printed with their two decimals.
            decimals: 0,
            categories: months(),
            series: vec![Series {
                name: "Tỷ lệ trực tuyến".into(),
                values: values
                    .iter()
                    .map(|v| if *v < 0.0 { None } else { rate(*v) })
                    .collect(),
            }],
        }
    }

    /// Security alerts by severity over twelve months: four lines, the last month of one
    /// missing.
    pub(crate) fn alerts() -> Chart {
        let series = [
            (
                "Thấp",
                [
                    7210.0, 7302.0, 7555.0, 7011.0, 7420.0, 7630.0, 7702.0, 7815.0, 7690.0, 7904.0,
                    8012.0, 8080.0,
                ],
            ),
            (
                "Trung bình",
                [
                    6120.0, 6250.0, 6190.0, 6402.0, 6533.0, 6610.0, 6720.0, 6801.0, 6950.0, 7002.0,
                    7088.0, 7119.0,
                ],
            ),
            (
                "Cao",
                [
                    402.0, 388.0, 415.0, 397.0, 420.0, 399.0, 381.0, 376.0, 392.0, 401.0, 395.0,
                    389.0,
                ],
            ),
            (
                "Nghiêm trọng",
                [
                    250.0, 244.0, 261.0, 238.0, 242.0, 239.0, 245.0, 231.0, 240.0, 236.0, 233.0,
                    -1.0,
                ],
            ),
        ];
        Chart {
            number: 2,
            title: "Cảnh báo an toàn thông tin theo mức độ".into(),
            kind: ChartKind::Line,
            unit: "cảnh báo".into(),
            decimals: 0,
            categories: months(),
            series: series
                .iter()
                .map(|(name, values)| Series {
                    name: (*name).into(),
                    values: values
                        .iter()
                        .map(|v| if *v < 0.0 { None } else { value(*v) })
                        .collect(),
                })
                .collect(),
        }
    }

    /// Dossiers by channel over twelve months, stacked; no figures for June 2022.
    pub(crate) fn dossiers() -> Chart {
        let channels = [
            (
                "Trực tiếp",
                [
                    5210.0, -1.0, 5480.0, 5102.0, 4980.0, 5033.0, 4870.0, 4795.0, 4012.0, 4420.0,
                    4510.0, 4630.0,
                ],
            ),
            (
                "Qua mạng",
                [
                    7020.0, -1.0, 7730.0, 8010.0, 8302.0, 8544.0, 8801.0, 9120.0, 8050.0, 10230.0,
                    11020.0, 11655.0,
                ],
            ),
            (
                "Qua BCCI",
                [
                    60.0, -1.0, 48.0, 52.0, 70.0, 41.0, 66.0, 58.0, 30.0, 45.0, 52.0, 50.0,
                ],
            ),
        ];
        Chart {
            number: 3,
            title: "Hồ sơ tiếp nhận theo kênh".into(),
            kind: ChartKind::StackedBars,
            unit: "hồ sơ".into(),
            decimals: 0,
            categories: months(),
            series: channels
                .iter()
                .map(|(name, values)| Series {
                    name: (*name).into(),
                    values: values
                        .iter()
                        .map(|v| if *v < 0.0 { None } else { value(*v) })
                        .collect(),
                })
                .collect(),
        }
    }

    /// The `<text>` contents of an SVG, unescaped only for `&amp;`.
    fn texts(svg: &str) -> Vec<String> {
        svg.split("<text ")
            .skip(1)
            .filter_map(|t| t.split_once('>'))
            .filter_map(|(_, rest)| rest.split("</text>").next())
            .map(|t| t.replace("&amp;", "&"))
            .collect()
    }

    #[test]
    fn a_line_breaks_where_a_month_has_no_figure() {
        let svg = svg(&online_rate());
        let paths: Vec<&str> = svg.split("<path d=\"").skip(1).collect();
        let line = paths[0].split('"').next().expect("a path");
        assert_eq!(line.matches('M').count(), 2, "two pieces: {line}");
        assert_eq!(line.matches('L').count(), 9, "4 and 5 segments: {line}");
        // Eleven markers, each with its hover title.
        assert_eq!(svg.matches("<circle ").count(), 11);
        assert!(svg.contains("<title>Tỷ lệ trực tuyến, T4/2023: 70,96</title>"));
        assert!(!svg.contains("T10/2022: "), "no marker for October");
        let texts = texts(&svg);
        // Every value labelled, every month printed, one series: no legend.
        for label in [
            "61,05", "70,96", "65,87", "T5/2022", "T12/2022", "T1/2023", "T4/2023",
        ] {
            assert!(texts.iter().any(|t| t == label), "`{label}` in {texts:?}");
        }
        assert!(!texts.iter().any(|t| t == "Tỷ lệ trực tuyến"));
    }

    #[test]
    fn a_line_of_rates_starts_above_zero() {
        let axis = Axis::of(&online_rate());
        // 61,05 … 70,96: a range of 9,91 in steps of 2, from 60 to 72.
        assert_eq!((axis.start, axis.step, axis.count), (60.0, 2.0, 6));
        let texts = texts(&svg(&online_rate()));
        assert!(texts.iter().any(|t| t == "60"), "{texts:?}");
        assert!(texts.iter().any(|t| t == "72"), "{texts:?}");
        assert!(!texts.iter().any(|t| t == "0"), "{texts:?}");
        // Postal volume of March and April 2023 (330.277, 346.791): from 325.000, not on the
        // axis.
        let mut postal = online_rate();
        postal.series[0].values = vec![None; 10];
        postal.series[0]
            .values
            .extend([value(330277.0), value(346791.0)]);
        let axis = Axis::of(&postal);
        assert_eq!((axis.start, axis.step, axis.count), (325000.0, 5000.0, 5));
        // Counts spread from 231 to 8.080 start at zero.
        let axis = Axis::of(&alerts());
        assert_eq!((axis.start, axis.step, axis.count), (0.0, 2000.0, 5));
        // A negative value puts the axis below zero.
        let mut change = online_rate();
        change.series[0].values[0] = rate(-3.5);
        let axis = Axis::of(&change);
        assert!(axis.start <= -3.5 && axis.start + axis.step * axis.count as f64 >= 70.96);
    }

    #[test]
    fn several_lines_have_a_legend_and_their_last_values() {
        let svg = svg(&alerts());
        let texts = texts(&svg);
        for label in [
            "Thấp",
            "Trung bình",
            "Cao",
            "Nghiêm trọng",
            "8.080",
            "7.119",
            "389",
            "233",
        ] {
            assert!(texts.iter().any(|t| t == label), "`{label}` in {texts:?}");
        }
        // Only the last value of each line is printed.
        assert!(!texts.iter().any(|t| t == "7.210"), "{texts:?}");
        // Four shapes: circles, squares, triangles, diamonds (12 + 12 + 12 + 11 markers and
        // one in each legend entry).
        assert_eq!(svg.matches("<circle ").count(), 13);
        assert_eq!(svg.matches("<rect ").count(), 13);
        assert_eq!(svg.matches("<path d=\"M").count(), 4 + 12 + 11 + 2);
        // The last labels do not overlap: "Cao" 389 and "Nghiêm trọng" 233 (in November) are
        // at least a line apart.
        let y_of = |label: &str| -> f64 {
            let at = svg.find(&format!(">{label}</text>")).expect("label");
            let start = svg[..at].rfind("<text ").expect("text");
            let y = svg[start..at].split("y=\"").nth(1).expect("y");
            y.split('"').next().expect("y").parse().expect("number")
        };
        assert!((y_of("389") - y_of("233")).abs() >= SMALL_SIZE, "apart");
        // The month labels fit: set smaller or thinned, the last always printed.
        assert!(texts.iter().any(|t| t == "T4/2023"));
    }

    #[test]
    fn stacked_bars_stack_the_channels_of_each_month() {
        let chart = dossiers();
        let svg = svg(&chart);
        // 11 months × 3 channels, and 3 legend swatches.
        assert_eq!(svg.matches("<rect ").count(), 33 + 3);
        assert!(svg.contains("<title>Qua mạng, T4/2023: 11.655</title>"));
        assert!(!svg.contains("T6/2022: "), "nothing in June 2022");
        // The axis reaches the tallest stack: 4.630 + 11.655 + 50 = 16.335 → 20.000.
        let axis = Axis::of(&chart);
        assert_eq!((axis.start, axis.step, axis.count), (0.0, 5000.0, 4));
        // Each segment sits on the one under it: in April 2023 the online segment's bottom is
        // the walk-in segment's top.
        let rects: Vec<(f64, f64)> = svg
            .split("<rect ")
            .skip(1)
            .filter(|r| r.contains("T4/2023"))
            .map(|r| {
                let number = |name: &str| -> f64 {
                    r.split(&format!("{name}=\""))
                        .nth(1)
                        .expect(name)
                        .split('"')
                        .next()
                        .expect(name)
                        .parse()
                        .expect("number")
                };
                (number("y"), number("height"))
            })
            .collect();
        assert_eq!(rects.len(), 3);
        assert!(
            (rects[1].0 + rects[1].1 - rects[0].0).abs() < 0.11,
            "{rects:?}"
        );
        // The large parts are labelled inside, in white on dark blue.
        assert!(
            svg.contains("fill=\"#ffffff\">4.630</text>"),
            "walk-in labelled"
        );
        assert!(
            !texts(&svg).iter().any(|t| t == "50"),
            "BCCI too thin to label"
        );
    }

    #[test]
    fn month_labels_shrink_then_thin_out() {
        let mut chart = online_rate();
        let labels = CategoryLabels::layout(&chart, 44.0);
        assert!(labels.size < LABEL_SIZE && labels.size >= MIN_LABEL_SIZE);
        assert_eq!(labels.every, 1, "twelve months fit");
        chart.categories.extend(months());
        chart.categories.extend(months());
        let labels = CategoryLabels::layout(&chart, 15.0);
        assert_eq!(labels.size, MIN_LABEL_SIZE);
        assert!(labels.every >= 2, "36 months: every {}th", labels.every);
        let svg = svg(&chart);
        let texts = texts(&svg);
        let printed = texts.iter().filter(|t| t.starts_with('T')).count();
        assert!((12..36).contains(&printed), "{printed} labels");
    }

    #[test]
    fn hover_titles_are_escaped() {
        let mut chart = dossiers();
        chart.series[0].name = "<script>x</script> & co".into();
        let svg = svg(&chart);
        assert!(!svg.contains("<script>"));
        assert!(
            svg.contains("<title>&lt;script&gt;x&lt;/script&gt; &amp; co, T5/2022: 5.210</title>")
        );
    }
}
