//! The built front ends, served by the same binary: the H5 storefront at `/h5/` (and `/` redirects
//! there) and the admin console at `/admin/`. Release builds embed the files; debug builds read them
//! from `web/…/dist` at run time, so a front-end rebuild shows up without recompiling. Hashed assets
//! are cached for a year; `index.html` is revalidated every time so a deploy takes effect at once.

use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

#[derive(rust_embed::Embed)]
#[folder = "../../web/storefront/dist/build/h5"]
#[allow_missing = true]
struct Storefront;

#[derive(rust_embed::Embed)]
#[folder = "../../web/admin/dist"]
#[allow_missing = true]
struct Admin;

fn serve<E: rust_embed::Embed>(path: &str) -> Response {
    let path = path.trim_start_matches('/');
    let path = if path.is_empty() { "index.html" } else { path };
    match E::get(path) {
        Some(f) => {
            let mime = f.metadata.mimetype().to_string();
            let cache = if path == "index.html" {
                "no-cache"
            } else if path.starts_with("assets/") {
                "public, max-age=31536000, immutable"
            } else {
                "public, max-age=3600"
            };
            ([(header::CONTENT_TYPE, mime), (header::CACHE_CONTROL, cache.to_string())], f.data.into_owned()).into_response()
        }
        None if E::get("index.html").is_none() => (
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

pub async fn h5_index() -> Response {
    serve::<Storefront>("")
}

pub async fn h5(Path(path): Path<String>) -> Response {
    serve::<Storefront>(&path)
}

pub async fn admin_index() -> Response {
    serve::<Admin>("")
}

pub async fn admin(Path(path): Path<String>) -> Response {
    serve::<Admin>(&path)
}

pub async fn h5_redirect() -> Redirect {
    Redirect::permanent("/h5/")
}

pub async fn admin_redirect() -> Redirect {
    Redirect::permanent("/admin/")
}
