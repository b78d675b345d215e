//! A chart as SVG, written by hand: the unit of the value axis, the legend, grid lines with
//! Vietnamese tick labels, bars labelled with their values, category labels and notes.
//!
//! Sizes are in user units of a 600 × 340 view box. Placed across a report's text width
//! (16,5 cm), one unit is about 0,78 pt, so the 13-unit labels print at about 10 pt.

use std::fmt::Write;

use baocao_core::format;

use crate::measure::text_width;
use crate::{Chart, ChartKind};

/// Width of the view box.
pub const WIDTH: f64 = 600.0;
/// Height of the view box.
pub const HEIGHT: f64 = 340.0;

/// Labels of categories, ticks and the legend.
const LABEL_SIZE: f64 = 13.0;
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
/// Room above the tallest bar for its value.
const VALUE_ROOM: f64 = 18.0;
/// Line pitch of labels (1,15 × 13).
const LINE: f64 = 15.0;
/// Fill colours of the series, in order: dark and light blue, orange, grey, green, gold;
/// distinct in luminance too, so that a greyscale print tells them apart.
const COLOURS: [&str; 6] = [
    "#1f4e79", "#9dc3e6", "#ed7d31", "#7f7f7f", "#70ad47", "#ffc000",
];
/// The typeface (see `baocao-fonts`).
const FONT: &str = baocao_fonts::FAMILY;

/// The chart as an SVG document (UTF-8 text).
pub fn svg(chart: &Chart) -> String {
    match chart.kind {
        ChartKind::Bars => bars(chart),
    }
}

/// Vertical bars, grouped by category.
fn bars(chart: &Chart) -> String {
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

    // Bottom: category labels and notes, wrapped to the band.
    let band = (WIDTH - 2.0 * PAD - axis_label_width(chart)) / chart.categories.len().max(1) as f64;
    let label_lines: Vec<Vec<String>> = chart
        .categories
        .iter()
        .map(|c| wrap(&c.label, band - 6.0, LABEL_SIZE, false))
        .collect();
    let note_lines: Vec<Vec<String>> = chart
        .categories
        .iter()
        .map(|c| {
            c.note
                .as_deref()
                .map(|n| wrap(n, band - 6.0, SMALL_SIZE, false))
                .unwrap_or_default()
        })
        .collect();
    let label_rows = label_lines.iter().map(Vec::len).max().unwrap_or(0);
    let note_rows = note_lines.iter().map(Vec::len).max().unwrap_or(0);
    let bottom_room = 6.0 + (label_rows + note_rows) as f64 * LINE;
    let baseline = HEIGHT - PAD - bottom_room;

    // The value axis: ticks from 0 to a round number above the largest value.
    let (step, ticks, tick_decimals) = ticks(chart.max_value(), chart.decimals);
    let axis_top = top + VALUE_ROOM;
    let axis_max = step * ticks as f64;
    let scale = (baseline - axis_top) / axis_max;
    let left = PAD + axis_label_width(chart);
    let right = WIDTH - PAD;
    for i in 0..=ticks {
        let value = step * i as f64;
        let y = baseline - value * scale;
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
            &format::decimal(value, tick_decimals),
        );
    }

    // The bars of each category, side by side, each with its value above it.
    for (c, category_labels) in label_lines.iter().enumerate() {
        let centre = left + band * (c as f64 + 0.5);
        let present: Vec<(usize, &crate::Value)> = chart
            .series
            .iter()
            .enumerate()
            .filter_map(|(s, series)| series.values.get(c)?.as_ref().map(|v| (s, v)))
            .collect();
        if !present.is_empty() {
            let n = present.len() as f64;
            let group = (band * GROUP_SHARE).min(n * MAX_BAR);
            let slot = group / n;
            let gap = (slot * 0.08).min(3.0);
            let bar = slot - gap;
            for (k, (s, value)) in present.iter().enumerate() {
                let x = centre - group / 2.0 + slot * k as f64 + gap / 2.0;
                let height = (value.value.max(0.0) * scale).max(0.0);
                let y = baseline - height;
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
                    &mut out,
                    x + bar / 2.0,
                    y - 4.0,
                    size,
                    Anchor::Middle,
                    Style::Normal,
                    &value.text,
                );
            }
        }
        let mut y = baseline + 6.0 + LABEL_SIZE;
        for line in category_labels {
            text(
                &mut out,
                centre,
                y,
                LABEL_SIZE,
                Anchor::Middle,
                Style::Normal,
                line,
            );
            y += LINE;
        }
        let mut y = baseline + 6.0 + LABEL_SIZE + label_rows as f64 * LINE;
        for line in &note_lines[c] {
            text(
                &mut out,
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
    let _ = write!(
        out,
        r##"<line x1="{left:.1}" y1="{baseline:.1}" x2="{right:.1}" y2="{baseline:.1}" stroke="#404040" stroke-width="1"/>"##
    );
    out.push_str("</svg>");
    out
}

/// The legend from `top`: a swatch and the name of each series, in centred rows that wrap.
/// Returns the y below it.
fn legend(out: &mut String, chart: &Chart, top: f64) -> f64 {
    const SWATCH: f64 = 10.0;
    const ITEM_GAP: f64 = 18.0;
    let items: Vec<(usize, f64)> = chart
        .series
        .iter()
        .enumerate()
        .map(|(i, s)| (i, SWATCH + 5.0 + text_width(&s.name, LABEL_SIZE, false)))
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
            let _ = write!(
                out,
                r#"<rect x="{x:.1}" y="{:.1}" width="{SWATCH}" height="{SWATCH}" fill="{}"/>"#,
                y + 2.0,
                COLOURS[i % COLOURS.len()]
            );
            text(
                out,
                x + SWATCH + 5.0,
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

/// Width reserved left of the plot for the tick labels.
fn axis_label_width(chart: &Chart) -> f64 {
    let (step, ticks, decimals) = ticks(chart.max_value(), chart.decimals);
    let widest = format::decimal(step * ticks as f64, decimals);
    text_width(&widest, LABEL_SIZE, false) + 8.0
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
}
