//! A chart as PNG, for the DOCX: the SVG rasterised by resvg (the version Typst 0.15.1 uses,
//! so one copy is built), with the report's fonts loaded from memory, on white.

use std::sync::{Arc, LazyLock};

use resvg::tiny_skia::{Color, Pixmap, Transform};
use resvg::usvg::{self, fontdb};

use crate::{Chart, ChartError, HEIGHT, WIDTH, svg};

/// Width of the PNG in pixels: 16,5 cm at about 250 dpi, sharp in print.
pub const PNG_WIDTH_PX: u32 = 1600;

/// The report's four font styles, loaded once.
static FONTS: LazyLock<Arc<fontdb::Database>> = LazyLock::new(|| {
    let mut db = fontdb::Database::new();
    for font in baocao_fonts::ALL {
        db.load_font_data(font.to_vec());
    }
    db.set_serif_family(baocao_fonts::FAMILY);
    Arc::new(db)
});

/// The chart as a PNG `width` pixels wide (the height follows the drawing's proportions).
///
/// Errors: [`ChartError`] when the size is zero or huge, or encoding fails.
pub fn png(chart: &Chart, width: u32) -> Result<Vec<u8>, ChartError> {
    let options = usvg::Options {
        fontdb: Arc::clone(&FONTS),
        font_family: baocao_fonts::FAMILY.to_string(),
        languages: vec!["vi".to_string()],
        ..Default::default()
    };
    let tree =
        usvg::Tree::from_str(&svg(chart), &options).map_err(|e| ChartError::Svg(e.to_string()))?;
    let scale = f64::from(width) / WIDTH;
    let height = (HEIGHT * scale).round() as u32;
    let mut pixmap = Pixmap::new(width, height).ok_or(ChartError::Size(width, height))?;
    pixmap.fill(Color::WHITE);
    resvg::render(
        &tree,
        Transform::from_scale(scale as f32, scale as f32),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| ChartError::Png(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::svg::tests::sample;

    #[test]
    fn png_has_the_drawing_proportions_and_ink() {
        let bytes = png(&sample(), 600).expect("PNG");
        assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
        let pixmap = Pixmap::decode_png(&bytes).expect("decodes");
        assert_eq!((pixmap.width(), pixmap.height()), (600, 340));
        // Text was drawn: some dark pixels besides the bars' blue.
        let dark = pixmap
            .pixels()
            .iter()
            .filter(|p| p.red() < 80 && p.green() < 80 && p.blue() < 80)
            .count();
        assert!(dark > 500, "{dark} dark pixels");
    }

    /// The charts over twelve months render with their lines, bars and labels; with
    /// `BAOCAO_CHART_OUT=DIR` their PNGs and SVGs are written there to look at.
    #[test]
    fn series_charts_render() {
        use crate::svg::tests::{alerts, dossiers, online_rate};
        for (name, chart) in [
            ("online-rate", online_rate()),
            ("alerts", alerts()),
            ("dossiers", dossiers()),
        ] {
            let bytes = png(&chart, 1200).expect("PNG");
            let pixmap = Pixmap::decode_png(&bytes).expect("decodes");
            assert_eq!((pixmap.width(), pixmap.height()), (1200, 680));
            let coloured = pixmap
                .pixels()
                .iter()
                .filter(|p| p.blue() > p.red().saturating_add(60))
                .count();
            assert!(coloured > 2_000, "{name}: {coloured} blue pixels");
            if let Some(dir) = std::env::var_os("BAOCAO_CHART_OUT") {
                let dir = std::path::Path::new(&dir);
                std::fs::write(dir.join(format!("{name}.png")), &bytes).expect("write PNG");
                std::fs::write(dir.join(format!("{name}.svg")), crate::svg(&chart))
                    .expect("write SVG");
            }
        }
    }
}
