//! How long one month's report takes: validating April 2023 of the example, building the
//! report from template and narrative, and writing Markdown and DOCX. Everything in memory;
//! loading from SQLite is measured separately (`load_period`).

use baocao_app::{ReportFormat, example};
use baocao_core::period::Period;
use baocao_report::ReportTemplate;
use criterion::{Criterion, criterion_group, criterion_main};

fn month(c: &mut Criterion) {
    let bundle = baocao_files::load_bundle_files(example::files()).expect("example loads");
    let period = Period::parse(example::PERIOD).expect("period");
    let data = baocao_app::period_from_bundle(&bundle, period, None).expect("period data");
    let template =
        ReportTemplate::from_toml("report.toml", &bundle.template_source.text).expect("template");
    let built = baocao_app::build_report_with(&template, &data).expect("report");

    c.bench_function("validate 2023-04", |b| {
        b.iter(|| baocao_app::validate(std::hint::black_box(&data)))
    });
    c.bench_function("build report 2023-04", |b| {
        b.iter(|| baocao_app::build_report_with(&template, std::hint::black_box(&data)))
    });
    c.bench_function("write markdown 2023-04", |b| {
        b.iter(|| baocao_app::write_report(&built.document, ReportFormat::Markdown))
    });
    c.bench_function("write docx 2023-04", |b| {
        b.iter(|| baocao_app::write_report(&built.document, ReportFormat::Docx))
    });
    c.bench_function("validate + build + docx 2023-04", |b| {
        b.iter(|| {
            let report = baocao_app::validate(&data);
            let built = baocao_app::build_report_with(&template, &data).expect("report");
            let bytes = baocao_app::write_report(&built.document, ReportFormat::Docx);
            (report, bytes)
        })
    });
}

criterion_group!(benches, month);
criterion_main!(benches);
