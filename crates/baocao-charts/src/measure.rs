//! Text widths in the report's typeface, to lay out labels and the legend before the SVG is
//! drawn: advance widths from Liberation Serif's own tables (`hmtx`), which are Times New
//! Roman's.

use std::sync::LazyLock;

/// Regular and bold faces, parsed once.
static FACES: LazyLock<[Option<ttf_parser::Face<'static>>; 2]> = LazyLock::new(|| {
    [
        ttf_parser::Face::parse(baocao_fonts::REGULAR, 0).ok(),
        ttf_parser::Face::parse(baocao_fonts::BOLD, 0).ok(),
    ]
});

/// Width of `text` set at `size` (in the SVG's user units), regular or bold. A character the
/// font lacks counts half an em.
pub(crate) fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    let Some(face) = &FACES[usize::from(bold)] else {
        return text.chars().count() as f64 * size * 0.5;
    };
    let per_unit = size / f64::from(face.units_per_em());
    text.chars()
        .map(|c| {
            face.glyph_index(c)
                .and_then(|g| face.glyph_hor_advance(g))
                .map_or(size * 0.5, |advance| f64::from(advance) * per_unit)
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_are_times_metrics() {
        // Times New Roman: "0" is half an em, a space a quarter.
        assert!((text_width("0", 10.0, false) - 5.0).abs() < 0.01);
        assert!((text_width(" ", 10.0, false) - 2.5).abs() < 0.01);
        assert!(text_width("Cấp huyện", 13.0, true) > text_width("Cấp huyện", 13.0, false));
        // Vietnamese letters with stacked marks are in the font.
        assert!((text_width("Ặ", 10.0, false) - text_width("A", 10.0, false)).abs() < 0.01);
    }
}
