//! How long the month's PDF takes: laying out the April 2023 report of the example with Typst
//! (template, JSON, fonts, four SVG charts, the annex) and exporting the pages as PDF. The
//! report itself is built once beforehand (see `baocao-app`'s `month` benchmark).

use baocao_core::period::Period;
use baocao_report::ReportTemplate;
use criterion::{Criterion, criterion_group, criterion_main};

fn pdf(c: &mut Criterion) {
    let bundle =
        baocao_files::load_bundle_files(baocao_app::example::files()).expect("example loads");
    let period = Period::parse(baocao_app::example::PERIOD).expect("period");
    let data = baocao_app::period_from_bundle(&bundle, period, None).expect("period data");
    let template =
        ReportTemplate::from_toml("report.toml", &bundle.template_source.text).expect("template");
    let doc = baocao_app::build_report_with(&template, &data)
        .expect("report")
        .document;
    let pages = baocao_pdf::layout(&doc).expect("laid out");

    let mut group = c.benchmark_group("pdf 2023-04");
    group.sample_size(30);
    // Typst memoises across compilations: "cold" empties its caches first, as a fresh
    // `baocao report --format pdf` process starts; "warm" is a server writing again.
    group.bench_function("layout (cold)", |b| {
        b.iter(|| {
            typst::comemo::evict(0);
            baocao_pdf::layout(std::hint::black_box(&doc))
        })
    });
    group.bench_function("layout (warm)", |b| {
        b.iter(|| baocao_pdf::layout(std::hint::black_box(&doc)))
    });
    group.bench_function("export", |b| {
        b.iter(|| baocao_pdf::export(std::hint::black_box(&pages)))
    });
    group.bench_function("layout + export (cold)", |b| {
        b.iter(|| {
            typst::comemo::evict(0);
            baocao_pdf::write_pdf(std::hint::black_box(&doc))
        })
    });
    group.finish();
}

criterion_group!(benches, pdf);
criterion_main!(benches);
