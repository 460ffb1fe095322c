//! Outside providers behind traits: WeChat login (code2session) now; WeChat Pay and Alipay join
//! here. Each has a real HTTP client (base URL configurable, so tests and the sandbox point it at a
//! local server) and a sandbox for dev mode.

pub mod login;
pub mod wechatpay;

pub use login::{Code2SessionClient, LoginError, LoginProvider, SandboxLoginProvider, WxSession};

/// reqwest is built without a TLS crypto provider of its own (to avoid aws-lc's C build); install
/// ring once per process before any client is created. Safe to call repeatedly.
pub fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}
