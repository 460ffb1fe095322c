//! The built front ends, served by the same binary: the H5 storefront at `/h5/` (and `/` redirects
//! there) and the admin console at `/admin/`. Release builds embed the files. With a web directory
//! (`FENXIAO_WEB_DIR`, and always in debug builds: the repository's `web/`) they are read from disk
//! at run time instead, so a front-end rebuild shows up without recompiling. Hashed assets are cached
//! for a year; `index.html` is revalidated every time so a deploy takes effect at once.

use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use std::path::{Component, PathBuf};

#[derive(rust_embed::Embed)]
#[folder = "../../web/storefront/dist/build/h5"]
#[allow_missing = true]
struct Storefront;

#[derive(rust_embed::Embed)]
#[folder = "../../web/admin/dist"]
#[allow_missing = true]
struct Admin;

/// Where the built front ends are read from at run time, if not embedded.
pub fn default_web_dir(configured: Option<&str>) -> Option<PathBuf> {
    match configured {
        Some(d) if !d.is_empty() => Some(PathBuf::from(d)),
        _ if cfg!(debug_assertions) => Some(PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../web"))),
        _ => None,
    }
}

/// Reads `rel` under `root`, refusing anything that could leave it (`..`, absolute paths).
fn read_disk(root: &std::path::Path, rel: &str) -> Option<Vec<u8>> {
    let p = std::path::Path::new(rel);
    if p.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    std::fs::read(root.join(p)).ok()
}

fn serve<E: rust_embed::Embed>(disk: Option<PathBuf>, path: &str) -> Response {
    let path = path.trim_start_matches('/');
    let path = if path.is_empty() { "index.html" } else { path };
    let found = match &disk {
        Some(root) => read_disk(root, path),
        None => E::get(path).map(|f| f.data.into_owned()),
    };
    let index_exists = || match &disk {
        Some(root) => root.join("index.html").exists(),
        None => E::get("index.html").is_some(),
    };
    match found {
        Some(bytes) => {
            let mime = mime_guess::from_path(path).first_or_octet_stream().to_string();
            let cache = if path == "index.html" {
                "no-cache"
            } else if path.starts_with("assets/") {
                "public, max-age=31536000, immutable"
            } else {
                "public, max-age=3600"
            };
            ([(header::CONTENT_TYPE, mime), (header::CACHE_CONTROL, cache.to_string())], bytes).into_response()
        }
        None if !index_exists() => (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "This front end is not built. Run web/build.sh (make demo does it), then restart.\n",
        )
            .into_response(),
        None => crate::error::ApiError::not_found().into_response(),
    }
}

pub async fn root() -> Redirect {
    Redirect::temporary("/h5/")
}

fn h5_dir(s: &AppState) -> Option<PathBuf> {
    s.web_dir.as_ref().map(|d| d.join("storefront/dist/build/h5"))
}

fn admin_dir(s: &AppState) -> Option<PathBuf> {
    s.web_dir.as_ref().map(|d| d.join("admin/dist"))
}

pub async fn h5_index(State(s): State<AppState>) -> Response {
    serve::<Storefront>(h5_dir(&s), "")
}

pub async fn h5(State(s): State<AppState>, Path(path): Path<String>) -> Response {
    serve::<Storefront>(h5_dir(&s), &path)
}

pub async fn admin_index(State(s): State<AppState>) -> Response {
    serve::<Admin>(admin_dir(&s), "")
}

pub async fn admin(State(s): State<AppState>, Path(path): Path<String>) -> Response {
    serve::<Admin>(admin_dir(&s), &path)
}

pub async fn h5_redirect() -> Redirect {
    Redirect::permanent("/h5/")
}

pub async fn admin_redirect() -> Redirect {
    Redirect::permanent("/admin/")
}
