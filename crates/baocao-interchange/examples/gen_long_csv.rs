//! Generates a large long-format CSV for the import benchmarks (scripts/bench-import.sh):
//! every cell of the example's catalogue, for the 24 months of 2023–2024, for as many
//! generated communes as needed, and the `[[org_unit]]` entries of those communes to append
//! to the example's `org_units.toml`.
//!
//! ```text
//! cargo run --release -p baocao-interchange --example gen_long_csv -- OUT.csv UNITS.toml values 1000000
//! cargo run --release -p baocao-interchange --example gen_long_csv -- OUT.csv UNITS.toml bytes 200000000
//! ```

use std::io::{BufWriter, Write};
use std::path::Path;

use baocao_core::catalog::ValueType;
use baocao_interchange::dhis2::cells;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, out, units_out, mode, amount] = args.as_slice() else {
        eprintln!("usage: gen_long_csv OUT.csv UNITS.toml values|bytes N");
        std::process::exit(2);
    };
    let amount: u64 = amount.parse()?;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/ninh-thuan");
    let bundle = baocao_files::load_bundle(&dir)?;
    let catalog = &bundle.catalog.catalog;
    let mut cell_list = Vec::new();
    for de in catalog.data_elements.values() {
        for coc in cells(catalog, de) {
            cell_list.push((
                de.code.clone(),
                coc.code(),
                de.value_type == ValueType::Integer,
            ));
        }
    }
    let months: Vec<String> = (2023..=2024)
        .flat_map(|y| (1..=12).map(move |m| format!("{y}-{m:02}")))
        .collect();
    let mut file = BufWriter::with_capacity(1 << 20, std::fs::File::create(out)?);
    file.write_all(b"data_element,coc,org_unit,period,value,comment\n")?;
    let (mut lines, mut bytes, mut unit) = (0u64, 0u64, 0u64);
    let done = |lines: u64, bytes: u64| match mode.as_str() {
        "values" => lines >= amount,
        _ => bytes >= amount,
    };
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    'all: loop {
        unit += 1;
        for month in &months {
            for (de, coc, integer) in &cell_list {
                if done(lines, bytes) {
                    break 'all;
                }
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let n = (seed % 250_000) as i64;
                let value = if *integer {
                    baocao_core::format::integer(n)
                } else {
                    format!("\"{}\"", baocao_core::format::decimal(n as f64 / 100.0, 2))
                };
                let coc = if coc == "default" { "" } else { coc.as_str() };
                let line = format!("{de},{coc},X{unit:06},{month},{value},\n");
                bytes += line.len() as u64;
                lines += 1;
                file.write_all(line.as_bytes())?;
            }
        }
    }
    file.flush()?;
    let mut units = BufWriter::new(std::fs::File::create(units_out)?);
    for u in 1..=unit {
        writeln!(
            units,
            "\n[[org_unit]]\ncode = \"X{u:06}\"\nname = \"Xã thử nghiệm {u}\"\nlevel = \"xa\"\nparent = \"58\"\nvalid_from = \"2020-01-01\""
        )?;
    }
    units.flush()?;
    eprintln!("{lines} values, {bytes} bytes, {unit} org units");
    Ok(())
}
