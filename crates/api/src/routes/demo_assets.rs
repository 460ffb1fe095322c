//! Demo product and category pictures, drawn as SVG so the demo shop needs no image files and no
//! internet. Only names of the form `p12.svg`, `p12b.svg`, `c3.svg` exist.

use crate::error::ApiError;
use crate::extract::Path;
use axum::http::header;
use axum::response::IntoResponse;

const PALETTE: &[(&str, &str)] = &[
    ("#F97316", "#FFEDD5"),
    ("#0EA5E9", "#E0F2FE"),
    ("#10B981", "#D1FAE5"),
    ("#8B5CF6", "#EDE9FE"),
    ("#EF4444", "#FEE2E2"),
    ("#F59E0B", "#FEF3C7"),
    ("#14B8A6", "#CCFBF1"),
    ("#EC4899", "#FCE7F3"),
    ("#6366F1", "#E0E7FF"),
    ("#84CC16", "#ECFCCB"),
];

pub async fn image(Path(file): Path<String>) -> Result<impl IntoResponse, ApiError> {
    let stem = file.strip_suffix(".svg").ok_or_else(ApiError::not_found)?;
    let (kind, rest) = stem.split_at(1.min(stem.len()));
    let (digits, alt) = match rest.strip_suffix('b') {
        Some(d) => (d, true),
        None => (rest, false),
    };
    let n: usize = digits.parse().map_err(|_| ApiError::not_found())?;
    if !(kind == "p" || kind == "c") || n > 999 || digits.len() > 3 {
        return Err(ApiError::not_found());
    }
    let (fg, bg) = PALETTE[(n + usize::from(alt) * 3) % PALETTE.len()];
    let label = if kind == "p" { format!("商品 {n}") } else { format!("分类 {n}") };
    let svg = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="600" height="600" viewBox="0 0 600 600"><rect width="600" height="600" fill="{bg}"/><circle cx="300" cy="260" r="150" fill="{fg}" opacity="0.85"/><rect x="180" y="440" width="240" height="24" rx="12" fill="{fg}" opacity="0.5"/><text x="300" y="280" font-size="64" text-anchor="middle" fill="#fff" font-family="sans-serif">{label}</text></svg>"##
    );
    Ok(([(header::CONTENT_TYPE, "image/svg+xml"), (header::CACHE_CONTROL, "public, max-age=86400")], svg))
}
