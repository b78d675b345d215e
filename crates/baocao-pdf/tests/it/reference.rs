//! Layout regressions fail the build: page 1 of the April 2023 PDF, rendered in process by
//! typst-render, against a kept reference image (`tests/reference/`).
//!
//! The comparison allows what does not change a page's look (anti-aliasing, a rasteriser's
//! rounding) and catches what does: a block moved by a line, a lost rule, another font size.
//! After an intended change of the layout, write a new reference with
//! `BAOCAO_UPDATE_REFERENCE=1 cargo test -p baocao-pdf --test it reference`, look at it, and
//! commit it.

use std::path::PathBuf;

use resvg::tiny_skia::Pixmap;
use typst::utils::Scalar;

use crate::helpers::april_report;

/// Pixels per point of the rendering: 1,5 (108 dpi), enough to see a one-point shift.
const PIXELS_PER_PT: f64 = 1.5;
/// Largest mean absolute difference allowed, per channel, on 0–255.
const MAX_MEAN_DIFFERENCE: f64 = 1.0;
/// Largest share of pixels allowed to differ by more than a quarter of the range.
const MAX_CHANGED_SHARE: f64 = 0.002;

fn reference_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/reference/bao-cao-2023-04-pdf-trang-01.png")
}

fn render_first_page() -> Pixmap {
    let pages = baocao_pdf::layout(&april_report()).expect("laid out");
    let options = typst_render::RenderOptions {
        pixel_per_pt: Scalar::new(PIXELS_PER_PT),
        render_bleed: false,
    };
    typst_render::render(&pages.pages()[0], &options)
}

/// Mean absolute difference per channel, and the share of pixels that changed a lot.
fn difference(a: &Pixmap, b: &Pixmap) -> (f64, f64) {
    let mut total = 0u64;
    let mut changed = 0usize;
    for (p, q) in a.pixels().iter().zip(b.pixels()) {
        let channels = [
            p.red().abs_diff(q.red()),
            p.green().abs_diff(q.green()),
            p.blue().abs_diff(q.blue()),
            p.alpha().abs_diff(q.alpha()),
        ];
        total += channels.iter().map(|&c| u64::from(c)).sum::<u64>();
        if channels.iter().any(|&c| c > 64) {
            changed += 1;
        }
    }
    let pixels = a.pixels().len().max(1) as f64;
    (total as f64 / (pixels * 4.0), changed as f64 / pixels)
}

#[test]
fn first_page_matches_the_reference_image() {
    let rendered = render_first_page();
    let path = reference_path();
    if std::env::var_os("BAOCAO_UPDATE_REFERENCE").is_some() {
        rendered.save_png(&path).expect("write the reference");
        eprintln!("wrote {}", path.display());
        return;
    }
    let reference = Pixmap::load_png(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; see this file's docs to write it", path.display()));
    assert_eq!(
        (rendered.width(), rendered.height()),
        (reference.width(), reference.height()),
        "page size in pixels"
    );
    let (mean, changed) = difference(&rendered, &reference);
    if mean > MAX_MEAN_DIFFERENCE || changed > MAX_CHANGED_SHARE {
        let actual = std::env::temp_dir().join("bao-cao-2023-04-pdf-trang-01.actual.png");
        let _ = rendered.save_png(&actual);
        panic!(
            "page 1 differs from {}: mean difference {mean:.3} (at most {MAX_MEAN_DIFFERENCE}), \
             {:.3}% of pixels changed (at most {:.3}%); the rendering is in {}",
            path.display(),
            changed * 100.0,
            MAX_CHANGED_SHARE * 100.0,
            actual.display()
        );
    }
}

#[test]
fn the_comparison_catches_a_shift_of_two_points() {
    let rendered = render_first_page();
    let mut shifted = Pixmap::new(rendered.width(), rendered.height()).expect("pixmap");
    shifted.fill(resvg::tiny_skia::Color::WHITE);
    shifted.draw_pixmap(
        0,
        (2.0 * PIXELS_PER_PT) as i32,
        rendered.as_ref(),
        &resvg::tiny_skia::PixmapPaint::default(),
        resvg::tiny_skia::Transform::identity(),
        None,
    );
    let (mean, changed) = difference(&rendered, &shifted);
    assert!(
        mean > MAX_MEAN_DIFFERENCE || changed > MAX_CHANGED_SHARE,
        "a page moved down by 2 pt must fail: mean {mean:.3}, changed {changed:.4}"
    );
    assert_eq!(difference(&rendered, &rendered), (0.0, 0.0));
}
