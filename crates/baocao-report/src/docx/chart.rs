//! A chart in the DOCX: its caption, centred in bold, kept with the picture under it, a PNG
//! drawn by `baocao-charts` across the text width.

use docx_rs::{AlignmentType, Paragraph, Pic, Run};

use super::DocxError;
use super::layout::{Look, SINGLE_LINE_240THS, SIZE_13PT, TEXT_WIDTH_TWIPS, centred_line, spacing};
use crate::model::Chart;

/// English Metric Units per twip (914 400 per inch, 1 440 twips per inch).
const EMU_PER_TWIP: u32 = 635;
/// Space above a chart's caption (twips, 6 pt).
const CAPTION_GAP_TWIPS: u32 = 120;

/// The caption and the picture of a chart.
pub(super) fn chart_paragraphs(chart: &Chart) -> Result<Vec<Paragraph>, DocxError> {
    let png = baocao_charts::png(chart, baocao_charts::PNG_WIDTH_PX)?;
    let ratio = baocao_charts::HEIGHT / baocao_charts::WIDTH;
    let width_px = baocao_charts::PNG_WIDTH_PX;
    let height_px = (f64::from(width_px) * ratio).round() as u32;
    let width_emu = TEXT_WIDTH_TWIPS as u32 * EMU_PER_TWIP;
    let height_emu = (f64::from(width_emu) * ratio).round() as u32;
    let picture = Pic::new_with_dimensions(png, width_px, height_px)
        .size(width_emu, height_emu)
        .id(format!("rIdChart{}", chart.number));
    let caption =
        centred_line(&chart.caption(), Look::bold(SIZE_13PT), CAPTION_GAP_TWIPS).keep_next(true);
    let figure = Paragraph::new()
        .align(AlignmentType::Center)
        .line_spacing(spacing(0, SINGLE_LINE_240THS))
        .add_run(Run::new().add_image(picture));
    Ok(vec![caption, figure])
}
